import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  FakeSpotify,
  readSnapshotFile,
  stableSpotifyId,
  type SeedTrack,
  type SnapshotLike,
} from './index.js';

const CLIENT_ID = 'fake-client-id';
const CLIENT_SECRET = 'fake-client-secret';
const REDIRECT = 'http://127.0.0.1:8888/callback';
const SCOPES =
  'user-library-read playlist-read-private playlist-read-collaborative playlist-modify-private playlist-modify-public';
const basic = `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64')}`;

const trackId = (n: number): string => stableSpotifyId('test-track', String(n));
const tracks = (count: number): SeedTrack[] =>
  Array.from({ length: count }, (_, i) => ({
    id: trackId(i),
    name: `Song ${i}`,
    artists: [{ name: `Artist ${i % 7}` }],
    album: { name: `Album ${i % 11}`, release_date: `20${String(10 + (i % 10))}-05-01` },
    duration_ms: 200_000 + i,
    explicit: i % 5 === 0,
    isrc: `USFAKE${String(i).padStart(6, '0')}`,
  }));

function pkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(48).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

let fake: FakeSpotify;

beforeEach(async () => {
  fake = await FakeSpotify.start({
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    redirectUris: [REDIRECT],
  });
  fake.addUser({ id: 'alice', displayName: 'Alice' });
  fake.addUser({ id: 'bob', displayName: 'Bob' });
});

afterEach(async () => {
  await fake.stop();
});

function authorizeUrl(challenge: string, state = 'state-123', extra: Record<string, string> = {}): string {
  const url = new URL(`${fake.accountsUrl}/authorize`);
  url.search = new URLSearchParams({
    client_id: CLIENT_ID,
    response_type: 'code',
    redirect_uri: REDIRECT,
    scope: SCOPES,
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...extra,
  }).toString();
  return url.href;
}

async function token(
  form: Record<string, string>,
  auth: string | null = basic,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${fake.accountsUrl}/api/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(auth ? { authorization: auth } : {}),
    },
    body: new URLSearchParams(form),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function api(
  accessToken: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const response = await fetch(`${fake.apiUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${accessToken}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
    headers: response.headers,
  };
}

async function linkAlice(): Promise<{ access: string; refresh: string }> {
  const { verifier, challenge } = pkce();
  fake.setAuthorizingUser('alice');
  const location = new URL(await fake.completeAuthorization(authorizeUrl(challenge)));
  const code = location.searchParams.get('code')!;
  const result = await token({
    grant_type: 'authorization_code',
    code,
    redirect_uri: REDIRECT,
    code_verifier: verifier,
  });
  expect(result.status).toBe(200);
  return { access: result.body.access_token as string, refresh: result.body.refresh_token as string };
}

describe('OAuth', () => {
  it('runs the authorization code flow with PKCE and a Basic header', async () => {
    const { verifier, challenge } = pkce();
    const page = await fetch(authorizeUrl(challenge));
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('id="approve"');
    expect(html).toContain('user-library-read');

    fake.setAuthorizingUser('alice');
    const location = new URL(await fake.completeAuthorization(authorizeUrl(challenge)));
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT);
    expect(location.searchParams.get('state')).toBe('state-123');
    const code = location.searchParams.get('code')!;

    const result = await token({
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT,
      code_verifier: verifier,
    });
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ token_type: 'Bearer', expires_in: 3600, scope: SCOPES });
    const me = await api(result.body.access_token as string, 'GET', '/me');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      id: 'alice',
      display_name: 'Alice',
      type: 'user',
      uri: 'spotify:user:alice',
    });
    expect(me.body.account_id).toEqual(expect.any(String));
    for (const removed of ['country', 'email', 'product', 'followers', 'explicit_content'])
      expect(me.body).not.toHaveProperty(removed);
    expect(fake.tokenRequests[0]).toMatchObject({
      grantType: 'authorization_code',
      clientAuth: 'basic',
      status: 200,
    });
    fake.assertClean();
  });

  it('redirects with access_denied when the user presses Deny', async () => {
    const location = new URL(
      await fake.completeAuthorization(authorizeUrl(pkce().challenge), { decision: 'deny' }),
    );
    expect(location.searchParams.get('error')).toBe('access_denied');
    expect(location.searchParams.get('state')).toBe('state-123');
  });

  it('rejects a bad client, an unregistered redirect URI, a plain challenge and a bad scope', async () => {
    const { challenge } = pkce();
    expect((await fetch(authorizeUrl(challenge).replace(CLIENT_ID, 'nope'))).status).toBe(400);
    const badRedirect = await fetch(
      authorizeUrl(challenge, 's', { redirect_uri: 'http://127.0.0.1:9999/other' }),
    );
    expect(badRedirect.status).toBe(400);
    expect(await badRedirect.text()).toContain('Invalid redirect URI');
    const plain = await fetch(authorizeUrl(challenge, 's', { code_challenge_method: 'plain' }), {
      redirect: 'manual',
    });
    expect(new URL(plain.headers.get('location')!).searchParams.get('error')).toBe('invalid_request');
    const scope = await fetch(authorizeUrl(challenge, 's', { scope: 'user-library-read no-such-scope' }), {
      redirect: 'manual',
    });
    expect(new URL(scope.headers.get('location')!).searchParams.get('error')).toBe('invalid_scope');
  });

  it('refuses a wrong verifier, a reused code and a missing Basic header', async () => {
    const { verifier, challenge } = pkce();
    fake.setAuthorizingUser('alice');
    const code = new URL(await fake.completeAuthorization(authorizeUrl(challenge))).searchParams.get('code')!;
    const wrong = await token({
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT,
      code_verifier: pkce().verifier,
    });
    expect(wrong).toEqual({
      status: 400,
      body: { error: 'invalid_grant', error_description: 'code_verifier was incorrect' },
    });
    const noBasic = await token(
      {
        grant_type: 'authorization_code',
        code,
        redirect_uri: REDIRECT,
        code_verifier: verifier,
        client_id: CLIENT_ID,
      },
      null,
    );
    expect(noBasic.body.error).toBe('invalid_client');
    const first = await token({
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT,
      code_verifier: verifier,
    });
    expect(first.status).toBe(200);
    const again = await token({
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT,
      code_verifier: verifier,
    });
    expect(again).toEqual({
      status: 400,
      body: { error: 'invalid_grant', error_description: 'Invalid authorization code' },
    });
  });

  it('refreshes with rotation, then answers invalid_grant for old, revoked and expired refresh tokens', async () => {
    const { refresh } = await linkAlice();
    const refreshed = await token({ grant_type: 'refresh_token', refresh_token: refresh });
    expect(refreshed.status).toBe(200);
    const rotated = refreshed.body.refresh_token as string;
    expect(rotated).toBeTruthy();
    expect(rotated).not.toBe(refresh);
    expect((await api(refreshed.body.access_token as string, 'GET', '/me')).status).toBe(200);

    const old = await token({ grant_type: 'refresh_token', refresh_token: refresh });
    expect(old.status).toBe(400);
    expect(old.body).toEqual({ error: 'invalid_grant', error_description: 'Refresh token revoked' });
    expect((await token({ grant_type: 'refresh_token', refresh_token: 'AQunknown' })).body.error).toBe(
      'invalid_grant',
    );

    fake.setRefreshTokenRotation(false);
    const kept = await token({ grant_type: 'refresh_token', refresh_token: rotated });
    expect(kept.status).toBe(200);
    expect(kept.body).not.toHaveProperty('refresh_token');

    fake.advanceTime(183 * 24 * 3600 * 1000);
    expect((await token({ grant_type: 'refresh_token', refresh_token: rotated })).body).toEqual({
      error: 'invalid_grant',
      error_description: 'Refresh token expired',
    });

    const second = fake.issueTokens('bob');
    fake.revokeGrants('bob');
    expect(
      (await token({ grant_type: 'refresh_token', refresh_token: second.refreshToken })).body.error,
    ).toBe('invalid_grant');
  });

  it('grants an app token for client credentials and names a wrong client id or secret', async () => {
    const granted = await token({ grant_type: 'client_credentials' });
    expect(granted.status).toBe(200);
    expect(granted.body).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
    expect(granted.body).not.toHaveProperty('refresh_token');
    const wrongSecret = `Basic ${Buffer.from(`${CLIENT_ID}:not-the-secret`).toString('base64')}`;
    expect(await token({ grant_type: 'client_credentials' }, wrongSecret)).toEqual({
      status: 400,
      body: { error: 'invalid_client', error_description: 'Invalid client secret' },
    });
    const wrongId = `Basic ${Buffer.from(`someone-else:${CLIENT_SECRET}`).toString('base64')}`;
    expect(await token({ grant_type: 'client_credentials' }, wrongId)).toEqual({
      status: 400,
      body: { error: 'invalid_client', error_description: 'Invalid client' },
    });
  });

  it('answers 401 with the real shape for missing and expired tokens', async () => {
    const { access } = await linkAlice();
    const missing = await fetch(`${fake.apiUrl}/me`);
    expect(missing.status).toBe(401);
    expect(await missing.json()).toEqual({ error: { status: 401, message: 'No token provided' } });
    fake.expireAccessTokens();
    const expired = await api(access, 'GET', '/me');
    expect(expired.status).toBe(401);
    expect(expired.body).toEqual({ error: { status: 401, message: 'The access token expired' } });
  });
});

describe('Web API', () => {
  it('pages Liked Songs newest first with total and next', async () => {
    fake.seedLibrary('alice', {
      tracks: tracks(120),
      liked: tracks(120).map((t, i) => ({
        trackId: t.id,
        addedAt: new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString(),
      })),
    });
    const { accessToken } = fake.issueTokens('alice');
    const seen: string[] = [];
    let next: string | null = `${fake.apiUrl}/me/tracks?limit=50`;
    while (next) {
      const page = (await (
        await fetch(next, { headers: { authorization: `Bearer ${accessToken}` } })
      ).json()) as {
        items: Array<{ added_at: string; track: Record<string, unknown> }>;
        total: number;
        next: string | null;
      };
      expect(page.total).toBe(120);
      seen.push(...page.items.map((i) => i.track.id as string));
      next = page.next;
    }
    expect(seen).toHaveLength(120);
    expect(seen[0]).toBe(trackId(119));
    expect(seen).toEqual(fake.likedTrackIds('alice'));
    expect(fake.requestCounts()).toEqual({ 'GET /me/tracks': 3 });

    const one = await api(accessToken, 'GET', '/me/tracks?limit=1');
    const track = (one.body.items as Array<{ track: Record<string, unknown> }>)[0]!.track;
    expect(track).toMatchObject({
      external_ids: { isrc: 'USFAKE000119' },
      uri: `spotify:track:${trackId(119)}`,
      type: 'track',
    });
    for (const removed of ['popularity', 'available_markets', 'linked_from', 'preview_url'])
      expect(track).not.toHaveProperty(removed);
    fake.assertClean();
  });

  it('changes snapshot_id on every playlist write and keeps the order', async () => {
    fake.seedLibrary('alice', { tracks: tracks(5) });
    const { accessToken } = fake.issueTokens('alice');
    const created = await api(accessToken, 'POST', '/me/playlists', { name: 'Sublist', public: false });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const s0 = created.body.snapshot_id as string;
    const add = await api(accessToken, 'POST', `/playlists/${id}/items`, {
      uris: [0, 1, 2].map((i) => `spotify:track:${trackId(i)}`),
    });
    expect(add.status).toBe(201);
    const s1 = add.body.snapshot_id as string;
    expect(s1).not.toBe(s0);
    const remove = await api(accessToken, 'DELETE', `/playlists/${id}/items`, {
      items: [{ uri: `spotify:track:${trackId(1)}` }],
      snapshot_id: s1,
    });
    expect(remove.status).toBe(200);
    expect(remove.body.snapshot_id).not.toBe(s1);
    expect(fake.playlist(id)).toMatchObject({
      name: 'Sublist',
      ownerId: 'alice',
      public: false,
      trackIds: [trackId(0), trackId(2)],
    });
    const items = await api(accessToken, 'GET', `/playlists/${id}/items`);
    expect((items.body.items as Array<{ item: { id: string } }>).map((e) => e.item.id)).toEqual([
      trackId(0),
      trackId(2),
    ]);
    expect(items.body.items as unknown[]).not.toContainEqual(
      expect.objectContaining({ track: expect.anything() }),
    );
    const listed = await api(accessToken, 'GET', '/me/playlists');
    expect((listed.body.items as Array<Record<string, unknown>>)[0]).toMatchObject({
      id,
      items: { total: 2 },
    });
    fake.assertClean();
  });

  it('answers 403 to deprecated endpoints and records them', async () => {
    fake.seedLibrary('alice', { tracks: tracks(2), playlists: [{ name: 'Mine', trackIds: [trackId(0)] }] });
    const { accessToken } = fake.issueTokens('alice');
    const playlistId = fake.playlistsOf('alice')[0]!.id;
    for (const path of [
      `/audio-features?ids=${trackId(0)}`,
      `/playlists/${playlistId}/tracks`,
      '/users/alice/playlists',
      `/tracks?ids=${trackId(0)}`,
      '/recommendations',
    ]) {
      const response = await api(accessToken, 'GET', path);
      expect(response.status, path).toBe(403);
      expect(response.body).toEqual({ error: { status: 403, message: 'Forbidden' } });
    }
    expect(fake.deprecatedCalls.map((d) => d.template)).toEqual([
      '/audio-features',
      '/playlists/{playlist_id}/tracks',
      '/users/{user_id}/playlists',
      '/tracks',
      '/recommendations',
    ]);
    expect(() => fake.assertClean()).toThrow(/deprecated/);
  });

  it("answers 403 to another user's playlist items", async () => {
    fake.seedLibrary('bob', {
      tracks: tracks(2),
      playlists: [{ name: "Bob's", public: true, trackIds: [trackId(0)] }],
    });
    const bobs = fake.playlistsOf('bob')[0]!.id;
    const { accessToken } = fake.issueTokens('alice');
    expect((await api(accessToken, 'GET', `/playlists/${bobs}/items`)).status).toBe(403);
    expect(
      (await api(accessToken, 'POST', `/playlists/${bobs}/items`, { uris: [`spotify:track:${trackId(1)}`] }))
        .status,
    ).toBe(403);
    const meta = await api(accessToken, 'GET', `/playlists/${bobs}`);
    expect(meta.status).toBe(200);
    expect(meta.body).not.toHaveProperty('items');
    expect(fake.playlist(bobs).trackIds).toEqual([trackId(0)]);
  });

  it('catches limit=51 and a bad body as spec violations', async () => {
    fake.seedLibrary('alice', { tracks: tracks(1), playlists: [{ name: 'P' }] });
    const { accessToken } = fake.issueTokens('alice');
    const limit = await api(accessToken, 'GET', '/me/tracks?limit=51');
    expect(limit.status).toBe(400);
    expect((limit.body.error as { message: string }).message).toMatch(/query.limit/);
    const id = fake.playlistsOf('alice')[0]!.id;
    const oldBody = await api(accessToken, 'DELETE', `/playlists/${id}/items`, {
      tracks: [{ uri: `spotify:track:${trackId(0)}` }],
    });
    expect(oldBody.status).toBe(400);
    expect(fake.specViolations.map((v) => [v.where, v.template])).toEqual([
      ['query.limit', '/me/tracks'],
      ['body', '/playlists/{playlist_id}/items'],
    ]);
  });

  it('skippable entries: local files, episodes and unavailable items are served as Spotify does', async () => {
    fake.seedLibrary('alice', {
      tracks: tracks(2),
      episodes: [{ id: stableSpotifyId('ep', '1'), name: 'Episode 1' }],
      playlists: [
        {
          name: 'Mixed',
          items: [
            { trackId: trackId(0), addedAt: '2024-01-01T00:00:00Z' },
            { local: { name: 'Demo tape', artist: 'Me' } },
            { episodeId: stableSpotifyId('ep', '1') },
            { unavailable: true },
          ],
        },
      ],
    });
    const { accessToken } = fake.issueTokens('alice');
    const id = fake.playlistsOf('alice')[0]!.id;
    const page = await api(accessToken, 'GET', `/playlists/${id}/items?limit=50`);
    const entries = page.body.items as Array<{ is_local: boolean; item: Record<string, unknown> | null }>;
    expect(entries.map((e) => [e.is_local, e.item?.type ?? null, e.item?.id ?? null])).toEqual([
      [false, 'track', trackId(0)],
      [true, 'track', null],
      [false, 'episode', stableSpotifyId('ep', '1')],
      [false, null, null],
    ]);
    fake.setLegacyTrackFields(true);
    const legacy = await api(accessToken, 'GET', `/playlists/${id}/items`);
    expect((legacy.body.items as Array<Record<string, unknown>>)[0]).toHaveProperty('track');
    fake.assertClean();
  });

  it('relinks a track only for a request that names a market, without linked_from', async () => {
    fake.seedLibrary('alice', {
      tracks: tracks(2),
      liked: [{ trackId: trackId(0) }],
      playlists: [{ name: 'Relinked', trackIds: [trackId(0)] }],
    });
    fake.relinkTrack(trackId(0), trackId(1));
    const { accessToken } = fake.issueTokens('alice');
    const id = fake.playlistsOf('alice')[0]!.id;
    type Served = { id: string; is_playable?: boolean; restrictions?: unknown; linked_from?: unknown };
    const liked = async (query: string) =>
      ((await api(accessToken, 'GET', `/me/tracks${query}`)).body.items as { track: Served }[])[0]!.track;
    const item = async (query: string) =>
      ((await api(accessToken, 'GET', `/playlists/${id}/items${query}`)).body.items as { item: Served }[])[0]!
        .item;
    const single = async (query: string) =>
      (await api(accessToken, 'GET', `/tracks/${trackId(0)}${query}`)).body as Served;
    for (const read of [liked, item, single]) {
      expect(await read('')).toMatchObject({
        id: trackId(0),
        is_playable: false,
        restrictions: { reason: 'market' },
      });
      const relinked = await read('?market=from_token');
      expect(relinked).toMatchObject({ id: trackId(1), is_playable: true });
      expect(relinked).not.toHaveProperty('linked_from');
    }
    expect(fake.playlist(id).trackIds).toEqual([trackId(0)]);
    fake.assertClean();
  });
});

describe('faults', () => {
  it('answers 429 with Retry-After, then QUOTA_EXCEEDED, then passes', async () => {
    fake.seedLibrary('alice', { tracks: tracks(1), liked: [{ trackId: trackId(0) }] });
    const { accessToken } = fake.issueTokens('alice');
    fake.faults.add({ path: '/me/tracks', status: 429, retryAfterSeconds: 7, times: 1 });
    fake.faults.add({ path: /\/me\/tracks/, status: 429, reason: 'QUOTA_EXCEEDED', times: 1 });
    const first = await api(accessToken, 'GET', '/me/tracks');
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('7');
    const second = await api(accessToken, 'GET', '/me/tracks');
    expect(second.status).toBe(429);
    expect(second.body).toEqual({
      error: { status: 429, message: 'Too many requests', reason: 'QUOTA_EXCEEDED' },
    });
    expect((await api(accessToken, 'GET', '/me/tracks')).status).toBe(200);
    expect(fake.requestCount('GET /me/tracks')).toBe(3);
    expect(fake.totalRequests()).toBe(3);
  });

  it('applies a write and still answers 500 with applyBeforeFailing', async () => {
    fake.seedLibrary('alice', { tracks: tracks(3), playlists: [{ name: 'P' }] });
    const { accessToken } = fake.issueTokens('alice');
    const id = fake.playlistsOf('alice')[0]!.id;
    fake.faults.add({
      method: 'POST',
      path: '/playlists/{playlist_id}/items',
      status: 500,
      applyBeforeFailing: true,
      times: 1,
    });
    const failed = await api(accessToken, 'POST', `/playlists/${id}/items`, {
      uris: [`spotify:track:${trackId(0)}`],
    });
    expect(failed.status).toBe(500);
    expect(fake.playlist(id).trackIds).toEqual([trackId(0)]);
  });
});

describe('seeding', () => {
  it('seeds from a small library-snapshot/1 object', async () => {
    const snapshot: SnapshotLike = {
      format: 'library-snapshot/1',
      name: 'tiny',
      tracks: [
        {
          id: trackId(1),
          name: 'One',
          artists: [{ name: 'No Id Artist' }],
          album: { name: 'LP', release_date: '1999' },
          duration_ms: 1000,
          explicit: true,
          isrc: 'GBAAA9900001',
        },
        { id: trackId(2), name: 'Two', artists: [{ id: stableSpotifyId('a2'), name: 'Has Id' }], album: {} },
      ],
      playlists: [
        {
          name: 'rock',
          items: [{ track_id: trackId(2), added_at: '2020-01-01T00:00:00Z' }, { track_id: trackId(1) }],
        },
      ],
      liked: [
        { track_id: trackId(1), added_at: '2024-11-30T02:39:04Z' },
        { track_id: trackId(2), added_at: '2024-12-01T00:00:00Z' },
      ],
    };
    const result = fake.seedFromSnapshot('alice', snapshot);
    expect(fake.likedTrackIds('alice')).toEqual([trackId(2), trackId(1)]);
    const rock = result.playlistIds.get('rock')!;
    expect(fake.playlist(rock)).toMatchObject({
      name: 'rock',
      ownerId: 'alice',
      public: false,
      trackIds: [trackId(2), trackId(1)],
    });
    const { accessToken } = fake.issueTokens('alice');
    const track = (await api(accessToken, 'GET', `/tracks/${trackId(1)}`)).body;
    expect(track).toMatchObject({
      name: 'One',
      duration_ms: 1000,
      explicit: true,
      external_ids: { isrc: 'GBAAA9900001' },
      album: { name: 'LP', release_date: '1999', release_date_precision: 'year' },
    });
    const artistId = (track.artists as Array<{ id: string }>)[0]!.id;
    expect(artistId).toMatch(/^[0-9A-Za-z]{22}$/);
    expect((await api(accessToken, 'GET', `/artists/${artistId}`)).body).toMatchObject({
      name: 'No Id Artist',
      id: artistId,
    });
    fake.assertClean();
  });
});

// Real data lives outside the repository (never committed); the test runs where it is present.
const SEVEN = '/work/shared/data/seven-playlists.json.gz';

describe.runIf(existsSync(SEVEN))('seeding from a real snapshot', () => {
  it('serves every playlist of seven-playlists as valid Spotify JSON', async () => {
    const snapshot = await readSnapshotFile(SEVEN);
    const seeded = fake.seedFromSnapshot('alice', snapshot);
    expect(seeded.playlistIds.size).toBe(snapshot.playlists!.length);
    const { accessToken } = fake.issueTokens('alice');
    for (const [name, id] of seeded.playlistIds) {
      const ids: string[] = [];
      let next: string | null = `${fake.apiUrl}/playlists/${id}/items?limit=50`;
      while (next) {
        const page = (await (
          await fetch(next, { headers: { authorization: `Bearer ${accessToken}` } })
        ).json()) as {
          items: Array<{ item: { id: string } }>;
          next: string | null;
        };
        ids.push(...page.items.map((e) => e.item.id));
        next = page.next;
      }
      expect(ids, name).toEqual(
        snapshot.playlists!.find((p) => p.name === name)!.items.map((i) => i.track_id),
      );
    }
    fake.assertClean();
  });
});

describe('writes in detail', () => {
  it('adds by query with a position, replaces, reorders, and refuses over 100 URIs', async () => {
    fake.seedLibrary('alice', {
      tracks: tracks(120),
      playlists: [{ name: 'P', trackIds: [trackId(0), trackId(1)] }],
    });
    const { accessToken } = fake.issueTokens('alice');
    const id = fake.playlistsOf('alice')[0]!.id;
    const add = await api(
      accessToken,
      'POST',
      `/playlists/${id}/items?position=1&uris=${encodeURIComponent(`spotify:track:${trackId(5)},spotify:track:${trackId(6)}`)}`,
    );
    expect(add.status).toBe(201);
    expect(fake.playlist(id).trackIds).toEqual([trackId(0), trackId(5), trackId(6), trackId(1)]);

    const reorder = await api(accessToken, 'PUT', `/playlists/${id}/items`, {
      range_start: 0,
      insert_before: 4,
    });
    expect(reorder.status).toBe(200);
    expect(fake.playlist(id).trackIds).toEqual([trackId(5), trackId(6), trackId(1), trackId(0)]);

    const replace = await api(accessToken, 'PUT', `/playlists/${id}/items`, {
      uris: [`spotify:track:${trackId(9)}`],
    });
    expect(replace.status).toBe(200);
    expect(fake.playlist(id).trackIds).toEqual([trackId(9)]);

    const tooMany = await api(accessToken, 'POST', `/playlists/${id}/items`, {
      uris: tracks(101).map((t) => `spotify:track:${t.id}`),
    });
    expect(tooMany.status).toBe(400);
    const unknown = await api(accessToken, 'POST', `/playlists/${id}/items`, {
      uris: [`spotify:track:${stableSpotifyId('nope')}`],
    });
    expect(unknown.status).toBe(400);
    expect(fake.playlist(id).trackIds).toEqual([trackId(9)]);
    expect(fake.specViolations.map((v) => v.where)).toEqual(['semantics']);
  });

  it('lets a collaborator edit and enforces scopes', async () => {
    fake.seedLibrary('bob', {
      tracks: tracks(3),
      playlists: [{ name: 'Shared', collaborative: true, collaborators: ['alice'] }],
    });
    const shared = fake.playlistsOf('bob')[0]!.id;
    expect(fake.playlistsOf('alice').map((p) => p.id)).toContain(shared);
    const alice = fake.issueTokens('alice');
    expect(
      (
        await api(alice.accessToken, 'POST', `/playlists/${shared}/items`, {
          uris: [`spotify:track:${trackId(0)}`],
        })
      ).status,
    ).toBe(201);

    const readOnly = fake.issueTokens('alice', ['playlist-read-private']);
    const denied = await api(readOnly.accessToken, 'POST', '/me/playlists', { name: 'x', public: false });
    expect(denied.status).toBe(403);
    expect(denied.body).toEqual({ error: { status: 403, message: 'Insufficient client scope' } });
    expect((await api(readOnly.accessToken, 'GET', '/me/tracks')).status).toBe(403);
  });

  it('filters with fields= and validates the unfiltered answer', async () => {
    fake.seedLibrary('alice', {
      tracks: tracks(3),
      playlists: [{ name: 'P', trackIds: [trackId(0), trackId(1)] }],
    });
    const { accessToken } = fake.issueTokens('alice');
    const id = fake.playlistsOf('alice')[0]!.id;
    const page = await api(
      accessToken,
      'GET',
      `/playlists/${id}/items?fields=${encodeURIComponent('total,items(added_at,item(id,artists(name)))')}`,
    );
    expect(page.body).toEqual({
      total: 2,
      items: [0, 1].map((i) => ({
        added_at: '1970-01-01T00:00:00Z',
        item: { id: trackId(i), artists: [{ name: `Artist ${i}` }] },
      })),
    });
    const meta = await api(accessToken, 'GET', `/playlists/${id}?fields=snapshot_id,name`);
    expect(meta.body).toEqual({ snapshot_id: fake.playlist(id).snapshotId, name: 'P' });
    expect((await api(accessToken, 'GET', `/playlists/${id}?fields=items(`)).status).toBe(400);
  });
});

describe('more faults and switches', () => {
  it('drops the connection, honours after/times, probability and latency', async () => {
    fake.seedLibrary('alice', { tracks: tracks(1) });
    const { accessToken } = fake.issueTokens('alice');
    const reset = fake.faults.add({ path: '/me', status: 'reset', times: 1 });
    await expect(api(accessToken, 'GET', '/me')).rejects.toThrow();
    expect(reset.fired).toBe(1);
    expect((await api(accessToken, 'GET', '/me')).status).toBe(200);

    fake.faults.add({ path: '/me', status: 503, after: 1, times: 1 });
    expect((await api(accessToken, 'GET', '/me')).status).toBe(200);
    expect((await api(accessToken, 'GET', '/me')).status).toBe(503);
    expect((await api(accessToken, 'GET', '/me')).status).toBe(200);

    fake.faults.clear();
    const flaky = fake.faults.add({ status: 502, probability: 0.3 });
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) statuses.push((await api(accessToken, 'GET', '/me')).status);
    expect(flaky.fired).toBe(statuses.filter((s) => s === 502).length);
    expect(flaky.fired).toBeGreaterThan(2);
    expect(flaky.fired).toBeLessThan(30);
    fake.faults.clear();

    fake.setLatency(150);
    const started = Date.now();
    await api(accessToken, 'GET', '/me');
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    fake.setLatency(0);
  });

  it('fails the token endpoint on demand and logs requests', async () => {
    const { refreshToken } = fake.issueTokens('alice');
    fake.faults.add({ path: '/api/token', status: 503, times: 1 });
    expect((await token({ grant_type: 'refresh_token', refresh_token: refreshToken })).status).toBe(503);
    expect((await token({ grant_type: 'refresh_token', refresh_token: refreshToken })).status).toBe(200);
    expect(fake.requestCounts()).toEqual({ 'POST /api/token': 2 });
    expect(fake.totalRequests()).toBe(0);
    expect(fake.totalRequests('all')).toBe(2);
    expect(fake.requests[1]).toMatchObject({
      service: 'accounts',
      endpoint: 'POST /api/token',
      status: 200,
      body: { grant_type: 'refresh_token' },
    });
  });

  it('enforces a rolling-window rate limit with Retry-After', async () => {
    const { accessToken } = fake.issueTokens('alice');
    fake.setRateLimit({ requests: 3, windowSeconds: 30 });
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await api(accessToken, 'GET', '/me'));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 429, 429]);
    expect(Number(answers[3]!.headers.get('retry-after'))).toBeGreaterThanOrEqual(29);
    expect(fake.rateLimitedRequests()).toBe(2);
    fake.advanceTime(30_000);
    expect((await api(accessToken, 'GET', '/me')).status).toBe(200);
    fake.setRateLimit(null);
  });

  it('counts a daily quota for the whole app, then blocks it with QUOTA_EXCEEDED until Retry-After', async () => {
    const alice = fake.issueTokens('alice').accessToken;
    const bob = fake.issueTokens('bob').accessToken;
    fake.setDailyQuota({ requests: 3, retryAfterSeconds: 5 * 3600 });
    const answers = [
      await api(alice, 'GET', '/me'),
      await api(bob, 'GET', '/me'),
      await api(alice, 'GET', '/me'),
      await api(bob, 'GET', '/me'),
    ];
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 429]);
    expect(answers[3]!.body).toEqual({
      error: { status: 429, message: 'Too many requests', reason: 'QUOTA_EXCEEDED' },
    });
    expect(Number(answers[3]!.headers.get('retry-after'))).toBe(5 * 3600);
    fake.advanceTime(3600_000);
    const during = await api(alice, 'GET', '/me');
    expect(during.status).toBe(429);
    expect(Number(during.headers.get('retry-after'))).toBe(4 * 3600);
    expect(fake.dailyQuotaState()).toMatchObject({ used: 3, blocks: 1, exceeded: 2 });
    // The block is over, but the three requests are still in the rolling day.
    fake.advanceTime(4 * 3600_000);
    expect((await api(alice, 'GET', '/me')).status).toBe(429);
    expect(fake.dailyQuotaState()).toMatchObject({ blocks: 2 });
    fake.setDailyQuota({ requests: 3, retryAfterSeconds: 60 });
    expect((await api(fake.issueTokens('alice').accessToken, 'GET', '/me')).status).toBe(200);
    fake.advanceTime(24 * 3600_000);
    expect(fake.dailyQuotaState()).toMatchObject({ used: 0, blocks: 0 });
    expect(fake.requests.filter((r) => r.quotaExceeded)).toHaveLength(3);
    fake.setDailyQuota(null);
  });

  it('without an explicit Retry-After blocks until the oldest request leaves the day, at least an hour', async () => {
    // Access tokens live an hour: a fresh one after every jump of the clock.
    const me = () => api(fake.issueTokens('alice').accessToken, 'GET', '/me');
    fake.setDailyQuota({ requests: 2 });
    await me();
    fake.advanceTime(20 * 3600_000);
    await me();
    expect(Number((await me()).headers.get('retry-after'))).toBe(4 * 3600);
    fake.advanceTime(4 * 3600_000);
    expect((await me()).status).toBe(200);
    // The request of 20 h ago stays in the window for 20 more hours.
    expect(Number((await me()).headers.get('retry-after'))).toBe(20 * 3600);
    fake.setDailyQuota(null);
  });

  it('runs on the clock it is given', async () => {
    let simulated = Date.UTC(2026, 6, 1);
    const timed = await FakeSpotify.start({
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      redirectUris: [REDIRECT],
      clock: () => simulated,
    });
    try {
      timed.addUser({ id: 'carol' });
      const { accessToken } = timed.issueTokens('carol');
      expect(timed.now()).toBe(Date.UTC(2026, 6, 1));
      const me = () => fetch(`${timed.apiUrl}/me`, { headers: { authorization: `Bearer ${accessToken}` } });
      expect((await me()).status).toBe(200);
      simulated += 2 * 3600_000;
      expect((await me()).status).toBe(401);
    } finally {
      await timed.stop();
    }
  });

  it('answers 403 to users off the Development Mode allow-list', async () => {
    fake.setAllowList(['alice']);
    expect((await api(fake.issueTokens('alice').accessToken, 'GET', '/me')).status).toBe(200);
    const bob = await api(fake.issueTokens('bob').accessToken, 'GET', '/me');
    expect(bob.status).toBe(403);
    expect(() => fake.setAllowList(['a', 'b', 'c', 'd', 'e', 'f'])).toThrow(/at most 5/);
  });

  it('records calls to operations the fake does not implement', async () => {
    const response = await api(fake.issueTokens('alice').accessToken, 'GET', '/me/player');
    expect(response.status).toBe(501);
    expect(fake.unimplementedCalls).toHaveLength(1);
    expect((await api(fake.issueTokens('alice').accessToken, 'GET', '/no/such/thing')).status).toBe(404);
    expect(fake.specViolations[0]).toMatchObject({ where: 'path' });
  });
});

describe('playlist reads', () => {
  it('embeds the first 100 entries in GET /playlists/{id} with links that follow the spec', async () => {
    fake.seedLibrary('alice', {
      tracks: tracks(120),
      playlists: [{ name: 'Big', trackIds: tracks(120).map((t) => t.id) }],
    });
    const { accessToken } = fake.issueTokens('alice');
    const id = fake.playlistsOf('alice')[0]!.id;
    const playlist = await api(accessToken, 'GET', `/playlists/${id}`);
    const items = playlist.body.items as { items: unknown[]; total: number; next: string };
    expect(items.items).toHaveLength(100);
    expect(items.total).toBe(120);
    const rest = (await (
      await fetch(items.next, { headers: { authorization: `Bearer ${accessToken}` } })
    ).json()) as {
      items: Array<{ item: { id: string } }>;
      next: string | null;
    };
    expect(rest.items.map((e) => e.item.id)).toEqual(
      tracks(120)
        .slice(100)
        .map((t) => t.id),
    );
    expect(rest.next).toBeNull();
    fake.assertClean();
  });
});

describe('lifecycle', () => {
  it('a hanging request lets the client time out, and stop() ends it', async () => {
    fake.faults.add({ path: '/me', status: 'hang', times: 1 });
    const { accessToken } = fake.issueTokens('alice');
    await expect(
      fetch(`${fake.apiUrl}/me`, {
        headers: { authorization: `Bearer ${accessToken}` },
        signal: AbortSignal.timeout(200),
      }),
    ).rejects.toThrow();
    expect((await api(accessToken, 'GET', '/me')).status).toBe(200);
    fake.faults.add({ status: 'hang' });
    const hanging = fetch(`${fake.apiUrl}/me`, { headers: { authorization: `Bearer ${accessToken}` } }).catch(
      (e: unknown) => e,
    );
    while (fake.requests.length < 3) await new Promise((r) => setTimeout(r, 10));
    await fake.stop();
    expect(await hanging).toBeInstanceOf(Error);
  });
});
