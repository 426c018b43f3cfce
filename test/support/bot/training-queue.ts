import { randomBytes } from 'node:crypto';
import type { Logger } from '../../../src/logger.js';
import { createBotClient } from '../../../src/bot/client.js';
import { DiscordTrainingAnnouncer } from '../../../src/bot/training-announcer.js';
import type { Database } from '../../../src/db/database.js';
import { createRepositories } from '../../../src/composition/repositories.js';
import { createJobQueue, startJobs } from '../../../src/jobs/start-jobs.js';
import { QUEUES } from '../../../src/jobs/queues.js';
import type { LayerTrainer } from '../../../src/services/ports/model-ports.js';
import {
  TrainingRequests,
  type TrainingAnnouncer,
} from '../../../src/services/model/training-requests.service.js';
import { TokenCipher } from '../../../src/spotify/token-cipher.js';

export interface TrainingQueue {
  trainings: TrainingRequests;
  /**
   * Resolves once no /train job is queued or running. The result reaches the user just before the
   * handler returns and the queue marks the job done, so a /train sent in that moment is refused.
   */
  idle(): Promise<void>;
  /** Queues the debounced background retraining of a layer (as new labels and corrections do). */
  queueRetrain(userId: string, layerId: string): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The real job queues (pg-boss on the test database) worked in this process: /train announcing over
 * REST to `discord` with a client of its own, as a worker process does, and the debounced
 * retraining (one second's quiet) on the same trainer, polled every half second. `now` is the announcer's clock (a test past
 * the token's 15 minutes).
 */
export const startTrainingQueue = async (deps: {
  database: Database;
  trainer: LayerTrainer;
  discord: { apiUrl: string; token: string };
  logger: Logger;
  now?: () => number;
  /** Wraps the Discord announcer (a test makes a delivery fail). */
  announcer?: (discord: TrainingAnnouncer) => TrainingAnnouncer;
}): Promise<TrainingQueue> => {
  const queue = createJobQueue({
    databaseUrl: deps.database.url,
    logger: deps.logger,
    retrainDebounceSeconds: 1,
    // pg-boss's least: a /train waits up to this long to be taken, not the production 2 s.
    pollMs: 500,
    // pg-boss's least with its backoff: a retried /train comes within seconds.
    trainRetryDelaySeconds: 1,
  });
  const client = createBotClient(deps.discord.apiUrl, deps.discord.token);
  const { layers } = createRepositories(deps.database);
  const announcer = new DiscordTrainingAnnouncer(client, deps.logger, deps.now);
  const trainings = new TrainingRequests({
    queue,
    trainer: deps.trainer,
    layers,
    announcer: deps.announcer ? deps.announcer(announcer) : announcer,
    cipher: new TokenCipher([{ id: 'test', key: randomBytes(32) }]),
  });
  await startJobs(
    {
      databaseUrl: deps.database.url,
      logger: deps.logger,
      dueUsers: async () => [],
      syncUser: async () => undefined,
      resumeRuns: async () => 0,
      trainLayer: async (userId, layerId) => {
        const layer = await layers.byId(layerId);
        if (layer) await deps.trainer.train(userId, layer, () => {});
      },
      trainings,
    },
    queue,
  );
  return {
    trainings,
    idle: async () => {
      for (;;) {
        const jobs = await queue.boss.findJobs(QUEUES.trainRequest);
        if (!jobs.some((job) => ['created', 'retry', 'active'].includes(job.state))) return;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    queueRetrain: queue.queueRetrain,
    stop: async () => {
      await queue.boss.stop({ graceful: false, timeout: 5_000 });
      await client.destroy();
    },
  };
};
