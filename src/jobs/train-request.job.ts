import { randomUUID } from 'node:crypto';
import type { PgBoss } from 'pg-boss';
import type { Logger } from '../logger.js';
import type { TrainingJob } from '../services/model/training-job.js';
import type { TrainOutcome } from '../services/ports/model-ports.js';
import { TrainingUntoldError, type TrainingRequests } from '../services/model/training-requests.service.js';
import { JobFailure, jobFailure } from './job-failure.js';
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
 * user gets the reference. With the metadata comes the output of the attempt before (pg-boss stores
 * a thrown error there), which says whether the model is already stored.
 */
export const registerTrainRequestWorker = async (
  boss: PgBoss,
  trainings: TrainingRequests,
  logger: Logger,
): Promise<void> => {
  await boss.work<TrainingJob>(
    QUEUES.trainRequest,
    { batchSize: 1, includeMetadata: true },
    async ([job]) => {
      if (!job) return;
      await afterRetraining(boss, job.data.layerId);
      await runTrainRequest(trainings, logger, job);
    },
  );
};

/**
 * Thrown for the queue to retry a job whose model is stored but whose result was not shown: pg-boss
 * keeps a thrown error's own properties as the job's output, and the retry reads the outcome there.
 * Without the cause, which was logged: Discord's error holds the request's URL, in which an
 * interaction token would otherwise be stored unencrypted.
 */
class TellAgain extends JobFailure {
  override name = 'TellAgain';
  constructor(
    reference: string,
    readonly outcome: TrainOutcome,
  ) {
    super(reference, 'training result to be told again');
  }
}

const toldAgain = (output: unknown): TrainOutcome | undefined => {
  if (typeof output !== 'object' || output === null) return undefined;
  const { name, outcome } = output as { name?: unknown; outcome?: unknown };
  if (name !== 'TellAgain' || typeof outcome !== 'object' || outcome === null) return undefined;
  return typeof (outcome as { version?: unknown }).version === 'number'
    ? (outcome as TrainOutcome)
    : undefined;
};

/**
 * One attempt of a /train job. An unexpected failure is logged with a reference and thrown, so that
 * the queue retries it; after the last attempt the user gets the reference. A result that could not
 * be shown once the model was stored is thrown too, carrying the outcome: the retry only tells it,
 * training nothing. After the last attempt that is logged with a reference and the job ends.
 */
export const runTrainRequest = async (
  trainings: Pick<TrainingRequests, 'run' | 'failed'>,
  logger: Logger,
  job: { data: TrainingJob; retryCount: number; output?: unknown },
): Promise<void> => {
  try {
    await trainings.run(job.data, toldAgain(job.output));
  } catch (error) {
    const reference = randomUUID().slice(0, 8);
    const { userId, layerId } = job.data;
    const attempt = job.retryCount;
    if (error instanceof TrainingUntoldError) {
      const fields = { err: error, reference, userId, layerId, attempt };
      if (attempt >= TRAIN_REQUEST_RETRY_LIMIT) {
        logger.error(fields, 'training result not delivered');
        return;
      }
      logger.warn(fields, 'training result not delivered yet; telling again');
      throw new TellAgain(reference, error.outcome);
    }
    logger.error({ err: error, reference, userId, layerId, attempt }, 'training failed');
    if (attempt >= TRAIN_REQUEST_RETRY_LIMIT) await trainings.failed(job.data, reference);
    throw jobFailure(error, reference);
  }
};
