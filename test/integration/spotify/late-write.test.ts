import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SpotifyPlaylistWriter } from '../../../src/spotify/playlist-writer.js';
import {
  FAST_TRANSPORT,
  startSpotifyHarness,
  type SpotifyHarness,
} from '../../support/spotify/spotify-harness.js';
import { makeTracks } from '../../support/spotify/seed.js';

const TIMEOUT_MS = 1_500;
/** When the hung add is carried out, after it reached the fake. */
const LATE_MS = TIMEOUT_MS + 2_000;

/**
 * An add whose request hung: the client gives up, reads the playlist back, finds the songs
 * missing and sends them again; then Spotify carries out the first request after all (issue 24
 * item 2). The playlist must end with every song once.
 */
describe('a hung add that Spotify carries out late', () => {
  let h: SpotifyHarness;
  beforeAll(async () => {
    h = await startSpotifyHarness({ transport: { ...FAST_TRANSPORT, timeoutMs: TIMEOUT_MS } });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('lands after the batch was sent again: the copy is found and taken out, every song stays once', async () => {
    const tracks = makeTracks('late', 30);
    h.fake.addUser({ id: 'late' });
    const [id] = h.fake.seedLibrary('late', {
      tracks,
      liked: [],
      playlists: [{ name: 'Sorted', trackIds: [] }],
    }).playlistIds as [string];
    await h.link('discord-late', 'late');
    // Carried out well after the client's read-back (at about TIMEOUT_MS + 250 ms) sent it again.
    const late = h.fake.faults.add({
      method: 'POST',
      path: '/playlists/{playlist_id}/items',
      status: 'hang',
      hangMs: LATE_MS,
      times: 1,
    });
    const writer = new SpotifyPlaylistWriter(h.sessions, { lateWriteWindowMs: 4_000 });
    const ids = tracks.map((t) => t.id);
    const snapshotId = await writer.addTracks('discord-late', id, ids);
    expect(late.fired).toBe(1);
    // What the playlist holds once the fake has carried the hung request out.
    const hung = h.fake.requests.find((r) => r.faultId === late.id);
    while (hung?.status === 0) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(hung?.status).toBe(201);
    const held = h.fake.playlist(id).trackIds;
    expect(held.length).toBe(new Set(held).size);
    expect([...held].sort()).toEqual([...ids].sort());
    expect(snapshotId).toBe(h.fake.playlist(id).snapshotId);
    expect(h.fake.specViolations).toEqual([]);
  }, 30_000);
});
