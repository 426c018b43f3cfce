import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LIKED_SONGS_ID } from '../../../src/core/layer-records.js';
import {
  SpotifyLinkExpiredError,
  SpotifyNotLinkedError,
  SpotifyQuotaError,
} from '../../../src/services/spotify-errors.js';
import { SpotifyPlaylistWriter } from '../../../src/spotify/playlist-writer.js';
import { startSpotifyHarness, type SpotifyHarness } from '../../support/spotify/spotify-harness.js';
import { likedOf, makeTracks } from '../../support/spotify/seed.js';

describe('Spotify client, sync and writes against the fake Spotify', () => {
  let h: SpotifyHarness;
  beforeAll(async () => {
    h = await startSpotifyHarness();
  });
  afterEach(() => {
    h.fake.faults.clear();
    expect(h.fake.specViolations).toEqual([]);
    expect(h.fake.deprecatedCalls).toEqual([]);
    expect(h.fake.unimplementedCalls).toEqual([]);
  });
  afterAll(async () => {
    await h?.close();
  });

  const newUser = async (name: string, tracks = makeTracks(name, 0), liked = likedOf(tracks)) => {
    h.fake.addUser({ id: name, displayName: name.toUpperCase(), accountId: `acct-${name}` });
    h.fake.seedLibrary(name, { tracks, liked });
    await h.link(`discord-${name}`, name);
    return `discord-${name}`;
  };

  it('pages through Liked Songs 50 at a time and stores them newest first with their metadata', async () => {
    const tracks = makeTracks('pager', 120);
    const user = await newUser('pager', tracks);
    h.fake.resetCounts();
    const result = await h.sync.syncLikedSongs(user);
    expect(result).toMatchObject({ mode: 'full', total: 120, removed: 0 });
    expect(result.addedTrackIds).toHaveLength(120);
    expect(h.fake.requestCounts()).toEqual({ 'GET /me/tracks': 3 });
    expect(await h.entries.trackIds(user, LIKED_SONGS_ID)).toEqual(h.fake.likedTrackIds('pager'));
    const [stored] = await h.tracks.byIds([tracks[7]!.id]);
    expect(stored).toMatchObject({
      id: tracks[7]!.id,
      name: 'pager song 7',
      artists: [{ name: 'pager artist 0' }],
      album: { name: 'pager album 2', releaseDate: tracks[7]!.album!.release_date },
      durationMs: 180_007,
      explicit: false,
      isrc: tracks[7]!.isrc,
    });
  });

  it('re-syncs with one request when nothing is new, picks up new likes, and catches removals by the total', async () => {
    const tracks = makeTracks('resync', 80);
    const user = await newUser('resync', tracks.slice(0, 75), likedOf(tracks.slice(0, 75)));
    await h.sync.syncLikedSongs(user);

    h.fake.resetCounts();
    expect(await h.sync.syncLikedSongs(user)).toMatchObject({
      mode: 'incremental',
      addedTrackIds: [],
      total: 75,
    });
    expect(h.fake.totalRequests()).toBe(1);

    h.fake.addTracks(tracks.slice(75));
    for (const [i, track] of tracks.slice(75, 78).entries())
      h.fake.likeTrack('resync', track.id, new Date(Date.parse('2025-01-01T00:00:00Z') + i * 1000));
    h.fake.resetCounts();
    const incremental = await h.sync.syncLikedSongs(user);
    expect(incremental.mode).toBe('incremental');
    expect(new Set(incremental.addedTrackIds)).toEqual(new Set(tracks.slice(75, 78).map((t) => t.id)));
    expect(h.fake.totalRequests()).toBe(1);

    h.fake.unlikeTrack('resync', tracks[10]!.id);
    const full = await h.sync.syncLikedSongs(user);
    expect(full).toMatchObject({ mode: 'full', removed: 1, total: 77 });
    expect(await h.entries.trackIds(user, LIKED_SONGS_ID)).toEqual(h.fake.likedTrackIds('resync'));
  });

  it('reads owned playlists, skips unchanged snapshots, and counts local files, episodes and unavailable items', async () => {
    const tracks = makeTracks('lists', 70);
    h.fake.addUser({ id: 'lists' });
    h.fake.addUser({ id: 'stranger' });
    const { playlistIds } = h.fake.seedLibrary('lists', {
      tracks,
      episodes: [{ id: 'ep000000000000000000001', name: 'An episode' }],
      playlists: [
        { name: 'Big', trackIds: tracks.slice(0, 60).map((t) => t.id) },
        {
          name: 'Mixed',
          items: [
            tracks[61]!.id,
            { episodeId: 'ep000000000000000000001' },
            { local: { name: 'demo.mp3' } },
            { unavailable: true },
            tracks[62]!.id,
          ],
        },
        { name: 'Theirs', ownerId: 'stranger', trackIds: [tracks[65]!.id] },
      ],
    });
    const user = `discord-lists`;
    await h.link(user, 'lists');

    const first = await h.sync.syncPlaylists(user);
    expect(first).toMatchObject({
      playlists: 3,
      read: 2,
      unchanged: 0,
      unreadable: 1,
      skipped: { local: 1, episode: 1, unavailable: 1 },
    });
    const [big, mixed] = playlistIds as [string, string, string];
    expect(await h.entries.trackIds(user, big)).toHaveLength(60);
    expect(new Set(await h.entries.trackIds(user, mixed))).toEqual(new Set([tracks[61]!.id, tracks[62]!.id]));

    h.fake.addToPlaylistByHand(mixed, [tracks[63]!.id]);
    h.fake.resetCounts();
    const second = await h.sync.syncPlaylists(user);
    expect(second).toMatchObject({ read: 1, unchanged: 1, unreadable: 1 });
    expect(h.fake.requestCounts()).toEqual({
      'GET /me/playlists': 1,
      'GET /playlists/{playlist_id}/items': 1,
    });
    expect(await h.entries.trackIds(user, mixed)).toContain(tracks[63]!.id);
  });

  const writerOf = (recoveries = 5) =>
    new SpotifyPlaylistWriter(h.sessions, { recoveries, sleep: async () => {} });

  it('adds 250 tracks in 3 requests, in order, and removes in batches of 100', async () => {
    const tracks = makeTracks('adder', 260);
    const user = await newUser('adder', tracks, []);
    const client = await h.sessions.spotifyFor(user);
    const created = await client.createPlaylist({ name: 'Sorted' });
    expect(h.fake.playlist(created.id)).toMatchObject({ name: 'Sorted', public: false, ownerId: 'adder' });

    h.fake.resetCounts();
    const ids = tracks.slice(0, 250).map((t) => t.id);
    const writer = writerOf();
    const snapshotId = await writer.addTracks(user, created.id, ids);
    expect(h.fake.requestCount('POST /playlists/{playlist_id}/items')).toBe(3);
    expect(h.fake.playlist(created.id).trackIds).toEqual(ids);
    expect(snapshotId).toBe(h.fake.playlist(created.id).snapshotId);
    expect(await writer.trackIds(user, created.id)).toEqual(ids);

    const removed = await writer.removeTracks(user, created.id, ids.slice(0, 120));
    expect(h.fake.requestCount('DELETE /playlists/{playlist_id}/items')).toBe(2);
    expect(h.fake.playlist(created.id).trackIds).toEqual(ids.slice(120));
    expect(removed).toBe(h.fake.playlist(created.id).snapshotId);
    expect(await writer.snapshotId(user, created.id)).toBe(removed);
  });

  it('does not duplicate an add that Spotify applied and then answered 500', async () => {
    const tracks = makeTracks('dup', 150);
    const user = await newUser('dup', tracks, []);
    const client = await h.sessions.spotifyFor(user);
    const { id } = await client.createPlaylist({ name: 'Retry' });
    const applied500 = h.fake.faults.add({
      method: 'POST',
      path: '/playlists/{playlist_id}/items',
      status: 500,
      applyBeforeFailing: true,
      times: 1,
    });
    const appliedReset = h.fake.faults.add({
      method: 'POST',
      path: '/playlists/{playlist_id}/items',
      status: 'reset',
      applyBeforeFailing: true,
      times: 1,
    });
    const ids = tracks.map((t) => t.id);
    const snapshotId = await writerOf().addTracks(user, id, ids);
    expect([applied500.fired, appliedReset.fired]).toEqual([1, 1]);
    expect(h.fake.playlist(id).trackIds).toEqual(ids);
    expect(snapshotId).toBe(h.fake.playlist(id).snapshotId);
  });

  it('finishes a sync through storms of 429 and 5xx with nothing lost', async () => {
    const tracks = makeTracks('storm', 600);
    const user = await newUser('storm', tracks);
    const readFaults = [
      h.fake.faults.add({ path: '/me/tracks', status: 429, retryAfterSeconds: 0, probability: 0.3 }),
      h.fake.faults.add({ path: '/me/tracks', status: 503, probability: 0.25 }),
      h.fake.faults.add({ path: '/me/tracks', status: 'reset', probability: 0.15 }),
    ];
    const result = await h.sync.syncLikedSongs(user);
    expect(readFaults.map((fault) => fault.fired > 0)).toEqual([true, true, true]);
    expect(result.total).toBe(600);
    expect(await h.entries.trackIds(user, LIKED_SONGS_ID)).toEqual(h.fake.likedTrackIds('storm'));

    const client = await h.sessions.spotifyFor(user);
    const { id } = await client.createPlaylist({ name: 'Stormy' });
    h.fake.faults.clear();
    const writeFaults = [
      h.fake.faults.add({
        path: /\/playlists\/[^/]+\/items/,
        status: 429,
        retryAfterSeconds: 0,
        probability: 0.3,
      }),
      h.fake.faults.add({
        path: /\/playlists\/[^/]+\/items/,
        status: 502,
        probability: 0.3,
        applyBeforeFailing: true,
      }),
    ];
    const ids = tracks.slice(0, 230).map((t) => t.id);
    await writerOf(20).addTracks(user, id, ids);
    expect(writeFaults.map((fault) => fault.fired > 0)).toEqual([true, true]);
    expect(h.fake.playlist(id).trackIds).toEqual(ids);
  });

  it('refreshes on 401 and keeps the rotated refresh token, encrypted', async () => {
    const user = await newUser('rotate', makeTracks('rotate', 3));
    const before = await h.accounts.byUserId(user);
    const oldRefresh = h.cipher.decrypt(before!.refreshTokenCiphertext);
    h.fake.expireAccessTokens('rotate');
    const client = await h.sessions.spotifyFor(user);
    await expect(client.me()).resolves.toMatchObject({ id: 'rotate', account_id: 'acct-rotate' });
    const after = await h.accounts.byUserId(user);
    const newRefresh = h.cipher.decrypt(after!.refreshTokenCiphertext);
    expect(newRefresh).not.toBe(oldRefresh);
    expect(after!.refreshTokenCiphertext).not.toContain(newRefresh);
    expect(h.fake.tokenRequests.at(-1)).toMatchObject({
      grantType: 'refresh_token',
      clientAuth: 'basic',
      status: 200,
    });

    // The rotated token works for the next refresh; the old one is gone.
    h.fake.expireAccessTokens('rotate');
    await expect((await h.sessions.spotifyFor(user)).me()).resolves.toMatchObject({ id: 'rotate' });
    await expect(h.oauth.refresh(oldRefresh)).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it('marks the link expired on invalid_grant and says so from then on', async () => {
    const user = await newUser('revoked', makeTracks('revoked', 3));
    h.fake.revokeGrants('revoked');
    const client = await h.sessions.spotifyFor(user);
    await expect(client.likedTracks(0)).rejects.toBeInstanceOf(SpotifyLinkExpiredError);
    expect((await h.accounts.byUserId(user))?.status).toBe('expired');
    h.fake.resetCounts();
    await expect(h.sessions.spotifyFor(user)).rejects.toBeInstanceOf(SpotifyLinkExpiredError);
    await expect(h.sync.syncLikedSongs(user)).rejects.toBeInstanceOf(SpotifyLinkExpiredError);
    expect(h.fake.totalRequests('all')).toBe(0);
  });

  it('refuses users without a link and turns QUOTA_EXCEEDED into a user error', async () => {
    await expect(h.sessions.spotifyFor('discord-nobody')).rejects.toBeInstanceOf(SpotifyNotLinkedError);
    const user = await newUser('quota', makeTracks('quota', 3));
    h.fake.faults.add({
      path: '/me/tracks',
      status: 429,
      reason: 'QUOTA_EXCEEDED',
      retryAfterSeconds: 600,
      times: 1,
    });
    const error = await h.sync.syncLikedSongs(user).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SpotifyQuotaError);
    expect((error as SpotifyQuotaError).until.getTime()).toBeGreaterThanOrEqual(Date.now() + 590_000);
    expect((error as SpotifyQuotaError).until.getTime()).toBeLessThanOrEqual(Date.now() + 600_000);
    // Stored for every process: lift it for the other tests of this file.
    await h.database.dataSource.query('delete from spotify_quota');
  });
});
