import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../src/db/database.js';
import { QUEUES, TRAIN_REQUEST_RETRY_DELAY_SECONDS } from '../../../src/jobs/queues.js';
import { createJobQueue, type PgBossJobQueue } from '../../../src/jobs/start-jobs.js';
import { registerTrainRequestWorker } from '../../../src/jobs/train-request.job.js';
import type { TrainingJob } from '../../../src/services/model/training-job.js';
import {
  TrainingUntoldError,
  type TrainingRequests,
} from '../../../src/services/model/training-requests.service.js';
import { quietLogger } from '../../support/bot/bot-harness.js';
import { openTestDatabase } from '../../support/test-database.js';

const job = {
  userId: 'u1',
  layerId: 'layer-1',
  layerName: 'Moods',
  reply: {},
} as unknown as TrainingJob;

/** The /train queue with its production retry settings, worked by the real /train handler. */
describe('a /train whose result Discord does not show', () => {
  let database: Database;
  let queue: PgBossJobQueue;
  let attempts = 0;

  beforeAll(async () => {
    database = await openTestDatabase();
    queue = createJobQueue({ databaseUrl: database.url, logger: quietLogger, pollMs: 500 });
    await queue.startBoss();
    const discordDown = {
      run: async () => {
        attempts += 1;
        throw new TrainingUntoldError(new Error('503 Service Unavailable'), {
          version: 1,
          labelCount: 10,
          quality: 0.9,
          perSublist: [],
        });
      },
      failed: async () => undefined,
    } as unknown as TrainingRequests;
    await registerTrainRequestWorker(queue.boss, discordDown, quietLogger);
  });
  afterAll(async () => {
    await queue?.boss.stop({ graceful: false, timeout: 5_000 });
    await database?.close();
  });

  it('is told again only after a delay, not at once', async () => {
    const id = await queue.queueTraining(job);
    const retried = async () => {
      const [found] = await queue.boss.findJobs(QUEUES.trainRequest, { id: id as string });
      return found?.state === 'retry' ? found : undefined;
    };
    let failed = await retried();
    for (const deadline = Date.now() + 20_000; !failed && Date.now() < deadline; failed = await retried())
      await new Promise((resolve) => setTimeout(resolve, 50));
    const delayMs = (failed?.startAfter.getTime() ?? 0) - Date.now();
    expect(delayMs).toBeGreaterThan((TRAIN_REQUEST_RETRY_DELAY_SECONDS - 2) * 1_000);
    // Several polls later the retry still waits.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(attempts).toBe(1);
  });
});
