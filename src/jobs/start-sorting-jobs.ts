import { linkExpiresAt, linkExpiresSoon } from '../core/link-age.js';
import type { Database } from '../db/database.js';
import { SpotifyAccountRepository } from '../db/repositories/spotify-account.repository.js';
import { SpotifyBudgetRepository } from '../db/repositories/spotify-budget.repository.js';
import { SyncScheduleRepository } from '../db/repositories/sync-schedule.repository.js';
import type { Logger } from '../logger.js';
import type { ModelOptions } from '../ml/layer-model.js';
import { isUserError, UserErrorCode } from '../services/errors.js';
import type { ModelWork } from '../services/model-work.ports.js';
import type { Notifier } from '../services/notifier.js';
import type { KeepSortedService } from '../services/keep-sorted.service.js';
import type { PlaylistWriter } from '../services/sort-run.ports.js';
import { SyncPlanService } from '../services/sync-plan.service.js';
import { createKeepSortedService, createSortingServices, type SortingServices } from './sorting-services.js';
import { startJobs, type RunningJobs } from './start-jobs.js';

export interface SortingJobsDeps {
  database: Database;
  logger: Logger;
  writer: PlaylistWriter;
  /** The library sync of the Spotify side (LibrarySyncService). */
  library: { syncLibrary(userId: string): Promise<unknown> };
  notifier: Notifier;
  /** The pool of model threads. */
  modelWork: ModelWork;
  syncIntervalMinutes: number;
  /** SPOTIFY_DAILY_BUDGET: the scheduler stretches sync intervals to fit it. */
  spotifyDailyBudget: number;
  trainOptions?: Partial<ModelOptions>;
  /** Train with the enrichment blocks (audio features, tags) where tracks have them. */
  enrichment?: boolean;
  /** false: a process that only sends jobs (e.g. the bot when separate workers run them). */
  work?: boolean;
  tickCron?: string;
  retrainDebounceSeconds?: number;
}

export interface RunningSortingJobs {
  services: SortingServices;
  /** Syncs and corrections (DM buttons call `keepSorted.correctPlacement`). */
  keepSorted: KeepSortedService;
  jobs: RunningJobs;
  stop(): Promise<void>;
}

/**
 * Everything that keeps libraries sorted, on one database: the sort-run and model services,
 * keep-sorted, and the pg-boss queues (sync per user, debounced retraining, resume of runs).
 */
export const startSortingJobs = async (deps: SortingJobsDeps): Promise<RunningSortingJobs> => {
  const services = createSortingServices(deps.database, {
    writer: deps.writer,
    modelWork: deps.modelWork,
    notifier: deps.notifier,
    ...(deps.trainOptions ? { trainOptions: deps.trainOptions } : {}),
    ...(deps.enrichment === undefined ? {} : { enrichment: deps.enrichment }),
  });
  const schedule = new SyncScheduleRepository(deps.database.dataSource);
  const plan = new SyncPlanService({
    loads: schedule,
    dailyBudget: deps.spotifyDailyBudget,
    defaultMinutes: deps.syncIntervalMinutes,
  });
  const accounts = new SpotifyAccountRepository(deps.database.dataSource);
  /** One "link again" DM per expiry, however many syncs meet the expired link; relinking re-arms it. */
  const tellToRelink = async (userId: string) => {
    if (!(await accounts.claimRelinkNotice(userId, new Date()))) return;
    const sent = await deps.notifier.sendDm(userId, {
      kind: 'relink',
      reason: 'the Spotify approval expired or was revoked',
    });
    if (!sent.delivered && sent.reason === 'failed') await accounts.releaseRelinkNotice(userId);
  };
  const budget = new SpotifyBudgetRepository(deps.database.dataSource);
  /** One DM per user per quota block, however many of their syncs meet it. */
  const tellAboutQuota = async (userId: string) => {
    const now = new Date();
    const block = await budget.blockAt(now);
    if (!block || !(await accounts.claimQuotaNotice(userId, block.from, now))) return;
    await deps.notifier.sendDm(userId, { kind: 'quota-blocked', until: block.until });
  };
  /** One DM a week before the link's 6 months are up, with a button to link again. */
  const warnOfExpiry = async (userId: string) => {
    const now = new Date();
    const account = await accounts.byUserId(userId);
    if (!account || !linkExpiresSoon(account.linkedAt, now)) return;
    if (!(await accounts.claimExpiryNotice(userId, now))) return;
    const sent = await deps.notifier.sendDm(userId, {
      kind: 'link-expiring',
      expiresAt: linkExpiresAt(account.linkedAt),
    });
    if (!sent.delivered && sent.reason === 'failed') await accounts.releaseExpiryNotice(userId);
  };
  // The keep-sorted service queues retraining through the jobs started just below.
  const queue: { jobs?: RunningJobs } = {};
  const keepSorted = createKeepSortedService(services, {
    library: deps.library,
    notifier: deps.notifier,
    retrain: async (userId, layerId) => {
      await queue.jobs?.queueRetrain(userId, layerId);
    },
  });
  const jobs = await startJobs({
    databaseUrl: deps.database.url,
    logger: deps.logger,
    dueUsers: async () => schedule.dueUsers(deps.syncIntervalMinutes, new Date(), await plan.stretch()),
    syncUser: async (userId) => {
      try {
        const report = await keepSorted.syncUser(userId);
        await warnOfExpiry(userId);
        return report;
      } catch (error) {
        // The link is marked expired (no more scheduled syncs); a sync queued anyway does not
        // send the message again.
        if (isUserError(error) && error.code === UserErrorCode.LinkExpired) await tellToRelink(userId);
        if (isUserError(error) && error.code === UserErrorCode.SpotifyQuota) await tellAboutQuota(userId);
        throw error;
      }
    },
    trainLayer: async (userId, layerId) => {
      const layer = await services.repositories.layers.byId(layerId);
      if (layer) await services.models.train(userId, layer);
    },
    resumeRuns: () => services.sortRuns.resumeAll(),
    ...(deps.work === undefined ? {} : { work: deps.work }),
    ...(deps.tickCron ? { tickCron: deps.tickCron } : {}),
    ...(deps.retrainDebounceSeconds === undefined
      ? {}
      : { retrainDebounceSeconds: deps.retrainDebounceSeconds }),
  });
  queue.jobs = jobs;
  return {
    services,
    keepSorted,
    jobs,
    stop: async () => {
      await jobs.stop();
      await services.close();
    },
  };
};
