import type { LearnedBudget, QuotaBlock, RequestAdmission } from '../core/budget-records.js';
import { PRIORITY_ORDER, RequestPriority } from '../core/request-priority.js';
import { budgetInForce } from '../core/sync-plan.js';
import { SpotifyBudgetExhaustedError, SpotifyQuotaExceededError } from './errors.js';

const DAY_MS = 24 * 3_600_000;
const MINUTE_MS = 60_000;

/** Where the spend and the block live: the database, so that every process shares them. */
export interface BudgetStore {
  /** Checks and counts one request atomically for every process (see SpotifyBudgetRepository.admit). */
  admit(
    at: Date,
    since: Date,
    allowanceFor: (learned: number | undefined) => number,
  ): Promise<RequestAdmission>;
  /** Stores what was spent since `since` as the budget Spotify's quota allows. */
  learn(at: Date, since: Date): Promise<LearnedBudget>;
  learned(): Promise<LearnedBudget | undefined>;
  spentSince(since: Date): Promise<number>;
  bucketsSince(since: Date): Promise<{ minute: Date; requests: number }[]>;
  prune(before: Date): Promise<void>;
  block(at: Date, until: Date): Promise<QuotaBlock>;
  blockAt(at: Date): Promise<QuotaBlock | undefined>;
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
  /** The budget in force: SPOTIFY_DAILY_BUDGET, or less when a QUOTA_EXCEEDED taught less. */
  budget: number;
  /** SPOTIFY_DAILY_BUDGET. */
  configuredBudget: number;
  /** What the bot had spent in the 24 h before Spotify's last QUOTA_EXCEEDED, and when. */
  learned: LearnedBudget | undefined;
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
 * request (the token endpoint's too) is checked and counted in one step before it goes out, a
 * priority past its share is refused with the time its share frees up (the work is postponed, not
 * dropped: the next sync reads what it missed), and a QUOTA_EXCEEDED block stored by any process
 * stops every request of every process until it ends. Spotify publishes no quota: when it blocks
 * the bot below SPOTIFY_DAILY_BUDGET, what was spent in the 24 h before becomes the budget.
 */
export class SpotifyRequestBudget {
  private readonly now: () => number;
  private prunedAt = 0;
  /**
   * This process's admits, one at a time: a full read of a big library asks for hundreds of pages
   * at once and each admit is a database transaction; queued here they wait in memory instead of
   * for a database connection (whose 5 s timeout they missed on a slow machine).
   */
  private admits: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: RequestBudgetOptions) {
    this.now = options.now ?? Date.now;
  }

  get dailyBudget(): number {
    return this.options.dailyBudget;
  }

  /** What `priority` may spend of `budget` (default SPOTIFY_DAILY_BUDGET) in a rolling day. */
  allowance(priority: RequestPriority, budget = this.options.dailyBudget): number {
    return Math.floor(budget * PRIORITY_SHARES[priority]);
  }

  /** Counts one request at `priority`, or throws when it may not go out now. */
  async acquire(priority: RequestPriority, endpoint: string): Promise<void> {
    const { store, dailyBudget } = this.options;
    const turn = this.admits.then(async () => {
      const now = this.now();
      const admission = await store.admit(new Date(now), new Date(now - DAY_MS + MINUTE_MS), (learned) =>
        this.allowance(priority, budgetInForce(dailyBudget, learned)),
      );
      return { now, admission };
    });
    this.admits = turn.catch(() => undefined);
    const { now, admission } = await turn;
    if (!admission.admitted && 'block' in admission) {
      const until = admission.block.until.getTime();
      throw new SpotifyQuotaExceededError(until - now, endpoint, until);
    }
    if (!admission.admitted) {
      throw new SpotifyBudgetExhaustedError(priority, await this.freesAt(admission.allowance, now), endpoint);
    }
    if (now - this.prunedAt > 3_600_000) {
      this.prunedAt = now;
      await store.prune(new Date(now - 2 * DAY_MS));
    }
  }

  /** Stores Spotify's QUOTA_EXCEEDED block for every process; returns when it ends. */
  async quotaExceeded(retryAfterMs: number): Promise<number> {
    const now = this.now();
    const block = await this.options.store.block(new Date(now), new Date(now + retryAfterMs));
    // Learned once per block, from the spend that led to it (later 429s of the block add nothing).
    if (block.from.getTime() === now)
      await this.options.store.learn(new Date(now), new Date(now - DAY_MS + MINUTE_MS));
    return block.until.getTime();
  }

  async use(): Promise<BudgetUse> {
    const now = this.now();
    const spent = await this.options.store.spentSince(new Date(now - DAY_MS + MINUTE_MS));
    const block = await this.options.store.blockAt(new Date(now));
    const learned = await this.options.store.learned();
    const budget = budgetInForce(this.options.dailyBudget, learned?.requests);
    const left = Object.fromEntries(
      PRIORITY_ORDER.map((p) => [p, Math.max(0, this.allowance(p, budget) - spent)]),
    ) as Record<RequestPriority, number>;
    return {
      spent,
      budget,
      configuredBudget: this.options.dailyBudget,
      learned,
      left,
      blockedUntil: block?.until,
    };
  }

  /** When `priority` may spend again: undefined while it may now (a QUOTA_EXCEEDED block aside). */
  async resumesAt(priority: RequestPriority): Promise<Date | undefined> {
    const now = this.now();
    const learned = await this.options.store.learned();
    const allowance = this.allowance(priority, budgetInForce(this.options.dailyBudget, learned?.requests));
    const spent = await this.options.store.spentSince(new Date(now - DAY_MS + MINUTE_MS));
    return spent < allowance ? undefined : new Date(await this.freesAt(allowance, now));
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
