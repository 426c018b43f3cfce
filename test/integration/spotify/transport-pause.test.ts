import Bottleneck from 'bottleneck';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SpotifyClient } from '../../../src/spotify/spotify-client.js';
import { SpotifyTransport } from '../../../src/spotify/spotify-transport.js';
import { TokenAuthStrategy } from '../../../src/spotify/token-auth-strategy.js';
import { FakeSpotify } from '../../fakes/spotify/index.js';
import { MemoryTokenStore } from '../../support/spotify/memory-token-store.js';

const USER = 'pause-user';
/** Timers may wake a millisecond early against Date.now(). */
const SLACK_MS = 5;

/**
 * One 429 pauses every request of the process until its Retry-After is over, including requests
 * already waiting in the limiter's queue and 5xx retries (real clock, the fake Spotify over HTTP).
 */
describe('SpotifyTransport: one pause for every request after a 429', () => {
  let fake: FakeSpotify;
  let playlistId: string;

  beforeAll(async () => {
    fake = await FakeSpotify.start({
      clientId: 'pause-client',
      clientSecret: 'pause-secret',
      redirectUris: ['http://127.0.0.1/callback'],
    });
    fake.addUser({ id: USER });
    ({
      playlistIds: [playlistId = ''],
    } = fake.seedLibrary(USER, { tracks: [], liked: [], playlists: [{ name: 'p', trackIds: [] }] }));
  });
  afterAll(async () => {
    await fake.stop();
  });

  /** A client on a limiter that sends one request at a time, recording when each 429 was seen. */
  const clientOnOneLane = () => {
    const seen: { at: number; waitMs: number }[] = [];
    const transport = new SpotifyTransport({
      apiUrl: fake.apiUrl,
      limiter: new Bottleneck({ maxConcurrent: 1 }),
      retryAfterOffsetMs: 0,
      backoffBaseMs: 2,
      backoffMaxMs: 10,
      events: { rateLimited: ({ retryAfterMs }) => seen.push({ at: Date.now(), waitMs: retryAfterMs }) },
    });
    const issued = fake.issueTokens(USER);
    const store = new MemoryTokenStore({
      accessToken: issued.accessToken,
      refreshToken: issued.refreshToken,
      expiresAt: new Date(Date.now() + 3_600_000),
    });
    const auth = new TokenAuthStrategy(store, {
      refresh: async () => {
        throw new Error('no refresh expected');
      },
    });
    return { client: new SpotifyClient({ transport, auth }), seen };
  };

  /** API requests that reached the fake while the pause of `limit` was running. */
  const sentDuringPause = (from: number, limit: { at: number; waitMs: number }) =>
    fake.requests.filter(
      (r) =>
        r.service === 'api' && r.at >= from && r.at > limit.at && r.at < limit.at + limit.waitMs - SLACK_MS,
    );

  it('requests queued in the limiter when a 429 arrives wait out its Retry-After', async () => {
    const { client, seen } = clientOnOneLane();
    const from = Date.now();
    fake.faults.add({ method: 'GET', path: '/me', status: 429, retryAfterSeconds: 1, times: 1 });
    const answers = await Promise.all(Array.from({ length: 6 }, () => client.me()));
    fake.faults.clear();
    expect(answers.every((me) => me.id === USER)).toBe(true);
    expect(seen).toHaveLength(1);
    expect(sentDuringPause(from, seen[0]!)).toEqual([]);
    expect(fake.requests.filter((r) => r.at >= from && r.service === 'api')).toHaveLength(7);
  });

  it('a 503 retry does not jump a pending 429 wait', async () => {
    const { client, seen } = clientOnOneLane();
    const from = Date.now();
    const unavailable = fake.faults.add({ method: 'GET', path: '/me', status: 503, times: 1 });
    // Answered while the 503's retry waits in the limiter's queue behind it.
    const limited = fake.faults.add({
      method: 'GET',
      path: '/playlists/{playlist_id}',
      status: 429,
      retryAfterSeconds: 1,
      delayMs: 200,
      times: 1,
    });
    const [me, playlist] = await Promise.all([client.me(), client.playlist(playlistId)]);
    fake.faults.clear();
    expect([unavailable.fired, limited.fired]).toEqual([1, 1]);
    expect(me.id).toBe(USER);
    expect(playlist.id).toBe(playlistId);
    expect(seen).toHaveLength(1);
    expect(sentDuringPause(from, seen[0]!)).toEqual([]);
  });
});
