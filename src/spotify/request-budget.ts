import { PRIORITY_ORDER, RequestPriority } from '../core/request-priority.js';
import { SpotifyBudgetExhaustedError, SpotifyQuotaExceededError } from './errors.js';

const DAY_MS = 24 * 3_600_000;
const MINUTE_MS = 60_000;

/** Where the spend and the block live: the database, so that every process shares them. */
export interface BudgetStore {
  record(at: Date, requests?: number): Promise<void>;
  spentSince(since: Date): Promise<number>;
  bucketsSince(since: Date): Promise<{ minute: Date; requests: number }[]>;
  prune(before: Date): Promise<void>;
  block(at: Date, until: Date): Promise<{ from: Date; until: Date }>;
  blockAt(at: Date): Promise<{ from: Date; until: Date } | undefined>;
}

/**
 * The share of the daily budget each priority may spend (of the whole rolling day's spend): a
 * person's request may use all of it, so the last fifth is theirs alone; sorting new likes stops
 * at 80 %, hand-edit checks at 70 %, anything else at 60 %.
 */
export const PRIORITY_SHARES: Readonly<Record<RequestPriority, number>> = {
  [RequestPriority.Interactive]: 1,
  [RequestPriority.NewLikes]: 0.8,
  [RequestPriority.HandEdits]: 0.7,
  [RequestPriority.Background]: 0.6,
};

export interface BudgetUse {
  /** Requests in the last 24 hours, by every process. */
  spent: number;
  budget: number;
  /** What each priority may still spend now. */
  left: Record<RequestPriority, number>;
  /** The QUOTA_EXCEEDED block in force, if any. */
  blockedUntil: Date | undefined;
}

export interface RequestBudgetOptions {
  store: BudgetStore;
  /** Requests per rolling 24 hours for the whole bot (SPOTIFY_DAILY_BUDGET). */
  dailyBudget: number;
  now?: () => number;
}

/**
 * The bot's daily Spotify request budget, shared through the database by every process: each
 * request is counted before it goes out, a priority past its share is refused with the time its
 * share frees up (the work is postponed, not dropped: the next sync reads what it missed), and a
 * QUOTA_EXCEEDED block stored by any process stops every request of every process until it ends.
 */
export class SpotifyRequestBudget {
  private readonly now: () => number;
  private prunedAt = 0;

  constructor(private readonly options: RequestBudgetOptions) {
    this.now = options.now ?? Date.now;
  }

  get dailyBudget(): number {
    return this.options.dailyBudget;
  }

  allowance(priority: RequestPriority): number {
    return Math.floor(this.options.dailyBudget * PRIORITY_SHARES[priority]);
  }

  /** Counts one request at `priority`, or throws when it may not go out now. */
  async acquire(priority: RequestPriority, endpoint: string): Promise<void> {
    const { store } = this.options;
    const now = this.now();
    const block = await store.blockAt(new Date(now));
    if (block)
      throw new SpotifyQuotaExceededError(block.until.getTime() - now, endpoint, block.until.getTime());
    const allowance = this.allowance(priority);
    const spent = await store.spentSince(new Date(now - DAY_MS + MINUTE_MS));
    if (spent >= allowance) {
      throw new SpotifyBudgetExhaustedError(priority, await this.freesAt(allowance, now), endpoint);
    }
    await store.record(new Date(now));
    if (now - this.prunedAt > 3_600_000) {
      this.prunedAt = now;
      await store.prune(new Date(now - 2 * DAY_MS));
    }
  }

  /** Stores Spotify's QUOTA_EXCEEDED block for every process; returns when it ends. */
  async quotaExceeded(retryAfterMs: number): Promise<number> {
    const now = this.now();
    const block = await this.options.store.block(new Date(now), new Date(now + retryAfterMs));
    return block.until.getTime();
  }

  async use(): Promise<BudgetUse> {
    const now = this.now();
    const spent = await this.options.store.spentSince(new Date(now - DAY_MS + MINUTE_MS));
    const block = await this.options.store.blockAt(new Date(now));
    const left = Object.fromEntries(
      PRIORITY_ORDER.map((p) => [p, Math.max(0, this.allowance(p) - spent)]),
    ) as Record<RequestPriority, number>;
    return { spent, budget: this.options.dailyBudget, left, blockedUntil: block?.until };
  }

  /** When enough of today's spend leaves the rolling day for `allowance` to admit a request again. */
  private async freesAt(allowance: number, now: number): Promise<number> {
    const buckets = await this.options.store.bucketsSince(new Date(now - DAY_MS + MINUTE_MS));
    let spent = buckets.reduce((sum, bucket) => sum + bucket.requests, 0);
    for (const bucket of buckets) {
      spent -= bucket.requests;
      if (spent < allowance) return bucket.minute.getTime() + DAY_MS;
    }
    return now + MINUTE_MS;
  }
}
