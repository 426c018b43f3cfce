import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import { secret } from './ids.js';
import type { FakeLibrary } from './library.js';

/** The fake's reply before it is written to the socket. */
export interface FakeResponse {
  status: number;
  headers?: Record<string, string>;
  /** Objects are sent as JSON; strings as they are (HTML pages set their content type). */
  body?: unknown;
}

export interface AccountsOptions {
  clientId: string;
  clientSecret: string;
  /** Registered redirect URIs; exact match, except a loopback IP literal registered without a port matches any port. */
  redirectUris: string[];
  /** Default 3600. */
  accessTokenLifetimeSeconds?: number;
  /** Measured from the original authorization, as Spotify's 6-month rule. Default 182 days. */
  refreshTokenLifetimeSeconds?: number;
  /** Default 600. */
  authorizationCodeLifetimeSeconds?: number;
  /** Return a new refresh token on refresh and invalidate the old one. Default true. */
  rotateRefreshTokens?: boolean;
  /**
   * `basic` (default): the token endpoint accepts only `Authorization: Basic` client auth, as a
   * confidential server app must use. `any`: also client_id + client_secret in the body, or a
   * public PKCE client sending only client_id.
   */
  clientAuth?: 'basic' | 'any';
  /** Reject /authorize without a S256 code_challenge. Default true. */
  requirePkce?: boolean;
  /** Reject /authorize without state. Default true. */
  requireState?: boolean;
}

export interface Grant {
  id: string;
  userId: string;
  scopes: string[];
  authorizedAt: number;
  revoked: boolean;
}

export interface AccessTokenRecord {
  token: string;
  grant: Grant;
  expiresAt: number;
}

interface AuthCode {
  code: string;
  redirectUri: string;
  userId: string;
  scopes: string[];
  challenge: string | null;
  expiresAt: number;
  used: boolean;
  grant: Grant | null;
}

interface PendingAuthorization {
  id: string;
  redirectUri: string;
  state: string | null;
  scopes: string[];
  challenge: string | null;
  expiresAt: number;
}

export interface TokenRequestRecord {
  grantType: string;
  clientAuth: 'basic' | 'body-secret' | 'public' | 'none' | 'invalid';
  status: number;
  error?: string;
}

export interface IssuedTokens {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  scope: string;
}

export const DEFAULT_SCOPES = [
  'user-library-read',
  'playlist-read-private',
  'playlist-read-collaborative',
  'playlist-modify-private',
  'playlist-modify-public',
];

const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;
const CHALLENGE = /^[A-Za-z0-9\-_]{43}$/;

/** accounts.spotify.com: the authorize page, the token endpoint, and the tokens they issue. */
export class FakeAccounts {
  readonly options: Required<AccountsOptions>;
  readonly tokenRequests: TokenRequestRecord[] = [];
  private readonly codes = new Map<string, AuthCode>();
  private readonly pending = new Map<string, PendingAuthorization>();
  private readonly accessTokens = new Map<string, AccessTokenRecord>();
  private readonly refreshTokens = new Map<string, { grant: Grant; valid: boolean }>();
  private readonly grants: Grant[] = [];
  authorizingUserId: string | null = null;
  autoApprove: 'approve' | 'deny' | null = null;

  constructor(
    options: AccountsOptions,
    private readonly library: FakeLibrary,
    private readonly now: () => number,
    private readonly knownScopes: ReadonlySet<string>,
  ) {
    this.options = {
      accessTokenLifetimeSeconds: 3600,
      refreshTokenLifetimeSeconds: 182 * 24 * 3600,
      authorizationCodeLifetimeSeconds: 600,
      rotateRefreshTokens: true,
      clientAuth: 'basic',
      requirePkce: true,
      requireState: true,
      ...options,
    };
    for (const uri of options.redirectUris) {
      const url = new URL(uri);
      if (url.hostname === 'localhost')
        throw new Error(`fake Spotify: "localhost" redirect URIs are not allowed (${uri}); use 127.0.0.1`);
      if (url.protocol !== 'https:' && !isLoopbackLiteral(url.hostname)) {
        throw new Error(`fake Spotify: redirect URIs must be HTTPS or a loopback IP literal (${uri})`);
      }
    }
  }

  // ---- test-side controls ----

  /** Mints tokens for a user without the browser dance (for client tests that start linked). */
  issueTokens(userId: string, scopes: string[] = DEFAULT_SCOPES): IssuedTokens {
    this.library.user(userId);
    const grant: Grant = {
      id: randomUUID(),
      userId,
      scopes: [...scopes],
      authorizedAt: this.now(),
      revoked: false,
    };
    this.grants.push(grant);
    return this.tokensFor(grant, true) as IssuedTokens;
  }

  /** Every access token (of one user, or all) expires now; the next API call gets 401. */
  expireAccessTokens(userId?: string): void {
    for (const record of this.accessTokens.values()) {
      if (userId === undefined || record.grant.userId === userId)
        record.expiresAt = Math.min(record.expiresAt, this.now() - 1);
    }
  }

  /** The user revoked the app: refresh tokens answer invalid_grant, access tokens 401. */
  revokeGrants(userId: string): void {
    for (const grant of this.grants) if (grant.userId === userId) grant.revoked = true;
  }

  accessToken(token: string): AccessTokenRecord | undefined {
    return this.accessTokens.get(token);
  }

  // ---- /authorize ----

  authorize(url: URL): FakeResponse {
    const q = url.searchParams;
    const clientId = q.get('client_id');
    if (clientId !== this.options.clientId) return errorPage(400, 'INVALID_CLIENT: Invalid client');
    const redirectUri = q.get('redirect_uri');
    if (!redirectUri || !this.redirectRegistered(redirectUri))
      return errorPage(400, 'INVALID_CLIENT: Invalid redirect URI');
    const state = q.get('state');
    const fail = (error: string, description: string): FakeResponse =>
      redirect(redirectUri, { error, error_description: description, ...(state !== null ? { state } : {}) });
    if (q.get('response_type') !== 'code')
      return fail('unsupported_response_type', 'response_type must be code');
    const scopes = (q.get('scope') ?? '').split(/[ +]/).filter(Boolean);
    const unknown = scopes.filter((s) => !this.knownScopes.has(s));
    if (unknown.length > 0) return fail('invalid_scope', `Invalid scope: ${unknown.join(' ')}`);
    const challenge = q.get('code_challenge');
    const method = q.get('code_challenge_method');
    if (challenge !== null || method !== null || this.options.requirePkce) {
      if (method !== 'S256') return fail('invalid_request', 'code_challenge_method must be S256');
      if (!challenge || !CHALLENGE.test(challenge))
        return fail('invalid_request', 'code_challenge must be a base64url SHA-256 (43 characters)');
    }
    if (this.options.requireState && !state)
      return fail('invalid_request', 'state is required (fake Spotify)');
    const request: PendingAuthorization = {
      id: randomUUID(),
      redirectUri,
      state,
      scopes,
      challenge,
      expiresAt: this.now() + 30 * 60_000,
    };
    this.pending.set(request.id, request);
    if (this.autoApprove !== null) {
      const userId = this.authorizingUserId ?? [...this.library.users.keys()][0];
      return this.decide(request, this.autoApprove, userId);
    }
    return {
      status: 200,
      headers: { 'content-type': 'text/html; charset=utf-8' },
      body: this.page(request, clientId),
    };
  }

  /** The form on the page posts here: request_id, user_id, decision=approve|deny. */
  authorizeDecision(form: URLSearchParams): FakeResponse {
    const request = this.pending.get(form.get('request_id') ?? '');
    if (!request || request.expiresAt < this.now())
      return errorPage(400, 'This authorization request is unknown or expired. Start again.');
    this.pending.delete(request.id);
    const decision = form.get('decision') === 'approve' ? 'approve' : 'deny';
    return this.decide(request, decision, form.get('user_id') ?? undefined);
  }

  private decide(
    request: PendingAuthorization,
    decision: 'approve' | 'deny',
    userId: string | undefined,
  ): FakeResponse {
    const state: Record<string, string> = request.state !== null ? { state: request.state } : {};
    if (decision === 'deny') return redirect(request.redirectUri, { error: 'access_denied', ...state });
    if (!userId || !this.library.users.has(userId))
      return errorPage(400, `No such fake user: ${userId ?? '(none)'}`);
    const code = secret('AQ', 96);
    this.codes.set(code, {
      code,
      redirectUri: request.redirectUri,
      userId,
      scopes: request.scopes,
      challenge: request.challenge,
      expiresAt: this.now() + this.options.authorizationCodeLifetimeSeconds * 1000,
      used: false,
      grant: null,
    });
    return redirect(request.redirectUri, { code, ...state });
  }

  private page(request: PendingAuthorization, clientId: string): string {
    const users = [...this.library.users.values()];
    const selected = this.authorizingUserId ?? users[0]?.id;
    const options = users
      .map(
        (u) =>
          `<option value="${html(u.id)}"${u.id === selected ? ' selected' : ''}>${html(u.displayName)} (${html(u.id)})</option>`,
      )
      .join('');
    const scopes = request.scopes.map((s) => `<li>${html(s)}</li>`).join('') || '<li>(no scopes)</li>';
    return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Fake Spotify – Authorize</title></head>
<body>
<h1>Fake Spotify</h1>
<p>The app <strong>${html(clientId)}</strong> asks to:</p>
<ul id="scopes">${scopes}</ul>
<form method="post" action="/authorize">
  <input type="hidden" name="request_id" value="${html(request.id)}">
  <label>Log in as <select name="user_id" id="user">${options}</select></label>
  <p>
    <button type="submit" name="decision" value="approve" id="approve" data-testid="auth-accept">Approve</button>
    <button type="submit" name="decision" value="deny" id="deny" data-testid="auth-cancel">Deny</button>
  </p>
</form>
</body></html>`;
  }

  private redirectRegistered(uri: string): boolean {
    if (this.options.redirectUris.includes(uri)) return true;
    let url: URL;
    try {
      url = new URL(uri);
    } catch {
      return false;
    }
    if (!isLoopbackLiteral(url.hostname) || url.port === '') return false;
    const withoutPort = new URL(url.href);
    withoutPort.port = '';
    return (
      this.options.redirectUris.includes(withoutPort.href) ||
      this.options.redirectUris.includes(withoutPort.href.replace(/\/$/, ''))
    );
  }

  // ---- /api/token ----

  token(headers: Record<string, string | string[] | undefined>, rawBody: string): FakeResponse {
    const contentType = String(headers['content-type'] ?? '');
    const form = new URLSearchParams(
      contentType.includes('application/x-www-form-urlencoded') ? rawBody : '',
    );
    const grantType = form.get('grant_type') ?? '';
    const record: TokenRequestRecord = { grantType, clientAuth: 'none', status: 200 };
    this.tokenRequests.push(record);
    const reply = (status: number, body: Record<string, unknown>): FakeResponse => {
      record.status = status;
      if (typeof body.error === 'string') record.error = body.error;
      return { status, headers: { 'cache-control': 'no-store' }, body };
    };
    const oauthError = (error: string, description: string): FakeResponse =>
      reply(400, { error, error_description: description });

    if (!contentType.includes('application/x-www-form-urlencoded')) {
      return oauthError(
        'unsupported_grant_type',
        'grant_type parameter is missing (send application/x-www-form-urlencoded)',
      );
    }
    if (!['authorization_code', 'refresh_token', 'client_credentials'].includes(grantType)) {
      return oauthError(
        'unsupported_grant_type',
        `grant_type must be authorization_code, refresh_token or client_credentials`,
      );
    }

    // Client authentication.
    const authorization = String(headers.authorization ?? '');
    if (authorization) {
      const m = /^Basic ([A-Za-z0-9+/=]+)$/.exec(authorization);
      const decoded = m ? Buffer.from(m[1]!, 'base64').toString('utf8') : '';
      const colon = decoded.indexOf(':');
      const id = colon === -1 ? '' : decoded.slice(0, colon);
      const secretPart = colon === -1 ? '' : decoded.slice(colon + 1);
      if (id !== this.options.clientId) {
        record.clientAuth = 'invalid';
        return oauthError('invalid_client', 'Invalid client');
      }
      if (!safeEqual(secretPart, this.options.clientSecret)) {
        record.clientAuth = 'invalid';
        return oauthError('invalid_client', 'Invalid client secret');
      }
      record.clientAuth = 'basic';
    } else if (this.options.clientAuth === 'any' && form.get('client_id') === this.options.clientId) {
      const bodySecret = form.get('client_secret');
      if (bodySecret !== null) {
        if (!safeEqual(bodySecret, this.options.clientSecret)) {
          record.clientAuth = 'invalid';
          return oauthError('invalid_client', 'Invalid client secret');
        }
        record.clientAuth = 'body-secret';
      } else {
        record.clientAuth = 'public';
      }
    } else {
      return oauthError(
        'invalid_client',
        'Invalid client (send Authorization: Basic base64(client_id:client_secret))',
      );
    }

    if (grantType === 'client_credentials') {
      if (record.clientAuth === 'public') return oauthError('invalid_client', 'Invalid client');
      // An app token reads no user's data; the fake's Web API does not accept it (no catalogue-only routes).
      return reply(200, {
        access_token: secret('BQ', 96),
        token_type: 'Bearer',
        expires_in: this.options.accessTokenLifetimeSeconds,
      });
    }

    if (grantType === 'authorization_code') {
      const code = this.codes.get(form.get('code') ?? '');
      if (!code) return oauthError('invalid_grant', 'Invalid authorization code');
      if (code.used) {
        // RFC 6749 §4.1.2: a code used twice revokes what it issued.
        if (code.grant) code.grant.revoked = true;
        return oauthError('invalid_grant', 'Invalid authorization code');
      }
      if (code.expiresAt < this.now()) return oauthError('invalid_grant', 'Authorization code expired');
      if (form.get('redirect_uri') !== code.redirectUri)
        return oauthError('invalid_grant', 'Invalid redirect URI');
      const verifier = form.get('code_verifier');
      if (code.challenge !== null) {
        if (verifier === null) return oauthError('invalid_request', 'code_verifier required');
        if (!VERIFIER.test(verifier) || s256(verifier) !== code.challenge)
          return oauthError('invalid_grant', 'code_verifier was incorrect');
      } else if (record.clientAuth === 'public') {
        return oauthError('invalid_client', 'Invalid client (a public client must use PKCE)');
      }
      code.used = true;
      const grant: Grant = {
        id: randomUUID(),
        userId: code.userId,
        scopes: code.scopes,
        authorizedAt: this.now(),
        revoked: false,
      };
      this.grants.push(grant);
      code.grant = grant;
      const tokens = this.tokensFor(grant, true);
      return reply(200, {
        access_token: tokens.accessToken,
        token_type: 'Bearer',
        expires_in: tokens.expiresIn,
        refresh_token: tokens.refreshToken,
        scope: tokens.scope,
      });
    }

    const presented = form.get('refresh_token') ?? '';
    const refresh = this.refreshTokens.get(presented);
    if (!refresh) return oauthError('invalid_grant', 'Invalid refresh token');
    if (!refresh.valid || refresh.grant.revoked) return oauthError('invalid_grant', 'Refresh token revoked');
    if (this.now() - refresh.grant.authorizedAt > this.options.refreshTokenLifetimeSeconds * 1000) {
      return oauthError('invalid_grant', 'Refresh token expired');
    }
    const rotate = this.options.rotateRefreshTokens;
    if (rotate) refresh.valid = false;
    const tokens = this.tokensFor(refresh.grant, rotate);
    return reply(200, {
      access_token: tokens.accessToken,
      token_type: 'Bearer',
      expires_in: tokens.expiresIn,
      ...(tokens.refreshToken !== undefined ? { refresh_token: tokens.refreshToken } : {}),
      scope: tokens.scope,
    });
  }

  private tokensFor(
    grant: Grant,
    withRefresh: boolean,
  ): Omit<IssuedTokens, 'refreshToken'> & { refreshToken?: string } {
    const accessToken = secret('BQ', 96);
    const expiresIn = this.options.accessTokenLifetimeSeconds;
    this.accessTokens.set(accessToken, {
      token: accessToken,
      grant,
      expiresAt: this.now() + expiresIn * 1000,
    });
    let refreshToken: string | undefined;
    if (withRefresh) {
      refreshToken = secret('AQ', 96);
      this.refreshTokens.set(refreshToken, { grant, valid: true });
    }
    return {
      accessToken,
      expiresIn,
      scope: grant.scopes.join(' '),
      ...(refreshToken !== undefined ? { refreshToken } : {}),
    };
  }
}

export function s256(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function isLoopbackLiteral(hostname: string): boolean {
  return hostname === '127.0.0.1' || hostname === '[::1]';
}

function redirect(base: string, params: Record<string, string>): FakeResponse {
  const url = new URL(base);
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  return { status: 303, headers: { location: url.href } };
}

function errorPage(status: number, message: string): FakeResponse {
  return {
    status,
    headers: { 'content-type': 'text/html; charset=utf-8' },
    body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Fake Spotify – Error</title></head><body><h1>Oops! Something went wrong</h1><p id="error">${html(message)}</p></body></html>`,
  };
}

function html(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
