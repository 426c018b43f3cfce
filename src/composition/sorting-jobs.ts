import type { Database } from '../db/database.js';
import {
  createJobQueue,
  startJobs,
  type JobsDeps,
  type PgBossJobQueue,
  type RunningJobs,
} from '../jobs/start-jobs.js';
import type { Logger } from '../logger.js';
import type { ModelOptions } from '../ml/layer-model.js';
import type { KeepSortedDeps, KeepSortedService } from '../services/sync/keep-sorted.service.js';
import type { EnrichmentProgress } from '../services/model/layer-model.service.js';
import type { ModelWork } from '../services/ports/model-work.ports.js';
import type { Notifier } from '../services/ports/notifier.js';
import {
  linkRemovedNotice,
  publicResultsResetNotice,
  tellOwedNotices,
} from '../services/account/owed-notices.js';
import { ScheduledSyncService } from '../services/sync/scheduled-sync.service.js';
import type { PlaylistWriter } from '../services/ports/sort-run.ports.js';
import { SyncPlanService } from '../services/sync/sync-plan.service.js';
import { SpotifyRequestBudget } from '../spotify/request-budget.js';
import type { TrainingRequests } from '../services/model/training-requests.service.js';
import { createRepositories, type Repositories } from './repositories.js';
import {
  createKeepSortedService,
  createSortingServices,
  type SortingServices,
  type SortingServicesOptions,
} from './sorting.js';

export interface SortingJobsDeps {
  database: Database;
  logger: Logger;
  writer: PlaylistWriter;
  /** The library sync of the Spotify side (LibrarySyncService). */
  library: KeepSortedDeps['library'];
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
  /** JOB_POLL_MS: how often the workers look for new jobs (default DEFAULT_POLL_MS). */
  pollMs?: number;
  /** The process's repositories (default: built here). */
  repositories?: Repositories;
  /** The process's job queue, when services built before the jobs send to it (default: built here). */
  queue?: PgBossJobQueue;
  /** Works the enrichment queue too; its coverage tells /train which enrichment is still arriving. */
  enrich?: NonNullable<JobsDeps['enrichment']> & { health: EnrichmentProgress };
  charts?: SortingServicesOptions['charts'];
  /** The clock of the scheduled syncs (default: the system clock; the quota bench simulates days). */
  now?: () => Date;
  /** Times trainings and sort runs. */
  metrics?: SortingServicesOptions['metrics'];
}

export interface SortingJobs {
  services: SortingServices;
  /** The scheduled and requested syncs (corrections go to `services.sortRuns.correctPlacement`). */
  keepSorted: KeepSortedService;
  queue: PgBossJobQueue;
  /** The scheduled sync's handlers (the cron tick's due users, one user's sync), on the injected clock. */
  scheduled: ScheduledSyncService;
  /** Starts pg-boss and works the queues (/train jobs too, with `trainings`). */
  start(work?: { trainings?: TrainingRequests }): Promise<RunningJobs>;
}

/**
 * Everything that keeps libraries sorted, on one database: the sort-run and model services,
 * keep-sorted, and the pg-boss queues (sync per user, debounced retraining, resume of runs).
 * Built before anything starts; `start` attaches pg-boss.
 */
export const createSortingJobs = (deps: SortingJobsDeps): SortingJobs => {
  const repositories = deps.repositories ?? createRepositories(deps.database, deps.now);
  const queue =
    deps.queue ??
    createJobQueue({
      databaseUrl: deps.database.url,
      logger: deps.logger,
      ...(deps.retrainDebounceSeconds === undefined
        ? {}
        : { retrainDebounceSeconds: deps.retrainDebounceSeconds }),
      ...(deps.pollMs === undefined ? {} : { pollMs: deps.pollMs }),
    });
  const services = createSortingServices(
    deps.database,
    {
      writer: deps.writer,
      modelWork: deps.modelWork,
      notifier: deps.notifier,
      ...(deps.trainOptions ? { trainOptions: deps.trainOptions } : {}),
      ...(deps.enrichment === undefined ? {} : { enrichment: deps.enrichment }),
      ...(deps.enrich ? { enrichmentProgress: deps.enrich.health } : {}),
      ...(deps.charts ? { charts: deps.charts } : {}),
      ...(deps.now ? { now: deps.now } : {}),
      metrics: deps.metrics,
      retrain: queue.queueRetrain,
    },
    repositories,
  );
  const keepSorted = createKeepSortedService(services, {
    library: deps.library,
    notifier: deps.notifier,
    retrain: queue.queueRetrain,
    ...(deps.now ? { now: deps.now } : {}),
  });
  const scheduled = new ScheduledSyncService({
    accounts: repositories.accounts,
    quota: repositories.budget,
    schedule: repositories.schedule,
    // The shared budget as every process reads it from the database (only read here: nothing spent).
    budget: new SpotifyRequestBudget({
      store: repositories.budget,
      dailyBudget: deps.spotifyDailyBudget,
      ...(deps.now ? { now: () => deps.now!().getTime() } : {}),
    }),
    plan: new SyncPlanService({
      loads: repositories.schedule,
      dailyBudget: deps.spotifyDailyBudget,
      learned: repositories.budget,
      defaultMinutes: deps.syncIntervalMinutes,
      ...(deps.now ? { now: deps.now } : {}),
    }),
    keepSorted,
    notifier: deps.notifier,
    syncIntervalMinutes: deps.syncIntervalMinutes,
    ...(deps.now ? { now: deps.now } : {}),
  });
  const start = (work: { trainings?: TrainingRequests } = {}) =>
    startJobs(
      {
        databaseUrl: deps.database.url,
        logger: deps.logger,
        dueUsers: () => scheduled.dueUsers(),
        syncUser: (userId) => scheduled.syncUser(userId),
        trainLayer: async (userId, layerId) => {
          const layer = await repositories.layers.byId(layerId);
          if (layer) await services.models.train(userId, layer);
        },
        resumeRuns: (onFailure) =>
          services.sortRuns.resumeAll((run, error) =>
            onFailure({ userId: run.userId, runId: run.id }, error),
          ),
        noticesAtStart: () =>
          tellOwedNotices(
            [linkRemovedNotice(repositories.users), publicResultsResetNotice(repositories.settings)],
            deps.notifier,
            deps.now,
          ),
        ...(deps.work === undefined ? {} : { work: deps.work }),
        ...(deps.tickCron ? { tickCron: deps.tickCron } : {}),
        ...(deps.enrich ? { enrichment: deps.enrich } : {}),
        ...work,
      },
      queue,
    );
  return { services, keepSorted, queue, scheduled, start };
};

export interface RunningSortingJobs {
  services: SortingServices;
  keepSorted: KeepSortedService;
  jobs: RunningJobs;
  stop(): Promise<void>;
}

/** Builds and starts the sorting jobs at once (the job tests). */
export const startSortingJobs = async (deps: SortingJobsDeps): Promise<RunningSortingJobs> => {
  const { services, keepSorted, start } = createSortingJobs(deps);
  const jobs = await start();
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
