import { linkExpiresAt, linkExpiresSoon } from '../../core/link-age.js';
import { RequestPriority } from '../../core/request-priority.js';
import { isUserError, UserErrorCode } from '../errors.js';
import type { Notifier } from '../ports/notifier.js';
import type { SyncPlanService } from './sync-plan.service.js';

/** The once-only notices of a Spotify link (the account repository claims each before it is sent). */
export interface LinkNoticeStore {
  byUserId(userId: string): Promise<{ linkedAt: Date } | undefined>;
  claimRelinkNotice(userId: string, at: Date): Promise<boolean>;
  releaseRelinkNotice(userId: string): Promise<void>;
  claimQuotaNotice(userId: string, blockFrom: Date, at: Date): Promise<boolean>;
  claimExpiryNotice(userId: string, at: Date): Promise<boolean>;
  releaseExpiryNotice(userId: string): Promise<void>;
}

export interface ScheduledSyncDeps {
  accounts: LinkNoticeStore;
  /** Spotify's QUOTA_EXCEEDED block in force at a time (the budget repository). */
  quota: { blockAt(at: Date): Promise<{ from: Date; until: Date } | undefined> };
  /** Linked users whose sync is due (the sync-schedule repository). */
  schedule: { dueUsers(defaultMinutes: number, now: Date, stretch: number): Promise<string[]> };
  plan: Pick<SyncPlanService, 'stretch'>;
  /** What each priority may still spend of the shared daily budget now (SpotifyRequestBudget.use). */
  budget: { use(): Promise<{ left: Record<RequestPriority, number> }> };
  /** The sync itself (KeepSortedService). */
  keepSorted: { syncUser(userId: string): Promise<unknown> };
  notifier: Notifier;
  syncIntervalMinutes: number;
  /** The clock of due syncs and notice claims (default: the system clock; the quota bench simulates days). */
  now?: () => Date;
}

/**
 * The scheduled sync of one user, with the DMs it owes them: "link again" when the link died, one
 * message per quota block, and a warning a week before the link's six months are up.
 */
export class ScheduledSyncService {
  private readonly now: () => Date;

  constructor(private readonly deps: ScheduledSyncDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  /**
   * Nobody while the budget's share for syncing new likes is spent (after a QUOTA_EXCEEDED taught
   * a lower budget, say): each of their syncs would stop at its first request, every tick, until
   * the rolling day frees requests again. The quota block itself the schedule's query honours.
   */
  async dueUsers(): Promise<string[]> {
    if ((await this.deps.budget.use()).left[RequestPriority.NewLikes] <= 0) return [];
    return this.deps.schedule.dueUsers(
      this.deps.syncIntervalMinutes,
      this.now(),
      await this.deps.plan.stretch(),
    );
  }

  async syncUser(userId: string): Promise<unknown> {
    try {
      const report = await this.deps.keepSorted.syncUser(userId);
      await this.warnOfExpiry(userId);
      return report;
    } catch (error) {
      // The link is marked expired (no more scheduled syncs); a sync queued anyway does not
      // send the message again.
      if (isUserError(error) && error.code === UserErrorCode.LinkExpired) await this.tellToRelink(userId);
      if (isUserError(error) && error.code === UserErrorCode.SpotifyQuota) await this.tellAboutQuota(userId);
      throw error;
    }
  }

  /** One "link again" DM per expiry, however many syncs meet the expired link; relinking re-arms it. */
  private async tellToRelink(userId: string): Promise<void> {
    const { accounts, notifier } = this.deps;
    if (!(await accounts.claimRelinkNotice(userId, this.now()))) return;
    const sent = await notifier.sendDm(userId, {
      kind: 'relink',
      reason: 'the Spotify approval expired or was revoked',
    });
    if (!sent.delivered && sent.reason === 'failed') await accounts.releaseRelinkNotice(userId);
  }

  /** One DM per user per quota block, however many of their syncs meet it. */
  private async tellAboutQuota(userId: string): Promise<void> {
    const now = this.now();
    const block = await this.deps.quota.blockAt(now);
    if (!block || !(await this.deps.accounts.claimQuotaNotice(userId, block.from, now))) return;
    await this.deps.notifier.sendDm(userId, { kind: 'quota-blocked', until: block.until });
  }

  /** One DM a week before the link's 6 months are up, with a button to link again. */
  private async warnOfExpiry(userId: string): Promise<void> {
    const { accounts, notifier } = this.deps;
    const now = this.now();
    const account = await accounts.byUserId(userId);
    if (!account || !linkExpiresSoon(account.linkedAt, now)) return;
    if (!(await accounts.claimExpiryNotice(userId, now))) return;
    const sent = await notifier.sendDm(userId, {
      kind: 'link-expiring',
      expiresAt: linkExpiresAt(account.linkedAt),
    });
    if (!sent.delivered && sent.reason === 'failed') await accounts.releaseExpiryNotice(userId);
  }
}
