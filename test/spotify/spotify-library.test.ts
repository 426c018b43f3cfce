import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIKED_SOURCE } from '../../src/db/repositories/library-entry.repository.js';
import { SpotifyNotLinkedError } from '../../src/services/spotify-errors.js';
import { SpotifyLibraryService } from '../../src/services/spotify-library.service.js';
import { likedOf, makeTracks } from './support/seed.js';
import { startSpotifyHarness, type SpotifyHarness } from './support/spotify-harness.js';

describe('SpotifyLibraryService: the library ports over the fake Spotify', () => {
  let h: SpotifyHarness;
  let library: SpotifyLibraryService;
  const tracks = makeTracks('ports', 30);
  let playlistIds: string[];

  beforeAll(async () => {
    h = await startSpotifyHarness();
    library = new SpotifyLibraryService({
      sessions: h.sessions,
      sync: h.sync,
      accounts: h.accounts,
      entries: h.entries,
      playlists: h.playlists,
    });
    h.fake.addUser({ id: 'pat', displayName: 'Pat' });
    h.fake.addUser({ id: 'other' });
    ({ playlistIds } = h.fake.seedLibrary('pat', {
      tracks,
      liked: likedOf(tracks.slice(0, 12)),
      playlists: [
        { name: 'Mine', trackIds: tracks.slice(5, 9).map((t) => t.id) },
        { name: 'Followed', ownerId: 'other', trackIds: [tracks[1]!.id] },
      ],
    }));
    await h.link('d-pat', 'pat');
  });
  afterAll(async () => {
    expect(h.fake.specViolations).toEqual([]);
    expect(h.fake.deprecatedCalls).toEqual([]);
    await h?.close();
  });

  it('describes the linked account, and nothing for others', async () => {
    expect(await library.accountOf('d-pat')).toMatchObject({
      displayName: 'pat',
      status: 'active',
      lastSyncAt: null,
    });
    expect(await library.accountOf('d-nobody')).toBeUndefined();
    await expect(library.ownedPlaylists('d-nobody')).rejects.toBeInstanceOf(SpotifyNotLinkedError);
  });

  it('lists owned playlists only, creates private ones, and reads their tracks in order', async () => {
    expect(await library.ownedPlaylists('d-pat')).toEqual([{ id: playlistIds[0], name: 'Mine' }]);
    const created = await library.createPrivatePlaylist('d-pat', 'Sublist A');
    expect(h.fake.playlist(created.id)).toMatchObject({ name: 'Sublist A', public: false, ownerId: 'pat' });
    expect((await library.ownedPlaylists('d-pat')).map((p) => p.name).sort()).toEqual(['Mine', 'Sublist A']);
    expect(await library.playlistTrackIds('d-pat', playlistIds[0]!)).toEqual(
      tracks.slice(5, 9).map((t) => t.id),
    );
    expect(await library.trackIds('d-pat', playlistIds[0]!)).toEqual(tracks.slice(5, 9).map((t) => t.id));
  });

  it('reads Liked Songs through a sync, and forgets everything on removal', async () => {
    expect(await library.trackIds('d-pat', LIKED_SOURCE)).toEqual(h.fake.likedTrackIds('pat'));
    expect((await library.accountOf('d-pat'))?.lastSyncAt).toBeInstanceOf(Date);
    await h.sync.syncPlaylists('d-pat');
    expect(await library.removeAccount('d-pat')).toBe(true);
    expect(await library.accountOf('d-pat')).toBeUndefined();
    const { dataSource } = h.database;
    expect(
      await dataSource.query(`select count(*)::int as n from library_entries where user_id = 'd-pat'`),
    ).toEqual([{ n: 0 }]);
    expect(
      await dataSource.query(`select count(*)::int as n from user_playlists where user_id = 'd-pat'`),
    ).toEqual([{ n: 0 }]);
    expect(await library.removeAccount('d-pat')).toBe(false);
  });
});
