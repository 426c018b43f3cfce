import type { LearnedBudget } from '../../core/budget-records.js';
import { RequestPriority } from '../../core/request-priority.js';
import { budgetInForce, intervalStretch, type SyncLoad } from '../../core/sync-plan.js';

/** The shared request budget as it stands (SpotifyRequestBudget.use). */
export interface BudgetUsage {
  use(): Promise<{ spent: number; budget: number; blockedUntil: Date | undefined }>;
  /** When work of `priority` may spend again; undefined while it may now. */
  resumesAt(priority: RequestPriority): Promise<Date | undefined>;
}

export interface SyncPlan {
  /** The interval the user asked for (or the server default). */
  wishMinutes: number;
  /** What the daily budget allows: the wish, or longer. */
  effectiveMinutes: number;
  /** When the next scheduled sync is due (now when overdue). */
  nextSyncAt: Date;
  /** Requests of the whole bot in the last 24 hours, and what is left of the budget. */
  requestsUsed: number;
  requestsLeft: number;
  /** The budget in force: SPOTIFY_DAILY_BUDGET, or what Spotify's last QUOTA_EXCEEDED taught. */
  dailyBudget: number;
  /** When Spotify blocked the bot below SPOTIFY_DAILY_BUDGET: the spend that met its quota, and when. */
  learnedFromBlock: (LearnedBudget & { configured: number }) | undefined;
  /** Spotify's QUOTA_EXCEEDED block, while it lasts. */
  blockedUntil: Date | undefined;
  /**
   * While the syncs' share of the daily budget is spent (the schedule then starts none): when the
   * rolling day frees it again.
   */
  syncsResumeAt: Date | undefined;
}

export interface SyncPlanDeps {
  loads: { syncLoad(defaultMinutes: number): Promise<SyncLoad[]> };
  /** SPOTIFY_DAILY_BUDGET. */
  dailyBudget: number;
  /** The budget Spotify's last QUOTA_EXCEEDED taught (the budget repository). */
  learned: { learned(): Promise<LearnedBudget | undefined> };
  defaultMinutes: number;
  /** For /status; the scheduler needs only the stretch. */
  usage?: BudgetUsage;
  now?: () => Date;
}

/**
 * Sync intervals that fit the daily budget: every user's wished interval is stretched by the same
 * factor until the idle syncs of all users together stay within their share of the budget.
 */
export class SyncPlanService {
  constructor(private readonly deps: SyncPlanDeps) {}

  /** The factor the scheduler multiplies every wished interval by (1 when they fit). */
  async stretch(): Promise<number> {
    const loads = await this.deps.loads.syncLoad(this.deps.defaultMinutes);
    return intervalStretch(loads, (await this.budgetNow()).budget);
  }

  /** The budget in force, and what the last QUOTA_EXCEEDED taught when it lowered it. */
  private async budgetNow() {
    const learned = await this.deps.learned.learned();
    const budget = budgetInForce(this.deps.dailyBudget, learned?.requests);
    return {
      budget,
      learnedFromBlock:
        learned && budget < this.deps.dailyBudget
          ? { ...learned, configured: this.deps.dailyBudget }
          : undefined,
    };
  }

  async planFor(userId: string): Promise<SyncPlan | undefined> {
    const loads = await this.deps.loads.syncLoad(this.deps.defaultMinutes);
    const load = loads.find((l) => l.userId === userId);
    if (!load) return undefined;
    const now = this.deps.now?.() ?? new Date();
    const { budget, learnedFromBlock } = await this.budgetNow();
    const effectiveMinutes = Math.ceil(load.wishMinutes * intervalStretch(loads, budget));
    const usage = await this.deps.usage?.use();
    const due = load.lastSyncAt ? load.lastSyncAt.getTime() + effectiveMinutes * 60_000 : now.getTime();
    const blockedUntil = usage?.blockedUntil;
    const syncsResumeAt = await this.deps.usage?.resumesAt(RequestPriority.NewLikes);
    return {
      wishMinutes: load.wishMinutes,
      effectiveMinutes,
      nextSyncAt: new Date(
        Math.max(due, now.getTime(), blockedUntil?.getTime() ?? 0, syncsResumeAt?.getTime() ?? 0),
      ),
      requestsUsed: usage?.spent ?? 0,
      requestsLeft: Math.max(0, budget - (usage?.spent ?? 0)),
      dailyBudget: budget,
      learnedFromBlock,
      blockedUntil,
      syncsResumeAt,
    };
  }
}
