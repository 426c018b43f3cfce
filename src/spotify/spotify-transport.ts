import type Bottleneck from 'bottleneck';
import { currentPriority, type RequestPriority } from '../core/request-priority.js';
import { endpointTemplateOf } from './endpoint-template.js';
import {
  SpotifyApiError,
  SpotifyNetworkError,
  SpotifyQuotaExceededError,
  SpotifyRateLimitError,
} from './errors.js';

/** The base URL the SDK prefixes to every `makeRequest` path; we swap it for `apiUrl`. */
export const SDK_ROOT_URL = 'https://api.spotify.com/v1/';

export type FetchImplementation = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;

/** Gives a fresh access token after the API rejected `rejected` with 401. */
export interface AccessTokenRefresher {
  refreshAfterRejection(rejected: string): Promise<string>;
}

export interface SpotifyTransportEvents {
  rateLimited?(info: { endpoint: string; retryAfterMs: number; quota: boolean }): void;
  retrying?(info: { endpoint: string; attempt: number; delayMs: number; cause: string }): void;
  /** Each attempt's answer, by the OpenAPI path template of its endpoint; status 0: none came. */
  answered?(info: { method: string; endpointTemplate: string; status: number }): void;
}

/** The daily request budget shared by every process (SpotifyRequestBudget). */
export interface RequestBudgetGate {
  /** Counts one attempt at the priority of the work making it; throws when it may not go out. */
  acquire(priority: RequestPriority, endpoint: string): Promise<void>;
  /** Stores a QUOTA_EXCEEDED block for every process; returns when it ends. */
  quotaExceeded(retryAfterMs: number): Promise<number>;
}

export interface SpotifyTransportOptions {
  /** e.g. https://api.spotify.com/v1, without a trailing slash. */
  apiUrl: string;
  /** One limiter per Spotify app, shared by every user's client (see createSpotifyLimiter). */
  limiter: Bottleneck;
  /** Per attempt. */
  timeoutMs: number;
  /** Retries of 5xx and network errors for idempotent methods; 429s do not count. */
  retries: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** Added to every Retry-After wait. */
  retryAfterOffsetMs: number;
  /** When a 429 has no Retry-After header. */
  defaultRetryAfterMs: number;
  /** A longer Retry-After is not waited out but thrown as SpotifyRateLimitError. */
  maxRetryAfterMs: number;
  /** How many 429s one request waits out before giving up. */
  rateLimitRetries: number;
  /** Throw SpotifyRateLimitError on any 429 instead of waiting (interactive paths with a deadline). */
  rejectOnRateLimit: boolean;
  /** How long QUOTA_EXCEEDED blocks the app when Spotify sends no Retry-After. */
  quotaBackoffMs: number;
  fetch: FetchImplementation;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
  random: () => number;
  events: SpotifyTransportEvents;
  /** When set, every attempt is counted against the shared daily budget first. */
  budget?: RequestBudgetGate;
}

export const DefaultSpotifyTransportOptions = {
  timeoutMs: 15_000,
  retries: 5,
  backoffBaseMs: 250,
  backoffMaxMs: 10_000,
  retryAfterOffsetMs: 50,
  defaultRetryAfterMs: 1_000,
  maxRetryAfterMs: 120_000,
  rateLimitRetries: 50,
  rejectOnRateLimit: false,
  quotaBackoffMs: 15 * 60_000,
  fetch: (input: RequestInfo | URL, init?: RequestInit) => fetch(input, init),
  sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
  now: Date.now,
  random: Math.random,
  events: {},
} as const satisfies Omit<SpotifyTransportOptions, 'apiUrl' | 'limiter'>;

export type SpotifyTransportInit = Pick<SpotifyTransportOptions, 'apiUrl' | 'limiter'> &
  Partial<Omit<SpotifyTransportOptions, 'apiUrl' | 'limiter'>>;

interface ErrorBody {
  error?: { status?: number; message?: string; reason?: string };
}

const IDEMPOTENT = new Set(['GET', 'PUT', 'DELETE', 'HEAD']);

const readError = async (response: Response): Promise<{ reason?: string; message?: string }> => {
  const text = await response.text().catch(() => '');
  try {
    const body = JSON.parse(text) as ErrorBody;
    return { reason: body.error?.reason, message: body.error?.message };
  } catch {
    return { message: text.slice(0, 200) || undefined };
  }
};

const retryAfterOf = (response: Response, now: number): number | undefined => {
  const header = response.headers.get('retry-after');
  if (header === null) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
};

const withAuthorization = (init: RequestInit | undefined, token: string): RequestInit => {
  const headers = new Headers(init?.headers);
  headers.set('Authorization', `Bearer ${token}`);
  return { ...init, headers };
};

const bearerOf = (init: RequestInit | undefined): string =>
  new Headers(init?.headers).get('authorization')?.replace(/^Bearer /, '') ?? '';

/**
 * The HTTP layer under the SDK's `makeRequest`, shaped like @discordjs/rest: one limiter per app,
 * Retry-After honoured (and shared: one 429 pauses every request of this process), QUOTA_EXCEEDED
 * turned into a user-facing error that blocks further calls, 5xx and network errors retried with
 * capped exponential back-off and full jitter, one token refresh on 401, a timeout per attempt,
 * and typed errors naming the endpoint.
 */
export class SpotifyTransport {
  private readonly options: SpotifyTransportOptions;
  private pausedUntil = 0;
  private quotaBlockedUntil = 0;

  constructor(init: SpotifyTransportInit) {
    this.options = { ...DefaultSpotifyTransportOptions, ...init };
  }

  /** A `fetch` for the SDK's SdkOptions, refreshing through `tokens` on 401. */
  fetchFor(tokens: AccessTokenRefresher): FetchImplementation {
    return (input, init) => this.request(String(input instanceof Request ? input.url : input), init, tokens);
  }

  /** Until when QUOTA_EXCEEDED blocks this app (0 when it does not). */
  get quotaBlockedUntilMs(): number {
    return this.quotaBlockedUntil;
  }

  private async request(
    url: string,
    init: RequestInit | undefined,
    tokens: AccessTokenRefresher,
  ): Promise<Response> {
    const { options } = this;
    const target = url.startsWith(SDK_ROOT_URL) ? `${options.apiUrl}/${url.slice(SDK_ROOT_URL.length)}` : url;
    const method = (init?.method ?? 'GET').toUpperCase();
    const endpoint = new URL(target).pathname.replace(/^.*?\/v1(?=\/)/, '');
    const endpointTemplate = endpointTemplateOf(endpoint);
    const canRetry = IDEMPOTENT.has(method);
    let currentInit = init;
    let refreshed = false;
    let failures = 0;
    let rateLimits = 0;

    for (;;) {
      this.assertQuotaAvailable(endpoint);
      await this.waitOutPause();
      await options.budget?.acquire(currentPriority(), endpoint);

      let response: Response;
      try {
        response = await options.limiter.schedule(async () => {
          // Checked again right before sending: a 429 answered while this request waited in the
          // limiter's queue (or backed off after a 5xx) pauses it too.
          await this.waitOutPause();
          this.assertQuotaAvailable(endpoint);
          return this.attempt(target, currentInit);
        });
        options.events.answered?.({ method, endpointTemplate, status: response.status });
      } catch (error) {
        if (error instanceof SpotifyQuotaExceededError) throw error;
        options.events.answered?.({ method, endpointTemplate, status: 0 });
        const timedOut = (error as Error).name === 'TimeoutError' || (error as Error).name === 'AbortError';
        const failure = new SpotifyNetworkError(method, endpoint, timedOut, { cause: error });
        if (!canRetry || failures >= options.retries) throw failure;
        await this.backOff(endpoint, ++failures, timedOut ? 'timeout' : 'network');
        continue;
      }

      if (response.ok) return response;

      if (response.status === 429) {
        const { reason, message } = await readError(response);
        const retryAfter = retryAfterOf(response, options.now());
        if (reason === 'QUOTA_EXCEEDED') {
          const wait = retryAfter ?? options.quotaBackoffMs;
          const until = (await options.budget?.quotaExceeded(wait)) ?? options.now() + wait;
          this.quotaBlockedUntil = Math.max(this.quotaBlockedUntil, until);
          options.events.rateLimited?.({ endpoint, retryAfterMs: wait, quota: true });
          throw new SpotifyQuotaExceededError(wait, endpoint, until);
        }
        const wait = (retryAfter ?? options.defaultRetryAfterMs) + options.retryAfterOffsetMs;
        options.events.rateLimited?.({ endpoint, retryAfterMs: wait, quota: false });
        if (options.rejectOnRateLimit || wait > options.maxRetryAfterMs) {
          throw new SpotifyRateLimitError(wait, method, endpoint, message);
        }
        if (++rateLimits > options.rateLimitRetries)
          throw new SpotifyRateLimitError(wait, method, endpoint, message);
        this.pausedUntil = Math.max(this.pausedUntil, options.now() + wait);
        continue;
      }

      if (response.status === 401 && !refreshed) {
        refreshed = true;
        await response.body?.cancel();
        currentInit = withAuthorization(
          currentInit,
          await tokens.refreshAfterRejection(bearerOf(currentInit)),
        );
        continue;
      }

      const { reason, message } = await readError(response);
      if (response.status >= 500 && canRetry && failures < options.retries) {
        await this.backOff(endpoint, ++failures, `status ${response.status}`);
        continue;
      }
      throw new SpotifyApiError(response.status, reason, method, endpoint, message);
    }
  }

  private async attempt(url: string, init: RequestInit | undefined): Promise<Response> {
    return this.options.fetch(url, { ...init, signal: AbortSignal.timeout(this.options.timeoutMs) });
  }

  /** Sleeps until the pause of the last 429 is over (it may grow while sleeping). */
  private async waitOutPause(): Promise<void> {
    for (;;) {
      const pause = this.pausedUntil - this.options.now();
      if (pause <= 0) return;
      await this.options.sleep(pause);
    }
  }

  private assertQuotaAvailable(endpoint: string): void {
    // With a budget the block lives in the database, which is what every process honours.
    if (this.options.budget) return;
    const remaining = this.quotaBlockedUntil - this.options.now();
    if (remaining > 0) throw new SpotifyQuotaExceededError(remaining, endpoint, this.quotaBlockedUntil);
  }

  private async backOff(endpoint: string, attempt: number, cause: string): Promise<void> {
    const { backoffBaseMs, backoffMaxMs, random, sleep, events } = this.options;
    const ceiling = Math.min(backoffMaxMs, backoffBaseMs * 2 ** (attempt - 1));
    const delayMs = Math.round(ceiling / 2 + (random() * ceiling) / 2);
    events.retrying?.({ endpoint, attempt, delayMs, cause });
    await sleep(delayMs);
  }
}
