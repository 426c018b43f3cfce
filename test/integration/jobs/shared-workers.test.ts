import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../src/db/database.js';
import { startJobs, type RunningJobs } from '../../../src/jobs/start-jobs.js';
import { openTestDatabase } from '../../support/test-database.js';

describe('several workers on one database', () => {
  let database: Database;
  const workers: RunningJobs[] = [];
  const synced: { worker: number; userId: string }[] = [];

  beforeAll(async () => {
    database = await openTestDatabase();
    for (const worker of [1, 2]) {
      workers.push(
        await startJobs({
          databaseUrl: database.url,
          logger: pino({ level: 'silent' }),
          dueUsers: async () => [],
          syncUser: async (userId) => {
            // Long enough that one worker alone would still be busy at the other's next poll (2 s).
            await new Promise((resolve) => setTimeout(resolve, 500));
            synced.push({ worker, userId });
          },
          trainLayer: async () => {},
          resumeRuns: async () => 0,
        }),
      );
    }
  });
  afterAll(async () => {
    for (const worker of workers) await worker.stop();
    await database?.close();
  });

  it('share the queue: every user synced exactly once, by whichever worker is free', async () => {
    const users = Array.from({ length: 12 }, (_, i) => `user-${i}`);
    // A duplicate request while one is queued is dropped (stately queue, one per user). It is sent
    // right after the first, before any worker polls: sent after all twelve, a loaded machine let a
    // worker start user-0 first, and a running job does not block a new one.
    await workers[0]?.queueSync('user-0');
    await workers[1]?.queueSync('user-0');
    for (const userId of users.slice(1)) await workers[0]?.queueSync(userId);
    const deadline = Date.now() + 30_000;
    while (synced.length < users.length && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 50));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(synced.map((s) => s.userId).sort()).toEqual([...users].sort());
    expect(new Set(synced.map((s) => s.worker)).size).toBe(2);
  });
});
