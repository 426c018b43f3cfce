import { randomUUID } from 'node:crypto';
import type { PgBoss } from 'pg-boss';
import type { Logger } from '../logger.js';
import type { TrainingJob } from '../services/model/training-job.js';
import { TrainingUntoldError, type TrainingRequests } from '../services/model/training-requests.service.js';
import { QUEUES, TRAIN_REQUEST_RETRY_LIMIT } from './queues.js';

const UNFINISHED = new Set(['created', 'retry', 'active']);

/** Queues a /train; the queue's `exclusive` policy drops it (null) while one of the layer is queued or active. */
export const requestTraining = (boss: PgBoss, job: TrainingJob): Promise<string | null> =>
  boss.send(QUEUES.trainRequest, job, { singletonKey: job.layerId });

export const isTraining = async (boss: PgBoss, layerId: string): Promise<boolean> =>
  (await boss.findJobs(QUEUES.trainRequest, { key: layerId })).some((job) => UNFINISHED.has(job.state));

const RETRAINING_POLL_MS = 1_000;

/**
 * Waits while the layer's background retraining (train-layer) runs: one training of a layer at a
 * time. A retraining that starts later sees this /train and defers itself (start-jobs).
 */
const afterRetraining = async (boss: PgBoss, layerId: string): Promise<void> => {
  const retraining = async () =>
    (await boss.findJobs(QUEUES.trainLayer, { key: layerId })).some((job) => job.state === 'active');
  while (await retraining()) await new Promise((resolve) => setTimeout(resolve, RETRAINING_POLL_MS));
};

/**
 * Works /train jobs one at a time per worker. An unexpected failure is logged with a reference and
 * thrown (the queue retries it, as it does a job whose process died); after the last attempt the
 * user gets the reference.
 */
export const registerTrainRequestWorker = async (
  boss: PgBoss,
  trainings: TrainingRequests,
  logger: Logger,
): Promise<void> => {
  await boss.work<TrainingJob>(QUEUES.trainRequest, { batchSize: 1 }, async ([job]) => {
    if (!job) return;
    await afterRetraining(boss, job.data.layerId);
    await runTrainRequest(trainings, logger, job);
  });
};

/**
 * One attempt of a /train job. An unexpected failure is logged with a reference and thrown, so that
 * the queue retries it; after the last attempt the user gets the reference. A result that could not
 * be shown once the model was stored is logged and ends the job: a retry would train it again.
 */
export const runTrainRequest = async (
  trainings: Pick<TrainingRequests, 'run' | 'failed'>,
  logger: Logger,
  job: { data: TrainingJob; retryCount: number },
): Promise<void> => {
  try {
    await trainings.run(job.data);
  } catch (error) {
    const reference = randomUUID().slice(0, 8);
    const { userId, layerId } = job.data;
    if (error instanceof TrainingUntoldError) {
      logger.error({ err: error, reference, userId, layerId }, 'training result not delivered');
      return;
    }
    logger.error({ err: error, reference, userId, layerId, attempt: job.retryCount }, 'training failed');
    if (job.retryCount >= TRAIN_REQUEST_RETRY_LIMIT) await trainings.failed(job.data, reference);
    throw error;
  }
};
