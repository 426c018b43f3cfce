import { randomBytes, randomUUID } from 'node:crypto';
import { currentPriority } from '../core/request-priority.js';
import { SpotifyNetworkError, SpotifyTokenError } from './errors.js';
import type { RequestBudgetGate } from './spotify-transport.js';

/** Everything the bot reads and writes: Liked Songs, own and collaborative playlists. */
export const SPOTIFY_SCOPES = [
  'user-library-read',
  'playlist-read-private',
  'playlist-read-collaborative',
  'playlist-modify-private',
  'playlist-modify-public',
] as const;

export interface SpotifyOAuthOptions {
  clientId: string;
  clientSecret: string;
  /** e.g. https://accounts.spotify.com, without a trailing slash. */
  accountsUrl: string;
  redirectUri: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
  /** When set, every token request is counted against the shared daily budget first. */
  budget?: Pick<RequestBudgetGate, 'acquire'>;
  /** The clock a granted token's expiry is reckoned on (default Date.now). */
  now?: () => number;
}

export interface TokenGrant {
  accessToken: string;
  /** Absent when Spotify keeps the current refresh token (no rotation). */
  refreshToken: string | undefined;
  expiresAt: Date;
  scopes: string;
}

interface TokenResponse {
  access_token?: unknown;
  refresh_token?: unknown;
  expires_in?: unknown;
  scope?: unknown;
  error?: unknown;
  error_description?: unknown;
}

/** The Authorization Code flow with PKCE and the client secret (Basic header) on every token request. */
export class SpotifyOAuthClient {
  private readonly fetch: typeof fetch;
  private readonly timeoutMs: number;
  private readonly now: () => number;

  constructor(private readonly options: SpotifyOAuthOptions) {
    this.fetch = options.fetch ?? ((input, init) => fetch(input, init));
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.now = options.now ?? Date.now;
  }

  authorizeUrl({ state, codeChallenge }: { state: string; codeChallenge: string }): string {
    const url = new URL(`${this.options.accountsUrl}/authorize`);
    url.search = new URLSearchParams({
      client_id: this.options.clientId,
      response_type: 'code',
      redirect_uri: this.options.redirectUri,
      state,
      scope: SPOTIFY_SCOPES.join(' '),
      code_challenge_method: 'S256',
      code_challenge: codeChallenge,
    }).toString();
    return url.toString();
  }

  exchangeCode(code: string, codeVerifier: string): Promise<TokenGrant> {
    return this.requestToken({
      grant_type: 'authorization_code',
      code,
      redirect_uri: this.options.redirectUri,
      code_verifier: codeVerifier,
    });
  }

  /**
   * Not retried here: with rotation, a refresh that reached Spotify but whose answer was lost would
   * make a retry with the old token look like invalid_grant and expire a healthy link.
   */
  refresh(refreshToken: string): Promise<TokenGrant> {
    return this.requestToken({ grant_type: 'refresh_token', refresh_token: refreshToken });
  }

  /** Asks for an app token (client credentials): only the right client id and secret get one. */
  async checkCredentials(): Promise<void> {
    await this.requestToken({ grant_type: 'client_credentials' });
  }

  /**
   * Opens the authorize page as a browser would, without following it: Spotify refuses a redirect
   * URI the app has not registered (and an unknown client) there, before anyone logs in.
   */
  async authorizePageRefusal(): Promise<'unregistered-redirect-uri' | 'unknown-client' | undefined> {
    const url = this.authorizeUrl({
      state: randomUUID(),
      codeChallenge: randomBytes(32).toString('base64url'),
    });
    let page: string;
    try {
      const response = await this.fetch(url, {
        redirect: 'manual',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      page = await response.text();
    } catch (error) {
      throw new SpotifyNetworkError('GET', '/authorize', (error as Error).name === 'TimeoutError', {
        cause: error,
      });
    }
    if (page.includes('Invalid redirect URI')) return 'unregistered-redirect-uri';
    if (page.includes('INVALID_CLIENT')) return 'unknown-client';
    return undefined;
  }

  private async requestToken(form: Record<string, string>): Promise<TokenGrant> {
    const basic = Buffer.from(`${this.options.clientId}:${this.options.clientSecret}`).toString('base64');
    const endpoint = '/api/token';
    await this.options.budget?.acquire(currentPriority(), endpoint);
    let response: Response;
    try {
      response = await this.fetch(`${this.options.accountsUrl}${endpoint}`, {
        method: 'POST',
        headers: { Authorization: `Basic ${basic}`, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(form).toString(),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new SpotifyNetworkError('POST', endpoint, (error as Error).name === 'TimeoutError', {
        cause: error,
      });
    }
    const body = (await response.json().catch(() => ({}))) as TokenResponse;
    if (!response.ok || typeof body.access_token !== 'string') {
      throw new SpotifyTokenError(
        response.status,
        typeof body.error === 'string' ? body.error : 'invalid_response',
        typeof body.error_description === 'string' ? body.error_description : undefined,
      );
    }
    const expiresIn = typeof body.expires_in === 'number' ? body.expires_in : 3600;
    return {
      accessToken: body.access_token,
      refreshToken: typeof body.refresh_token === 'string' ? body.refresh_token : undefined,
      expiresAt: new Date(this.now() + expiresIn * 1000),
      scopes: typeof body.scope === 'string' ? body.scope : '',
    };
  }
}
