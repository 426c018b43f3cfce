import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SpotifyLibrary } from '../../../src/spotify/spotify-library.js';
import { libraryOver } from '../../support/spotify/library-over.js';
import { likedOf, makeTracks } from '../../support/spotify/seed.js';
import { startSpotifyHarness, type SpotifyHarness } from '../../support/spotify/spotify-harness.js';

describe('SpotifyLibrary: the library ports over the synced copy and the fake Spotify', () => {
  let h: SpotifyHarness;
  let library: SpotifyLibrary;
  const tracks = makeTracks('ports', 30);
  let playlistIds: string[];

  beforeAll(async () => {
    h = await startSpotifyHarness();
    library = libraryOver(h);
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
    await h.sync.syncLibrary('d-pat');
  });
  afterAll(async () => {
    expect(h.fake.specViolations).toEqual([]);
    expect(h.fake.deprecatedCalls).toEqual([]);
    await h?.close();
  });

  it('describes the linked account, and nothing for others', async () => {
    expect(await library.accountOf('d-pat')).toMatchObject({ displayName: 'pat', status: 'active' });
    expect(await library.accountOf('d-nobody')).toBeUndefined();
    expect(await library.ownedPlaylists('d-nobody')).toEqual([]);
  });

  it('lists owned playlists only, creates private ones at once, and reads their tracks in order', async () => {
    expect(await library.ownedPlaylists('d-pat')).toEqual([{ id: playlistIds[0], name: 'Mine' }]);
    // A /sublist add naming the followed one is told it is not theirs, not that it is missing.
    expect(await library.followedPlaylists('d-pat')).toEqual([{ id: playlistIds[1], name: 'Followed' }]);
    expect(await library.followedPlaylists('d-nobody')).toEqual([]);
    const created = await library.createPrivatePlaylist('d-pat', 'Sublist A');
    expect(h.fake.playlist(created.id)).toMatchObject({ name: 'Sublist A', public: false, ownerId: 'pat' });
    // Recorded in the synced copy: found before the next sync.
    expect((await library.ownedPlaylists('d-pat')).map((p) => p.name).sort()).toEqual(['Mine', 'Sublist A']);
    expect(await library.playlistContents('d-pat', playlistIds[0]!)).toEqual({
      trackIds: tracks.slice(5, 9).map((t) => t.id),
      unsortableItems: 0,
    });
    expect([...(await library.trackIds('d-pat', playlistIds[0]!))].sort()).toEqual(
      tracks
        .slice(5, 9)
        .map((t) => t.id)
        .sort(),
    );
  });

  it('a playlist created while a library read is under way stays known: the read listed the playlists before it existed', async () => {
    // /sublist add during the first library read (issue 21): the read's listing came first.
    let created: { id: string } | undefined;
    await h.sync.syncPlaylists('d-pat', {
      beforeStoring: async () => {
        created = await library.createPrivatePlaylist('d-pat', 'Made mid-read');
      },
    });
    expect(created).toBeDefined();
    expect((await library.ownedPlaylists('d-pat')).map((p) => p.id)).toContain(created?.id);
    // The next read lists it: still known, and a playlist gone from Spotify is still forgotten.
    h.fake.deletePlaylistByHand('pat', created?.id as string);
    await h.sync.syncPlaylists('d-pat');
    expect((await library.ownedPlaylists('d-pat')).map((p) => p.id)).not.toContain(created?.id);
  });

  it('reads Liked Songs from the synced copy, and forgets the whole library on removal', async () => {
    expect([...(await library.trackIds('d-pat', 'liked'))].sort()).toEqual(
      [...h.fake.likedTrackIds('pat')].sort(),
    );
    expect(await library.removeAccount('d-pat')).toBe(true);
    expect(await library.accountOf('d-pat')).toBeUndefined();
    const { dataSource } = h.database;
    for (const table of ['library_entries', 'user_playlists'])
      expect(
        await dataSource.query(`select count(*)::int as n from ${table} where user_id = 'd-pat'`),
      ).toEqual([{ n: 0 }]);
    expect(await library.removeAccount('d-pat')).toBe(false);
  });
});
