import Bottleneck from 'bottleneck';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  SpotifyApiError,
  SpotifyNetworkError,
  SpotifyQuotaExceededError,
  SpotifyRateLimitError,
} from '../../../src/spotify/errors.js';
import type { TokenGrant } from '../../../src/spotify/oauth-client.js';
import { SpotifyClient } from '../../../src/spotify/spotify-client.js';
import { SpotifyTransport, type SpotifyTransportInit } from '../../../src/spotify/spotify-transport.js';
import { TokenAuthStrategy } from '../../../src/spotify/token-auth-strategy.js';
import { freshTokens, MemoryTokenStore } from '../../support/spotify/memory-token-store.js';
import { ScriptedServer } from '../../support/spotify/scripted-server.js';

const page = (items: unknown[] = []) => ({
  href: '',
  items,
  limit: 50,
  next: null,
  offset: 0,
  previous: null,
  total: items.length,
});

describe('SpotifyTransport under the SDK client', () => {
  let server: ScriptedServer;
  let sleeps: number[];
  let refreshes: string[];
  let clock: number;

  beforeAll(async () => {
    server = await ScriptedServer.start();
  });
  afterAll(async () => {
    await server.stop();
  });
  beforeEach(() => {
    server.reset();
    sleeps = [];
    refreshes = [];
    clock = Date.now();
  });

  const clientWith = (
    options: Partial<SpotifyTransportInit> = {},
    store = new MemoryTokenStore(freshTokens()),
  ) => {
    const transport = new SpotifyTransport({
      apiUrl: `${server.url}/v1`,
      limiter: new Bottleneck({ maxConcurrent: 2 }),
      sleep: async (ms) => {
        sleeps.push(ms);
        clock += ms;
      },
      now: () => clock,
      random: () => 0.5,
      ...options,
    });
    const refresher = {
      refresh: async (refreshToken: string): Promise<TokenGrant> => {
        refreshes.push(refreshToken);
        return {
          accessToken: `access-${refreshes.length + 1}`,
          refreshToken: `refresh-${refreshes.length + 1}`,
          expiresAt: new Date(Date.now() + 3_600_000),
          scopes: '',
        };
      },
    };
    return {
      client: new SpotifyClient({ transport, auth: new TokenAuthStrategy(store, refresher) }),
      transport,
      store,
    };
  };

  it('sends requests to the configured base URL with the bearer token', async () => {
    server.reply({ status: 200, body: page() });
    const { client } = clientWith();
    await client.likedTracks(100);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]).toMatchObject({ method: 'GET', url: '/v1/me/tracks?limit=50&offset=100' });
    expect(server.requests[0]?.headers.authorization).toBe('Bearer access-1');
  });

  it('waits Retry-After on 429 and carries on, without spending a retry', async () => {
    const limited = {
      status: 429,
      headers: { 'retry-after': '2' },
      body: { error: { status: 429, message: 'Too many requests' } },
    };
    server.reply(limited, limited, { status: 500 }, { status: 200, body: page() });
    const { client } = clientWith({ retries: 1 });
    await expect(client.likedTracks(0)).resolves.toMatchObject({ total: 0 });
    expect(server.requests).toHaveLength(4);
    expect(sleeps.filter((ms) => ms >= 2_000)).toHaveLength(2);
  });

  it('throws SpotifyRateLimitError at once when asked to reject on rate limits', async () => {
    server.reply({ status: 429, headers: { 'retry-after': '7' } });
    const { client } = clientWith({ rejectOnRateLimit: true });
    const error = await client.likedTracks(0).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SpotifyRateLimitError);
    expect(error).toMatchObject({ status: 429, retryAfterMs: 7_050, endpoint: '/me/tracks' });
  });

  it('turns QUOTA_EXCEEDED into a quota error and blocks later calls without a request', async () => {
    server.reply({
      status: 429,
      headers: { 'retry-after': '3600' },
      body: { error: { status: 429, message: 'Too many requests', reason: 'QUOTA_EXCEEDED' } },
    });
    const { client, transport } = clientWith();
    const first = await client.likedTracks(0).catch((e: unknown) => e);
    expect(first).toBeInstanceOf(SpotifyQuotaExceededError);
    expect((first as SpotifyQuotaExceededError).retryAfterMs).toBe(3_600_000);
    expect(transport.quotaBlockedUntilMs).toBe(clock + 3_600_000);
    await expect(client.myPlaylists(0)).rejects.toBeInstanceOf(SpotifyQuotaExceededError);
    expect(server.requests).toHaveLength(1);
  });

  it('retries 5xx on reads with growing back-off, then throws a typed error', async () => {
    server.otherwise(() => ({
      status: 503,
      body: { error: { status: 503, message: 'Service unavailable' } },
    }));
    const { client } = clientWith({ retries: 3, backoffBaseMs: 100, backoffMaxMs: 300 });
    const error = await client.playlistItems('pl1', 0).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SpotifyApiError);
    expect(error).toMatchObject({
      status: 503,
      method: 'GET',
      endpoint: '/playlists/pl1/items',
      retryable: true,
    });
    expect(server.requests).toHaveLength(4);
    // equal jitter with random() = 0.5: 3/4 of the capped exponential ceiling
    expect(sleeps).toEqual([75, 150, 225]);
  });

  it('does not retry a POST after a 5xx: the write may have been applied', async () => {
    server.otherwise(() => ({ status: 500 }));
    const { client } = clientWith();
    await expect(client.addItems('pl1', ['spotify:track:a'])).rejects.toMatchObject({
      status: 500,
      method: 'POST',
    });
    expect(server.requests).toHaveLength(1);
  });

  it('refreshes once on 401 and repeats the request with the new token', async () => {
    server.reply({ status: 401, body: { error: { status: 401, message: 'The access token expired' } } });
    server.reply({ status: 200, body: { id: 'u1', display_name: 'Ann' } });
    const { client, store } = clientWith();
    await expect(client.me()).resolves.toMatchObject({ id: 'u1' });
    expect(refreshes).toEqual(['refresh-1']);
    expect(server.requests.map((r) => r.headers.authorization)).toEqual([
      'Bearer access-1',
      'Bearer access-2',
    ]);
    expect(store.tokens).toMatchObject({ accessToken: 'access-2', refreshToken: 'refresh-2' });
  });

  it('gives up after a second 401', async () => {
    server.otherwise(() => ({
      status: 401,
      body: { error: { status: 401, message: 'Invalid access token' } },
    }));
    const { client } = clientWith();
    await expect(client.me()).rejects.toMatchObject({ status: 401, endpoint: '/me' });
    expect(server.requests).toHaveLength(2);
    expect(refreshes).toHaveLength(1);
  });

  it('refreshes before a request when the stored token is about to expire', async () => {
    server.reply({ status: 200, body: { id: 'u1', display_name: 'Ann' } });
    const store = new MemoryTokenStore({ ...freshTokens(), expiresAt: new Date(Date.now() + 5_000) });
    const { client } = clientWith({}, store);
    await client.me();
    expect(server.requests[0]?.headers.authorization).toBe('Bearer access-2');
  });

  it('times out a hanging request and reports it as a network error after the retries', async () => {
    server.otherwise(() => ({ status: 200, body: page(), delayMs: 500 }));
    const { client } = clientWith({ timeoutMs: 50, retries: 1 });
    const error = await client.likedTracks(0).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SpotifyNetworkError);
    expect(error).toMatchObject({ timedOut: true, endpoint: '/me/tracks' });
    expect(server.requests).toHaveLength(2);
  });

  it('reports 4xx with the reason and message Spotify gave', async () => {
    server.reply({
      status: 403,
      body: { error: { status: 403, message: 'Forbidden', reason: 'NOT_OWNER' } },
    });
    const { client } = clientWith();
    const error = await client.playlistItems('other', 0).catch((e: unknown) => e);
    expect(error).toMatchObject({
      name: 'SpotifyApiError[403]',
      status: 403,
      reason: 'NOT_OWNER',
      retryable: false,
    });
    expect(server.requests).toHaveLength(1);
  });

  it('rejects write batches above 100 items before any request', async () => {
    const { client } = clientWith();
    const uris = Array.from({ length: 101 }, (_, i) => `spotify:track:${i}`);
    await expect(client.addItems('pl1', uris)).rejects.toBeInstanceOf(RangeError);
    expect(server.requests).toHaveLength(0);
  });
});
