export interface DailyQuotaSpec {
  /** Web API requests the app (all its users together) may make in the window. */
  requests: number;
  /** The rolling window; Spotify's is about a day. Default 24. */
  windowHours?: number;
  /**
   * How long a block lasts once the quota is used up. Default: until the oldest counted request
   * leaves the window, and at least an hour (Spotify has answered with up to 13.6 h).
   */
  retryAfterSeconds?: number;
}

const HOUR_MS = 3_600_000;

/**
 * Spotify's Development Mode daily quota (July 2026): a count of Web API requests per rolling
 * window for the whole developer account; past it every request answers 429 QUOTA_EXCEEDED with
 * a long Retry-After until the block ends. Requests answered during a block are not counted.
 */
export class DailyQuota {
  private readonly windowMs: number;
  /** Times of the counted requests, oldest first. */
  private readonly counted: number[] = [];
  private blockedUntil = 0;
  /** Blocks started so far. */
  blocks = 0;
  /** Requests answered QUOTA_EXCEEDED so far. */
  exceeded = 0;

  constructor(private readonly spec: DailyQuotaSpec) {
    this.windowMs = (spec.windowHours ?? 24) * HOUR_MS;
  }

  /** Counts a request at `now`; returns the Retry-After in seconds when it is refused. */
  admit(now: number): number | undefined {
    if (now < this.blockedUntil) {
      this.exceeded++;
      return Math.max(1, Math.ceil((this.blockedUntil - now) / 1000));
    }
    while (this.counted.length > 0 && this.counted[0]! <= now - this.windowMs) this.counted.shift();
    if (this.counted.length < this.spec.requests) {
      this.counted.push(now);
      return undefined;
    }
    const blockMs =
      this.spec.retryAfterSeconds !== undefined
        ? this.spec.retryAfterSeconds * 1000
        : Math.max(HOUR_MS, this.counted[0]! + this.windowMs - now);
    this.blockedUntil = now + blockMs;
    this.blocks++;
    this.exceeded++;
    return Math.max(1, Math.ceil(blockMs / 1000));
  }

  /** Requests counted in the window ending at `now`. */
  used(now: number): number {
    return this.counted.filter((at) => at > now - this.windowMs).length;
  }

  /** When the current block ends (0 when none). */
  blockedUntilMs(now: number): number {
    return this.blockedUntil > now ? this.blockedUntil : 0;
  }
}
