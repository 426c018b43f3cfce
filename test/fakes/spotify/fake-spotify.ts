import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  FakeAccounts,
  type AccountsOptions,
  type FakeResponse,
  type IssuedTokens,
  type TokenRequestRecord,
  DEFAULT_SCOPES,
} from './accounts.js';
import { DailyQuota, type DailyQuotaSpec } from './daily-quota.js';
import { FaultInjector, faultBody, type Fault } from './faults.js';
import { SeededRandom } from './ids.js';
import {
  FakeLibrary,
  type PlaylistView,
  type SeedEpisode,
  type SeedLibrary,
  type SeedPlaylist,
  type SeedPlaylistItem,
  type SeedTrack,
} from './library.js';
import { ObjectBuilder } from './objects.js';
import {
  seedFromSnapshot,
  type SnapshotLike,
  type SnapshotSeedOptions,
  type SnapshotSeedResult,
} from './snapshot.js';
import { applyFields, FieldsSyntaxError, parseFields } from './fields.js';
import { sharedSpotifySpec, type SpecOperation, type SpecViolation, type SpotifySpec } from './spec.js';
import { ApiError, WebApi } from './web-api.js';

export interface FakeSpotifyOptions extends AccountsOptions {
  /** Seed of the RNG behind generated IDs and fault probabilities. Default 1. */
  seed?: number;
  /** Answer 400 to requests that break the spec (they are recorded either way). Default true. */
  failOnSpecViolation?: boolean;
  /** Validate every JSON response against the spec and record mismatches. Default true. */
  validateResponses?: boolean;
  /** Also send the deprecated `track` (entries) and `tracks` (playlists) keys. Default false. */
  legacyTrackFields?: boolean;
  /** Check OAuth scopes per operation (403 "Insufficient client scope"). Default true. */
  enforceScopes?: boolean;
  /** Development Mode allow-list (at most 5 user IDs); others get 403 on the Web API. Default: everyone. */
  allowList?: string[];
  /** Fixed ports (for demos); default 0, a random free port each. */
  accountsPort?: number;
  apiPort?: number;
  /**
   * The clock the fake's own time runs on (plus `advanceTime`). Default Date.now; a benchmark
   * passes its simulated clock so that the fake and the bot see the same time.
   */
  clock?: () => number;
}

export interface RequestLogEntry {
  service: 'accounts' | 'api';
  method: string;
  /** Concrete path as requested, e.g. `/v1/playlists/abc/items`. */
  path: string;
  /** Counting key: `GET /me/tracks`, `POST /playlists/{playlist_id}/items`, `POST /api/token`. */
  endpoint: string;
  query: Record<string, string>;
  /** Parsed JSON (API), the form as an object (accounts; client_secret redacted), or undefined. */
  body: unknown;
  status: number;
  userId?: string;
  /** The fault that answered (or followed) this request, if any. */
  faultId?: number;
  /** Answered 429 by the rolling-window rate limit (`setRateLimit`). */
  rateLimited?: boolean;
  /** Answered 429 QUOTA_EXCEEDED by the daily quota (`setDailyQuota`). */
  quotaExceeded?: boolean;
  at: number;
}

export interface DeprecatedCall {
  method: string;
  path: string;
  template: string;
  at: number;
}

const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * A fake Spotify (accounts service + Web API) on 127.0.0.1 for tests, benchmarks and demos.
 * See README.md next to this file for the whole API.
 */
export class FakeSpotify {
  accountsUrl = '';
  apiUrl = '';
  readonly faults: FaultInjector;
  readonly specViolations: SpecViolation[] = [];
  readonly deprecatedCalls: DeprecatedCall[] = [];
  readonly unimplementedCalls: Array<{ method: string; path: string; template: string }> = [];
  readonly requests: RequestLogEntry[] = [];

  private readonly random: SeededRandom;
  private readonly latencyRandom: SeededRandom;
  private readonly library: FakeLibrary;
  private readonly accounts: FakeAccounts;
  private readonly objects: ObjectBuilder;
  private readonly webApi: WebApi;
  private readonly spec: SpotifySpec;
  private readonly counts = new Map<string, number>();
  private readonly servers: Server[] = [];
  private clockOffset = 0;
  private stopped = false;
  /** Pending sleeps (latency, delays, hangs); stop() ends them so no timer outlives the fake. */
  private readonly waits = new Set<() => void>();
  private latency: { min: number; max: number } = { min: 0, max: 0 };
  private legacy: boolean;
  private readonly failOnViolation: boolean;
  private readonly validateResponses: boolean;
  private enforceScopes: boolean;
  private allowList: Set<string> | null = null;
  private rateLimit: { requests: number; windowMs: number } | null = null;
  private readonly admitted: number[] = [];
  private dailyQuota: DailyQuota | null = null;
  private readonly clock: () => number;

  private constructor(options: FakeSpotifyOptions) {
    this.spec = sharedSpotifySpec();
    this.random = new SeededRandom(options.seed ?? 1);
    this.clock = options.clock ?? Date.now;
    const now = (): number => this.now();
    this.library = new FakeLibrary(this.random, now);
    this.accounts = new FakeAccounts(options, this.library, now, this.spec.scopes);
    this.objects = new ObjectBuilder(
      this.library,
      () => this.apiUrl,
      () => this.legacy,
    );
    this.webApi = new WebApi(this.library, this.objects, () => this.enforceScopes);
    // Separate generators: seeding more playlists must not change which requests fail.
    this.faults = new FaultInjector(new SeededRandom((options.seed ?? 1) ^ 0x5eed_fa17));
    this.latencyRandom = new SeededRandom((options.seed ?? 1) ^ 0x1a7e_0c1e);
    this.legacy = options.legacyTrackFields ?? false;
    this.failOnViolation = options.failOnSpecViolation ?? true;
    this.validateResponses = options.validateResponses ?? true;
    this.enforceScopes = options.enforceScopes ?? true;
    if (options.allowList) this.setAllowList(options.allowList);
  }

  /** Starts both services on random ports of 127.0.0.1. */
  static async start(options: FakeSpotifyOptions): Promise<FakeSpotify> {
    const fake = new FakeSpotify(options);
    const accountsPort = await fake.listen('accounts', options.accountsPort ?? 0);
    const apiPort = await fake.listen('api', options.apiPort ?? 0);
    fake.accountsUrl = `http://127.0.0.1:${accountsPort}`;
    fake.apiUrl = `http://127.0.0.1:${apiPort}/v1`;
    return fake;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const wake of [...this.waits]) wake();
    await Promise.all(
      this.servers.map(
        (server) =>
          new Promise<void>((resolve) => {
            server.close(() => resolve());
            server.closeAllConnections();
          }),
      ),
    );
  }

  /** The fake's clock (the `clock` option, real time by default, plus `advanceTime`). */
  now(): number {
    return this.clock() + this.clockOffset;
  }

  /** Moves the fake's clock: tokens, codes and the 6-month refresh limit see the jump. */
  advanceTime(ms: number): void {
    this.clockOffset += ms;
  }

  // ---------------------------------------------------------------- users and seeding

  addUser(user: { id: string; displayName?: string; accountId?: string | null }): void {
    this.library.addUser(user);
  }

  addTracks(tracks: SeedTrack[]): void {
    for (const track of tracks) this.library.addTrack(track);
  }

  addEpisodes(episodes: SeedEpisode[]): void {
    for (const episode of episodes) this.library.addEpisode(episode);
  }

  /**
   * Track relinking: `originalId` is not playable in the users' market and a request that names a
   * `market` gets `playableId` in its place (no `linked_from`: removed for new apps). Playlists and
   * Liked Songs keep holding the original.
   */
  relinkTrack(originalId: string, playableId: string): void {
    this.library.relinkTrack(originalId, playableId);
  }

  /** Catalogue tracks, Liked Songs and playlists of a user (playlists may name other owners). */
  seedLibrary(userId: string, seed: SeedLibrary): { playlistIds: string[] } {
    return this.library.seedLibrary(userId, seed);
  }

  /** Seeds a user from a `library-snapshot/1` object (see snapshot.ts for the options). */
  seedFromSnapshot(
    userId: string,
    snapshot: SnapshotLike,
    options: SnapshotSeedOptions = {},
  ): SnapshotSeedResult {
    return seedFromSnapshot(this.library, userId, snapshot, options);
  }

  /** Creates a playlist as if the user did it in the Spotify app (not counted as an API call). */
  createPlaylistByHand(userId: string, playlist: SeedPlaylist): string {
    return this.library.seedLibrary(userId, { playlists: [playlist] }).playlistIds[0]!;
  }

  likeTrack(userId: string, trackId: string, addedAt?: string | Date): void {
    this.library.likeTrack(userId, trackId, addedAt);
  }

  unlikeTrack(userId: string, trackId: string): boolean {
    return this.library.unlikeTrack(userId, trackId);
  }

  /** Adds items (track IDs or seed items) as the user would in the app; returns the new snapshot_id. */
  addToPlaylistByHand(
    playlistId: string,
    items: SeedPlaylistItem[],
    options: { position?: number; addedBy?: string } = {},
  ): string {
    return this.library.addToPlaylist(playlistId, items, options);
  }

  /** Removes every occurrence of these tracks; returns the new snapshot_id. */
  removeFromPlaylistByHand(playlistId: string, trackIds: string[]): string {
    return this.library.removeFromPlaylist(playlistId, trackIds);
  }

  /**
   * Deletes a playlist as the user would in the app: it leaves their library (Spotify unfollows
   * it; the playlist and its items remain, and its owner can still read and write it by id).
   */
  deletePlaylistByHand(userId: string, playlistId: string): void {
    this.library.unfollow(userId, playlistId);
  }

  /** Puts a deleted playlist back in the user's library, as restoring (or following) it does. */
  restorePlaylistByHand(userId: string, playlistId: string): void {
    this.library.follow(userId, playlistId);
  }

  /** Liked Songs track IDs, newest first. */
  likedTrackIds(userId: string): string[] {
    return this.library.likedTrackIds(userId);
  }

  playlist(id: string): PlaylistView {
    return this.library.view(this.library.playlistState(id));
  }

  /** The playlists in a user's library (owned, followed, collaborating), in `/me/playlists` order. */
  playlistsOf(userId: string): PlaylistView[] {
    return this.library.user(userId).playlistIds.map((id) => this.playlist(id));
  }

  /** Playlists a user owns. */
  ownedPlaylistsOf(userId: string): PlaylistView[] {
    return this.playlistsOf(userId).filter((p) => p.ownerId === userId);
  }

  // ---------------------------------------------------------------- OAuth

  /** The fake user the authorize page approves as by default (it also offers a picker). */
  setAuthorizingUser(userId: string): void {
    this.library.user(userId);
    this.accounts.authorizingUserId = userId;
  }

  /** `approve`/`deny`: GET /authorize redirects at once, without showing the page. */
  setAutoApprove(decision: 'approve' | 'deny' | null): void {
    this.accounts.autoApprove = decision;
  }

  /**
   * Walks an authorize URL over HTTP as a browser would: loads the page and presses Approve
   * (or Deny), as `userId` (default: the authorizing user). Returns the redirect location.
   */
  async completeAuthorization(
    authorizeUrl: string,
    options: { userId?: string; decision?: 'approve' | 'deny' } = {},
  ): Promise<string> {
    const page = await fetch(authorizeUrl, { redirect: 'manual' });
    const location = page.headers.get('location');
    if (location) return location;
    const text = await page.text();
    const requestId = /name="request_id" value="([^"]+)"/.exec(text)?.[1];
    if (!page.ok || !requestId)
      throw new Error(
        `fake Spotify: the authorize page failed (${page.status}): ${text.replace(/<[^>]+>/g, ' ').trim()}`,
      );
    const userId =
      options.userId ?? this.accounts.authorizingUserId ?? [...this.library.users.keys()][0] ?? '';
    const decision = await fetch(`${this.accountsUrl}/authorize`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        request_id: requestId,
        user_id: userId,
        decision: options.decision ?? 'approve',
      }),
    });
    const target = decision.headers.get('location');
    if (!target)
      throw new Error(
        `fake Spotify: no redirect after the decision (${decision.status}): ${await decision.text()}`,
      );
    return target;
  }

  /** Tokens for a user without the OAuth dance, as if they had linked already. */
  issueTokens(userId: string, scopes: string[] = DEFAULT_SCOPES): IssuedTokens {
    return this.accounts.issueTokens(userId, scopes);
  }

  /** Every access token (of one user, or all) expires now: the next API call gets 401. */
  expireAccessTokens(userId?: string): void {
    this.accounts.expireAccessTokens(userId);
  }

  /** The user revoked access: their refresh tokens get invalid_grant, access tokens 401. */
  revokeGrants(userId: string): void {
    this.accounts.revokeGrants(userId);
  }

  setRefreshTokenRotation(rotate: boolean): void {
    this.accounts.options.rotateRefreshTokens = rotate;
  }

  setAccessTokenLifetime(seconds: number): void {
    this.accounts.options.accessTokenLifetimeSeconds = seconds;
  }

  /** What the token endpoint was asked and answered (grant type, client auth used, status). */
  get tokenRequests(): readonly TokenRequestRecord[] {
    return this.accounts.tokenRequests;
  }

  // ---------------------------------------------------------------- switches, faults, counting

  setLegacyTrackFields(on: boolean): void {
    this.legacy = on;
  }

  /** Development Mode: only these users (at most 5) may call the Web API; null lifts the limit. */
  setAllowList(userIds: string[] | null): void {
    if (userIds && userIds.length > 5)
      throw new Error('fake Spotify: a Development Mode app allows at most 5 users');
    this.allowList = userIds ? new Set(userIds) : null;
  }

  setScopeEnforcement(on: boolean): void {
    this.enforceScopes = on;
  }

  /**
   * A rolling-window rate limit on the Web API, like Spotify's (30 s window, number unpublished):
   * beyond `requests` per `windowSeconds`, answer 429 with the Retry-After that frees a slot.
   * Requests answered 429 do not count towards the window. null lifts it.
   */
  setRateLimit(limit: { requests: number; windowSeconds?: number } | null): void {
    this.rateLimit = limit
      ? { requests: limit.requests, windowMs: (limit.windowSeconds ?? 30) * 1000 }
      : null;
    this.admitted.length = 0;
  }

  /** How many Web API requests the rate limit answered 429 since the last reset. */
  rateLimitedRequests(): number {
    return this.requests.filter((r) => r.rateLimited).length;
  }

  private rateLimited(): number | undefined {
    if (!this.rateLimit) return undefined;
    const now = this.now();
    const horizon = now - this.rateLimit.windowMs;
    while (this.admitted.length > 0 && this.admitted[0]! <= horizon) this.admitted.shift();
    if (this.admitted.length < this.rateLimit.requests) {
      this.admitted.push(now);
      return undefined;
    }
    return Math.max(1, Math.ceil((this.admitted[0]! + this.rateLimit.windowMs - now) / 1000));
  }

  /**
   * Spotify's daily quota for the app (all users together): past `requests` Web API requests in
   * the rolling window, 429 QUOTA_EXCEEDED with a long Retry-After until the block ends. null lifts it.
   */
  setDailyQuota(spec: DailyQuotaSpec | null): void {
    this.dailyQuota = spec ? new DailyQuota(spec) : null;
  }

  /** The daily quota's state: requests counted in the window, blocks so far, requests refused. */
  dailyQuotaState(): { used: number; blocks: number; exceeded: number; blockedUntil: number } | undefined {
    const quota = this.dailyQuota;
    if (!quota) return undefined;
    const now = this.now();
    return {
      used: quota.used(now),
      blocks: quota.blocks,
      exceeded: quota.exceeded,
      blockedUntil: quota.blockedUntilMs(now),
    };
  }

  /** Delay every answer by `ms`, or by a seeded-random value in [min, max]. */
  setLatency(latency: number | { min: number; max: number }): void {
    this.latency = typeof latency === 'number' ? { min: latency, max: latency } : latency;
  }

  /** Requests per endpoint, e.g. `{ 'GET /me/tracks': 3, 'POST /api/token': 1 }`. */
  requestCounts(): Record<string, number> {
    return Object.fromEntries(this.counts);
  }

  requestCount(endpoint: string): number {
    return this.counts.get(endpoint) ?? 0;
  }

  /** Web API requests (`/v1/...`) since the last reset; `all` adds the accounts service. */
  totalRequests(which: 'api' | 'all' = 'api'): number {
    return this.requests.filter((r) => which === 'all' || r.service === 'api').length;
  }

  /** Clears counts and the request log (not the violation and deprecated-call records). */
  resetCounts(): void {
    this.counts.clear();
    this.requests.length = 0;
  }

  /** Throws listing every spec violation, deprecated call and unimplemented call recorded so far. */
  assertClean(): void {
    const problems = [
      ...this.specViolations.map((v) => `spec (${v.kind}): ${v.method} ${v.path} ${v.where}: ${v.message}`),
      ...this.deprecatedCalls.map((d) => `deprecated: ${d.method} ${d.path}`),
      ...this.unimplementedCalls.map((u) => `not implemented by the fake: ${u.method} ${u.path}`),
    ];
    if (problems.length > 0)
      throw new Error(`fake Spotify saw ${problems.length} problem(s):\n${problems.join('\n')}`);
  }

  // ---------------------------------------------------------------- HTTP

  private listen(service: 'accounts' | 'api', port: number): Promise<number> {
    const server = createServer((req, res) => {
      this.serve(service, req, res).catch((error: unknown) => {
        if (!res.headersSent) {
          res.writeHead(500, { 'content-type': JSON_TYPE });
          res.end(
            JSON.stringify({
              error: {
                status: 500,
                message: `fake Spotify crashed: ${(error as Error).stack ?? String(error)}`,
              },
            }),
          );
        } else {
          res.destroy();
        }
      });
    });
    server.keepAliveTimeout = 1000;
    this.servers.push(server);
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
    });
  }

  private async serve(service: 'accounts' | 'api', req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', service === 'api' ? this.apiUrl : this.accountsUrl);
    const apiPath =
      service === 'api' && url.pathname.startsWith('/v1/') ? url.pathname.slice(3) : url.pathname;
    const match = service === 'api' ? this.spec.match(method, apiPath) : undefined;
    const template = service === 'api' ? match?.operation.template : url.pathname;
    const endpoint = `${method} ${template ?? apiPath}`;
    this.counts.set(endpoint, (this.counts.get(endpoint) ?? 0) + 1);
    const entry: RequestLogEntry = {
      service,
      method,
      path: url.pathname,
      endpoint,
      query: Object.fromEntries(url.searchParams),
      body: logBody(service, req.headers['content-type'], raw),
      status: 0,
      at: this.now(),
    };
    this.requests.push(entry);

    const delay =
      this.latency.min +
      (this.latency.max - this.latency.min) *
        (this.latency.max > this.latency.min ? this.latencyRandom.next() : 0);
    const gone = new AbortController();
    res.once('close', () => gone.abort());
    if (delay > 0) await this.sleep(delay, gone.signal);

    const fault = this.faults.pick({ method, fullPath: url.pathname, path: apiPath, template });
    if (fault) entry.faultId = fault.id;
    if (fault?.delayMs) await this.sleep(fault.delayMs, gone.signal);
    // A hang with an end is only slow: the request is carried out afterwards, client or not.
    const slow = fault?.status === 'hang' && fault.hangMs !== undefined;
    if (fault?.status === 'hang')
      await this.sleep(fault.hangMs ?? Number.POSITIVE_INFINITY, slow ? undefined : gone.signal);
    if (this.stopped || (gone.signal.aborted && !slow)) {
      res.socket?.destroy();
      return;
    }
    if (fault && !slow && !fault.applyBeforeFailing) return this.sendFault(res, fault, entry);
    if ((!fault || slow) && service === 'api' && this.dailyQuota) {
      const retryAfter = this.dailyQuota.admit(this.now());
      if (retryAfter !== undefined) {
        entry.status = 429;
        entry.quotaExceeded = true;
        return send(res, {
          status: 429,
          headers: { 'retry-after': String(retryAfter) },
          body: { error: { status: 429, message: 'Too many requests', reason: 'QUOTA_EXCEEDED' } },
        });
      }
    }
    if ((!fault || slow) && service === 'api') {
      const retryAfter = this.rateLimited();
      if (retryAfter !== undefined) {
        entry.status = 429;
        entry.rateLimited = true;
        return send(res, {
          status: 429,
          headers: { 'retry-after': String(retryAfter) },
          body: { error: { status: 429, message: 'API rate limit exceeded' } },
        });
      }
    }

    const response =
      service === 'accounts'
        ? this.accountsRoute(method, url, req, raw)
        : this.apiRoute(method, url, apiPath, match, req, raw, entry);
    if (fault && !slow) return this.sendFault(res, fault, entry);
    entry.status = response.status;
    if (gone.signal.aborted) res.socket?.destroy();
    else send(res, response);
  }

  /** Sleeps unless the fake stops or the client goes away (`gone`) first. */
  private sleep(ms: number, gone?: AbortSignal): Promise<void> {
    if (this.stopped || gone?.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.waits.delete(wake);
        gone?.removeEventListener('abort', wake);
        resolve();
      };
      const timer = Number.isFinite(ms) ? setTimeout(wake, ms) : undefined;
      this.waits.add(wake);
      gone?.addEventListener('abort', wake);
    });
  }

  private sendFault(res: ServerResponse, fault: Fault, entry: RequestLogEntry): void {
    if (fault.status === 'reset' || fault.status === 'hang') {
      entry.status = 0;
      res.socket?.destroy();
      return;
    }
    const headers: Record<string, string> = {};
    const retryAfter = fault.retryAfterSeconds ?? (fault.status === 429 ? 1 : undefined);
    if (retryAfter !== undefined) headers['retry-after'] = String(retryAfter);
    entry.status = fault.status;
    send(res, { status: fault.status, headers, body: faultBody(fault) });
  }

  private accountsRoute(method: string, url: URL, req: IncomingMessage, raw: string): FakeResponse {
    if (method === 'GET' && url.pathname === '/authorize') return this.accounts.authorize(url);
    if (method === 'POST' && url.pathname === '/authorize')
      return this.accounts.authorizeDecision(new URLSearchParams(raw));
    if (method === 'POST' && url.pathname === '/api/token') return this.accounts.token(req.headers, raw);
    return {
      status: 404,
      headers: { 'content-type': 'text/plain' },
      body: `fake Spotify accounts: no ${method} ${url.pathname}`,
    };
  }

  private apiRoute(
    method: string,
    url: URL,
    apiPath: string,
    match: ReturnType<SpotifySpec['match']>,
    req: IncomingMessage,
    raw: string,
    entry: RequestLogEntry,
  ): FakeResponse {
    const violation = (where: string, message: string, template?: string): void => {
      this.specViolations.push({
        kind: 'request',
        method,
        path: url.pathname + url.search,
        ...(template ? { template } : {}),
        where,
        message,
      });
    };
    if (!url.pathname.startsWith('/v1/')) {
      violation('path', 'Web API paths start with /v1');
      return apiError(404, 'Service not found');
    }
    if (!match) {
      const other = this.spec.templateFor(apiPath);
      if (other) {
        violation('method', `${method} is not defined for ${other}`, other);
        return apiError(405, 'Method not allowed');
      }
      violation('path', `no operation in the Spotify spec matches ${method} ${apiPath}`);
      return apiError(404, 'Service not found');
    }
    const { operation, params } = match;
    if (operation.deprecated) {
      this.deprecatedCalls.push({
        method,
        path: url.pathname + url.search,
        template: operation.template,
        at: this.now(),
      });
      return apiError(403, 'Forbidden');
    }

    // Authentication.
    const authorization = String(req.headers.authorization ?? '');
    const bearer = /^Bearer (\S+)$/.exec(authorization)?.[1];
    if (!authorization) return unauthorized('No token provided');
    if (!bearer) return unauthorized('Only valid bearer authentication supported');
    const token = this.accounts.accessToken(bearer);
    if (!token || token.grant.revoked) return unauthorized('Invalid access token');
    if (token.expiresAt <= this.now()) return unauthorized('The access token expired');
    const user = this.library.users.get(token.grant.userId);
    if (!user) return unauthorized('Invalid access token');
    entry.userId = user.id;
    if (this.allowList && !this.allowList.has(user.id)) {
      return apiError(
        403,
        'Check settings on developer.spotify.com/dashboard, the user may not be registered.',
      );
    }

    // Request validation against the spec.
    const problems = this.spec.validateQuery(operation, url.searchParams);
    let body: unknown;
    if (raw.length > 0) {
      const type = String(req.headers['content-type'] ?? '');
      if (!operation.hasBody) {
        problems.push({ where: 'body', message: `${method} ${operation.template} takes no request body` });
      } else if (!type.includes('application/json')) {
        problems.push({ where: 'body', message: `content-type must be application/json (got "${type}")` });
      } else {
        try {
          body = JSON.parse(raw);
          entry.body = body;
          problems.push(...this.spec.validateBody(operation, body));
        } catch {
          problems.push({ where: 'body', message: 'malformed JSON' });
        }
      }
    } else if (operation.bodyRequired) {
      problems.push({ where: 'body', message: 'a JSON request body is required' });
    }
    if (problems.length > 0) {
      for (const p of problems) violation(p.where, p.message, operation.template);
      if (this.failOnViolation) {
        return apiError(
          400,
          `fake Spotify: request breaks the Spotify OpenAPI spec: ${problems.map((p) => `${p.where}: ${p.message}`).join('; ')}`,
        );
      }
    }

    const key = `${method} ${operation.template}`;
    if (!this.webApi.has(key)) {
      this.unimplementedCalls.push({ method, path: url.pathname, template: operation.template });
      return apiError(501, `fake Spotify does not implement ${key}`);
    }
    let response: FakeResponse;
    try {
      response = this.webApi.handle(key, {
        method,
        url,
        template: operation.template,
        params,
        query: url.searchParams,
        body,
        user,
        scopes: new Set(token.grant.scopes),
      });
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      if (error.violation) violation('semantics', error.message, operation.template);
      return apiError(error.status, error.message);
    }
    const fields = url.searchParams.get('fields');
    if (fields !== null && response.body !== undefined && response.status < 300) {
      try {
        // The unfiltered body is what gets validated; the client sees the filtered one.
        this.checkResponse(operation, method, url, response);
        return { ...response, body: applyFields(response.body, parseFields(fields)) };
      } catch (error) {
        if (!(error instanceof FieldsSyntaxError)) throw error;
        violation('query.fields', error.message, operation.template);
        return apiError(400, `Invalid fields: ${error.message}`);
      }
    }
    this.checkResponse(operation, method, url, response);
    return response;
  }

  private checkResponse(operation: SpecOperation, method: string, url: URL, response: FakeResponse): void {
    if (this.validateResponses && response.body !== undefined && response.status < 300) {
      const allowed = this.legacy ? ['track', 'tracks'] : [];
      for (const p of this.spec.validateResponse(operation, response.status, response.body, allowed)) {
        this.specViolations.push({
          kind: 'response',
          method,
          path: url.pathname + url.search,
          template: operation.template,
          where: p.where,
          message: p.message,
        });
      }
    }
  }
}

function apiError(status: number, message: string): FakeResponse {
  return { status, body: { error: { status, message } } };
}

function unauthorized(message: string): FakeResponse {
  return {
    status: 401,
    headers: {
      'www-authenticate': `Bearer realm="spotify", error="invalid_token", error_description="${message}"`,
    },
    body: { error: { status: 401, message } },
  };
}

function send(res: ServerResponse, response: FakeResponse): void {
  const headers: Record<string, string> = { ...(response.headers ?? {}) };
  let payload: string | undefined;
  if (typeof response.body === 'string') {
    payload = response.body;
  } else if (response.body !== undefined) {
    payload = JSON.stringify(response.body);
    headers['content-type'] ??= JSON_TYPE;
  }
  res.writeHead(response.status, headers);
  res.end(payload);
}

function logBody(service: 'accounts' | 'api', contentType: string | undefined, raw: string): unknown {
  if (raw.length === 0) return undefined;
  if (service === 'accounts') {
    const form = Object.fromEntries(new URLSearchParams(raw));
    if ('client_secret' in form) form.client_secret = '<redacted>';
    return form;
  }
  if (contentType?.includes('json')) {
    try {
      return JSON.parse(raw);
    } catch {
      return raw;
    }
  }
  return raw;
}
