import { randomUUID } from 'node:crypto';
import type { PgBoss } from 'pg-boss';
import type { Logger } from '../logger.js';
import { isUserError, referenceOf, RunsStoppedError } from '../services/errors.js';
import type { JobQueue } from '../services/ports/job-queue.js';
import type { EnrichTracksService } from '../services/sync/enrich-tracks.service.js';
import type { TrainingRequests } from '../services/model/training-requests.service.js';
import type { Metrics } from '../services/ports/metrics.js';
import { jobFailure } from './job-failure.js';
import { registerEnrichWorker, requestEnrichment } from './enrich.job.js';
import { measureJobs } from './measured-work.js';
import { createPgBoss, startPgBoss } from './pg-boss.js';
import { isTraining, registerTrainRequestWorker, requestTraining } from './train-request.job.js';
import { QUEUES, type SyncUserJob, type TrainLayerJob } from './queues.js';

export interface JobsDeps {
  /** `Database.url`: PostgreSQL, or the embedded database's loopback URL. */
  databaseUrl: string;
  logger: Logger;
  /** Linked users whose sync is due now. */
  dueUsers: () => Promise<string[]>;
  syncUser: (userId: string) => Promise<unknown>;
  trainLayer: (userId: string, layerId: string) => Promise<unknown>;
  /**
   * Finishes every unfinished sort run; returns how many. A run that fails is handed to
   * `onFailure` (with what identifies it for the log) and the others go on.
   */
  resumeRuns: (onFailure: (context: Record<string, unknown>, error: unknown) => void) => Promise<number>;
  /**
   * Sends the DMs a start owes (users whose Spotify link a migration removed, or whose public results
   * it turned off); returns how many went out.
   */
  noticesAtStart?: () => Promise<number>;
  /** Cron of the due-users tick; default every minute. */
  tickCron?: string;
  /** Quiet time before a queued retraining starts; more labels in the meantime join it. */
  retrainDebounceSeconds?: number;
  /** Syncs one process runs at once. */
  syncConcurrency?: number;
  /** false: only send jobs (a process that does not work them). */
  work?: boolean;
  /** Works the enrichment queue with this service (none: enrichment jobs wait for a process that has it). */
  enrichment?: { service: EnrichTracksService; onDone: (summary: object) => void };
  /** Works /train jobs (none: they wait for a process that has it). */
  trainings?: TrainingRequests;
  /** Counts the jobs this process works, by queue and outcome. */
  metrics?: Pick<Metrics, 'jobFinished'>;
}

/** The job queue on pg-boss: built before the services that send to it, started with `startJobs`. */
export interface PgBossJobQueue extends JobQueue {
  boss: PgBoss;
  /** Starts pg-boss (upgrading an old schema) with every queue's settings. */
  startBoss(): Promise<PgBoss>;
}

export const createJobQueue = (deps: {
  databaseUrl: string;
  logger: Logger;
  retrainDebounceSeconds?: number;
  /** JOB_HEARTBEAT_SECONDS (default 30). */
  heartbeatSeconds?: number;
  /** Default TRAIN_REQUEST_RETRY_DELAY_SECONDS (tests shorten it). */
  trainRetryDelaySeconds?: number;
  /** JOB_POLL_MS (default 2000). */
  pollMs?: number;
  /** Counts the jobs this process works, by queue and outcome. */
  metrics?: Pick<Metrics, 'jobFinished'>;
}): PgBossJobQueue => {
  const boss = createPgBoss(deps.databaseUrl, deps.logger, deps.heartbeatSeconds, deps.pollMs);
  if (deps.metrics) measureJobs(boss, deps.metrics);
  return {
    boss,
    startBoss: () =>
      startPgBoss(deps.databaseUrl, deps.logger, boss, {
        heartbeatSeconds: deps.heartbeatSeconds,
        trainRetryDelaySeconds: deps.trainRetryDelaySeconds,
      }),
    queueSync: (userId) =>
      boss.send(QUEUES.syncUser, { userId } satisfies SyncUserJob, { singletonKey: userId }),
    queueRetrain: async (userId, layerId) => {
      await boss.sendDebounced(
        QUEUES.trainLayer,
        { userId, layerId } satisfies TrainLayerJob,
        { singletonKey: layerId },
        deps.retrainDebounceSeconds ?? 300,
        layerId,
      );
    },
    queueEnrichment: (userId) => requestEnrichment(boss, { userId }),
    queueTraining: (job) => requestTraining(boss, job),
    isTraining: (layerId) => isTraining(boss, layerId),
  };
};

export interface RunningJobs extends PgBossJobQueue {
  /** Sends a sync for every due user (what the cron tick does). */
  tick(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Runs one job's work. A user error (an expired link, Spotify's quota, no model yet) is expected:
 * the job ends quietly, logged at debug only (a sync meets the same one at every tick, and the
 * person hears of it elsewhere). A clean stop of the process (a deploy) is no failure either: the
 * job ends with one info line, its work (a run journaled, the new likes not taken in) left for the
 * next start, not retried nor counted failed, nobody told. Anything else is logged as an error with a reference and thrown
 * as a JobFailure (what pg-boss stores holds no secret), so that the queue retries the job.
 */
export const runGuarded = async (
  logger: Logger,
  what: string,
  context: Record<string, unknown>,
  run: () => Promise<unknown>,
): Promise<void> => {
  try {
    await run();
  } catch (error) {
    const reference = logFailure(logger, what, context, error);
    if (reference !== undefined) throw jobFailure(error, reference);
  }
};

/** Logs a job's failure as runGuarded says; its reference when it is unexpected (not a user error). */
const logFailure = (
  logger: Logger,
  what: string,
  context: Record<string, unknown>,
  error: unknown,
): string | undefined => {
  if (isUserError(error)) {
    logger.debug({ ...context, code: error.code }, `${what}: ${error.message}`);
    return undefined;
  }
  if (error instanceof RunsStoppedError) {
    logger.info(context, `${what} stopped for the restart: the next start takes it up`);
    return undefined;
  }
  // A failed run's reference is the one its DM and /status show.
  const reference = referenceOf(error) ?? randomUUID().slice(0, 8);
  logger.error({ ...context, err: error, reference }, `${what} failed`);
  return reference;
};

/**
 * Starts pg-boss on the shared database and, unless `work` is false, works its queues. Every job
 * is idempotent: a sync reads what changed, a training keeps the better model, and sort runs are
 * journaled. One user's failure fails only that user's job.
 */
export const startJobs = async (deps: JobsDeps, queue = createJobQueue(deps)): Promise<RunningJobs> => {
  const { logger } = deps;
  const { boss, queueSync } = queue;
  await queue.startBoss();

  const tick = async () => {
    const users = await deps.dueUsers();
    for (const userId of users) await queueSync(userId);
    return users.length;
  };

  const guarded = (what: string, context: Record<string, unknown>, run: () => Promise<unknown>) =>
    runGuarded(logger, what, context, run);

  if (deps.work !== false) {
    await boss.work<SyncUserJob>(QUEUES.syncUser, { batchSize: 1 }, async ([job]) => {
      if (job) await guarded('sync', { userId: job.data.userId }, () => deps.syncUser(job.data.userId));
    });
    for (let i = 1; i < (deps.syncConcurrency ?? 2); i++) {
      await boss.work<SyncUserJob>(QUEUES.syncUser, { batchSize: 1 }, async ([job]) => {
        if (job) await guarded('sync', { userId: job.data.userId }, () => deps.syncUser(job.data.userId));
      });
    }
    await boss.work<TrainLayerJob>(QUEUES.trainLayer, { batchSize: 1 }, async ([job]) => {
      if (!job) return;
      const { userId, layerId } = job.data;
      // Never beside a /train of the layer: this retraining comes after it (labels given since it began).
      if (await isTraining(boss, layerId)) return queue.queueRetrain(userId, layerId);
      await guarded('training', { ...job.data }, () => deps.trainLayer(userId, layerId));
    });
    await boss.work(QUEUES.syncTick, async () => {
      await tick();
    });
    await boss.work(QUEUES.resumeRuns, async () => {
      // One user's run failing (their Spotify down, a run that ends failed) is logged; the others finish.
      const resumed = await deps.resumeRuns((context, error) =>
        logFailure(logger, 'resuming a sort run', context, error),
      );
      if (resumed > 0) logger.info({ resumed }, 'finished interrupted sort runs');
      // A failure is logged and the notices not sent stay owed for the next start.
      const told = await (deps.noticesAtStart?.() ?? Promise.resolve(0)).catch((error: unknown) => {
        logFailure(logger, 'the DMs owed at start', {}, error);
        return 0;
      });
      if (told > 0) logger.info({ told }, 'sent the DMs owed at start');
    });
    await boss.schedule(QUEUES.syncTick, deps.tickCron ?? '* * * * *');
    await boss.send(QUEUES.resumeRuns, {});
    if (deps.trainings) await registerTrainRequestWorker(boss, deps.trainings, logger);
    if (deps.enrichment) await registerEnrichWorker(boss, deps.enrichment.service, deps.enrichment.onDone);
  }

  return {
    ...queue,
    tick,
    stop: () => boss.stop({ graceful: true, timeout: 10_000 }),
  };
};
