/**
 * Errors of the Spotify adapter, all with the endpoint they concern. Services turn the ones a
 * person can act on (expired link, exhausted quota) into user errors.
 */

/** The app's Development Mode quota is used up (429 with reason QUOTA_EXCEEDED). */
export class SpotifyQuotaExceededError extends Error {
  override name = 'SpotifyQuotaExceededError';
  constructor(
    readonly retryAfterMs: number,
    readonly endpoint: string,
    /** When the block ends (epoch ms), on the clock of whoever stored it. */
    readonly untilMs?: number,
  ) {
    super(`Spotify quota exceeded at ${endpoint}; retry in ${Math.ceil(retryAfterMs / 1000)} s`);
  }
}

/** The bot's own daily request budget has nothing left for this priority until `untilMs`. */
export class SpotifyBudgetExhaustedError extends Error {
  override name = 'SpotifyBudgetExhaustedError';
  constructor(
    readonly priority: string,
    readonly untilMs: number,
    readonly endpoint: string,
  ) {
    super(
      `daily Spotify budget used up for ${priority} requests (${endpoint}) until ${new Date(untilMs).toISOString()}`,
    );
  }
}

/** A non-2xx answer of the Web API that retrying will not fix (or that kept failing). */
export class SpotifyApiError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string | undefined,
    readonly method: string,
    readonly endpoint: string,
    message: string | undefined,
  ) {
    super(
      `${method} ${endpoint} answered ${status}${reason ? ` ${reason}` : ''}${message ? `: ${message}` : ''}`,
    );
    this.name = `SpotifyApiError[${status}]`;
  }

  /** Transient: a later attempt may succeed. */
  get retryable(): boolean {
    return this.status >= 500 || this.status === 429;
  }
}

/** A 429 we chose not to wait out (`rejectOnRateLimit`, or a Retry-After longer than we accept). */
export class SpotifyRateLimitError extends SpotifyApiError {
  constructor(
    readonly retryAfterMs: number,
    method: string,
    endpoint: string,
    detail?: string,
  ) {
    super(
      429,
      undefined,
      method,
      endpoint,
      `rate limited; retry after ${retryAfterMs} ms${detail ? ` (${detail})` : ''}`,
    );
    this.name = `SpotifyRateLimitError[${endpoint}]`;
  }
}

/** No HTTP answer: connection failure or our timeout. */
export class SpotifyNetworkError extends Error {
  readonly retryable = true;
  constructor(
    readonly method: string,
    readonly endpoint: string,
    readonly timedOut: boolean,
    options?: ErrorOptions,
  ) {
    super(`${method} ${endpoint} ${timedOut ? 'timed out' : 'failed to connect'}`, options);
    this.name = 'SpotifyNetworkError';
  }
}

/** The accounts service refused a token request (`error` is the OAuth error code, e.g. invalid_grant). */
export class SpotifyTokenError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly description: string | undefined,
  ) {
    super(`Spotify token endpoint answered ${status} ${error}${description ? `: ${description}` : ''}`);
    this.name = `SpotifyTokenError[${error}]`;
  }

  get invalidGrant(): boolean {
    return this.error === 'invalid_grant';
  }
}
