import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SpotifyTokenError } from '../../../src/spotify/errors.js';
import { SPOTIFY_SCOPES, SpotifyOAuthClient } from '../../../src/spotify/oauth-client.js';
import { codeChallengeOf, createCodeVerifier } from '../../../src/spotify/pkce.js';
import { TokenAuthStrategy } from '../../../src/spotify/token-auth-strategy.js';
import {
  freshTokens,
  LinkExpiredForTest,
  MemoryTokenStore,
} from '../../support/spotify/memory-token-store.js';
import { ScriptedServer } from '../../support/spotify/scripted-server.js';

describe('SpotifyOAuthClient', () => {
  let server: ScriptedServer;
  let oauth: SpotifyOAuthClient;
  beforeAll(async () => {
    server = await ScriptedServer.start();
    oauth = new SpotifyOAuthClient({
      clientId: 'client-id',
      clientSecret: 'client-secret',
      accountsUrl: server.url,
      redirectUri: 'http://127.0.0.1:3000/callback',
    });
  });
  afterAll(async () => {
    await server.stop();
  });
  beforeEach(() => server.reset());

  it('builds the authorize URL with state, scopes and an S256 challenge', () => {
    const url = new URL(oauth.authorizeUrl({ state: 'st', codeChallenge: 'ch' }));
    expect(url.origin + url.pathname).toBe(`${server.url}/authorize`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: 'client-id',
      response_type: 'code',
      redirect_uri: 'http://127.0.0.1:3000/callback',
      state: 'st',
      scope: SPOTIFY_SCOPES.join(' '),
      code_challenge_method: 'S256',
      code_challenge: 'ch',
    });
  });

  it('derives the PKCE challenge as base64url(SHA-256(verifier)) (RFC 7636 appendix B)', () => {
    expect(codeChallengeOf('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
    expect(createCodeVerifier()).toMatch(/^[A-Za-z0-9_-]{43,128}$/);
  });

  it('exchanges a code with the Basic header and the verifier', async () => {
    server.reply({
      status: 200,
      body: {
        access_token: 'at',
        token_type: 'Bearer',
        expires_in: 3600,
        refresh_token: 'rt',
        scope: 'user-library-read',
      },
    });
    const grant = await oauth.exchangeCode('the-code', 'the-verifier');
    expect(grant).toMatchObject({ accessToken: 'at', refreshToken: 'rt', scopes: 'user-library-read' });
    expect(grant.expiresAt.getTime()).toBeGreaterThan(Date.now() + 3_500_000);
    const [request] = server.requests;
    expect(request?.url).toBe('/api/token');
    expect(request?.headers.authorization).toBe(
      `Basic ${Buffer.from('client-id:client-secret').toString('base64')}`,
    );
    expect(Object.fromEntries(new URLSearchParams(request?.body))).toEqual({
      grant_type: 'authorization_code',
      code: 'the-code',
      redirect_uri: 'http://127.0.0.1:3000/callback',
      code_verifier: 'the-verifier',
    });
  });

  it('reports a refused refresh as SpotifyTokenError with the OAuth error code', async () => {
    server.reply({
      status: 400,
      body: { error: 'invalid_grant', error_description: 'Refresh token revoked' },
    });
    const error = await oauth.refresh('dead').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SpotifyTokenError);
    expect(error).toMatchObject({ status: 400, error: 'invalid_grant', invalidGrant: true });
    expect(Object.fromEntries(new URLSearchParams(server.requests[0]?.body))).toEqual({
      grant_type: 'refresh_token',
      refresh_token: 'dead',
    });
  });

  it('keeps the old refresh token when Spotify does not rotate it, and the new one when it does', async () => {
    const store = new MemoryTokenStore(freshTokens('a1', 'r1'));
    const strategy = new TokenAuthStrategy(store, oauth);
    server.reply({ status: 200, body: { access_token: 'a2', expires_in: 3600 } });
    expect(await strategy.refreshAfterRejection('a1')).toBe('a2');
    expect(store.tokens).toMatchObject({ accessToken: 'a2', refreshToken: 'r1' });
    server.reply({ status: 200, body: { access_token: 'a3', expires_in: 3600, refresh_token: 'r3' } });
    expect(await strategy.refreshAfterRejection('a2')).toBe('a3');
    expect(store.tokens).toMatchObject({ accessToken: 'a3', refreshToken: 'r3' });
  });

  it('refreshes once for concurrent rejections of the same token', async () => {
    const store = new MemoryTokenStore(freshTokens('a1', 'r1'));
    const strategy = new TokenAuthStrategy(store, oauth);
    server.reply({ status: 200, body: { access_token: 'a2', expires_in: 3600, refresh_token: 'r2' } });
    const tokens = await Promise.all([1, 2, 3].map(() => strategy.refreshAfterRejection('a1')));
    expect(tokens).toEqual(['a2', 'a2', 'a2']);
    expect(server.requests).toHaveLength(1);
  });

  it('marks the link expired on invalid_grant and throws what the store gives', async () => {
    const store = new MemoryTokenStore(freshTokens('a1', 'r1'));
    const strategy = new TokenAuthStrategy(store, oauth);
    server.reply({
      status: 400,
      body: { error: 'invalid_grant', error_description: 'Refresh token expired' },
    });
    await expect(strategy.refreshAfterRejection('a1')).rejects.toBeInstanceOf(LinkExpiredForTest);
    expect(store.expired).toBe(true);
  });
});
