import { randomBytes } from 'node:crypto';
import type { Logger } from '../../../src/logger.js';
import { createBotClient } from '../../../src/bot/client.js';
import { DiscordTrainingAnnouncer } from '../../../src/bot/training-announcer.js';
import type { Database } from '../../../src/db/database.js';
import { createRepositories } from '../../../src/composition/repositories.js';
import { createJobQueue } from '../../../src/jobs/start-jobs.js';
import { QUEUES } from '../../../src/jobs/queues.js';
import { registerTrainRequestWorker } from '../../../src/jobs/train-request.job.js';
import type { LayerTrainer } from '../../../src/services/model-ports.js';
import { TrainingRequests } from '../../../src/services/training-requests.service.js';
import { TokenCipher } from '../../../src/spotify/token-cipher.js';

export interface TrainingQueue {
  trainings: TrainingRequests;
  /**
   * Resolves once no /train job is queued or running. The result reaches the user just before the
   * handler returns and the queue marks the job done, so a /train sent in that moment is refused.
   */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The real /train job queue (pg-boss on the test database) worked in this process, announcing over
 * REST to `discord` with a client of its own, as a worker process does. `now` is the announcer's
 * clock (a test past the token's 15 minutes).
 */
export const startTrainingQueue = async (deps: {
  database: Database;
  trainer: LayerTrainer;
  discord: { apiUrl: string; token: string };
  logger: Logger;
  now?: () => number;
}): Promise<TrainingQueue> => {
  const queue = createJobQueue({ databaseUrl: deps.database.url, logger: deps.logger });
  const client = createBotClient(deps.discord.apiUrl, deps.discord.token);
  const trainings = new TrainingRequests({
    queue,
    trainer: deps.trainer,
    layers: createRepositories(deps.database).layers,
    announcer: new DiscordTrainingAnnouncer(client, deps.logger, deps.now),
    cipher: new TokenCipher([{ id: 'test', key: randomBytes(32) }]),
  });
  await queue.startBoss();
  await registerTrainRequestWorker(queue.boss, trainings, deps.logger);
  return {
    trainings,
    idle: async () => {
      for (;;) {
        const jobs = await queue.boss.findJobs(QUEUES.trainRequest);
        if (!jobs.some((job) => ['created', 'retry', 'active'].includes(job.state))) return;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    stop: async () => {
      await queue.boss.stop({ graceful: false, timeout: 5_000 });
      await client.destroy();
    },
  };
};
