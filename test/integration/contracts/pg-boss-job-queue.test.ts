import { afterAll, beforeAll, describe } from 'vitest';
import type { Database } from '../../../src/db/database.js';
import { createJobQueue, type PgBossJobQueue } from '../../../src/jobs/start-jobs.js';
import { jobQueueContract } from '../../contracts/job-queue.contract.js';
import { quietLogger } from '../../support/bot/bot-harness.js';
import { openTestDatabase } from '../../support/test-database.js';

/** The pg-boss job queue (started, no workers) under the in-memory queue's contract. */
describe('the pg-boss job queue', () => {
  let database: Database;
  let queue: PgBossJobQueue;
  beforeAll(async () => {
    database = await openTestDatabase();
    queue = createJobQueue({ databaseUrl: database.url, logger: quietLogger });
    await queue.startBoss();
  });
  afterAll(async () => {
    await queue?.boss.stop({ graceful: false });
    await database?.close();
  });

  jobQueueContract(() => queue);
});
