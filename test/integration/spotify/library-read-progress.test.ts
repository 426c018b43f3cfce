import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LibraryRead } from '../../../src/services/ports/library.ports.js';
import type { SpotifyLibrary } from '../../../src/spotify/spotify-library.js';
import { libraryOver } from '../../support/spotify/library-over.js';
import { likedOf, makeTracks } from '../../support/spotify/seed.js';
import { startSpotifyHarness, type SpotifyHarness } from '../../support/spotify/spotify-harness.js';

/**
 * The first read of a library, as commands see it (`accountOf(…).libraryRead`): how far it is
 * while the Liked Songs are read page by page, then done once the playlists are read too.
 */
describe('first library read: progress stored as it goes, done after the playlists', () => {
  let h: SpotifyHarness;
  let library: SpotifyLibrary;
  const tracks = makeTracks('progress', 120);
  const readOf = async (userId: string): Promise<LibraryRead | undefined> =>
    (await library.accountOf(userId))?.libraryRead;

  beforeAll(async () => {
    h = await startSpotifyHarness();
    library = libraryOver(h);
    for (const id of ['sam', 'other']) h.fake.addUser({ id, displayName: id });
    h.fake.seedLibrary('sam', {
      tracks,
      liked: likedOf(tracks),
      playlists: [{ name: 'Mine', trackIds: tracks.slice(0, 3).map((t) => t.id) }],
    });
    await h.link('d-sam', 'sam');
  });
  afterAll(async () => {
    expect(h.fake.specViolations).toEqual([]);
    await h?.close();
  });

  it('before the read: not done, nothing known; during it: songs read so far of the total; after: done', async () => {
    expect(await readOf('d-sam')).toEqual({ done: false, songsRead: null, songsTotal: null });
    // What a command asking at each page of the read would have been told (read back from the database).
    const seen: (LibraryRead | undefined)[] = [];
    const record = h.accounts.recordLibraryReadProgress.bind(h.accounts);
    h.accounts.recordLibraryReadProgress = async (userId, songs, total) => {
      await record(userId, songs, total);
      seen.push(await readOf(userId));
    };
    const recordRead = h.accounts.recordLibraryRead.bind(h.accounts);
    h.accounts.recordLibraryRead = async (userId, at) => {
      seen.push(await readOf(userId));
      await recordRead(userId, at);
    };
    await h.sync.syncLibrary('d-sam');
    expect(seen).toEqual([
      { done: false, songsRead: 50, songsTotal: 120 },
      { done: false, songsRead: 100, songsTotal: 120 },
      { done: false, songsRead: 120, songsTotal: 120 },
      // Liked Songs read, the playlists being read: still not done.
      { done: false, songsRead: 120, songsTotal: 120 },
    ]);
    expect(await readOf('d-sam')).toEqual({ done: true });

    // Later syncs record no progress, and the read stays done.
    seen.length = 0;
    await h.sync.syncLibrary('d-sam');
    expect(seen.filter((read) => !read?.done)).toEqual([]);
    expect(await readOf('d-sam')).toEqual({ done: true });
  });

  it('linking again keeps a read library; linking another Spotify account reads anew', async () => {
    await h.link('d-sam', 'sam');
    expect(await readOf('d-sam')).toEqual({ done: true });
    await h.link('d-sam', 'other');
    expect(await readOf('d-sam')).toEqual({ done: false, songsRead: null, songsTotal: null });
  });
});
