import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../src/db/database.js';
import { startJobs, type RunningJobs } from '../../../src/jobs/start-jobs.js';
import { SpotifyLinkExpiredError } from '../../../src/services/spotify-errors.js';
import { openTestDatabase } from '../../support/test-database.js';
import { waitFor } from '../../support/wait-for.js';

describe('jobs on pg-boss (embedded database or PostgreSQL)', () => {
  let database: Database;
  let jobs: RunningJobs;
  const synced: string[] = [];
  const trained: string[] = [];
  let resumed = 0;

  beforeAll(async () => {
    database = await openTestDatabase();
    jobs = await startJobs({
      databaseUrl: database.url,
      logger: pino({ level: 'silent' }),
      dueUsers: async () => ['due-1', 'expired', 'due-2'],
      syncUser: async (userId) => {
        if (userId === 'expired') throw new SpotifyLinkExpiredError(userId);
        if (userId === 'broken') throw new Error('unexpected');
        synced.push(userId);
      },
      trainLayer: async (_userId, layerId) => {
        trained.push(layerId);
      },
      resumeRuns: async () => {
        resumed++;
        return 0;
      },
      retrainDebounceSeconds: 1,
    });
  });
  afterAll(async () => {
    await jobs?.stop();
    await database?.close();
  });

  it('resumes unfinished sort runs at start', async () => {
    await waitFor(() => resumed === 1);
  });

  it('syncs every due user; one user’s failure does not stall the others', async () => {
    await jobs.queueSync('broken');
    expect(await jobs.tick()).toBe(3);
    await waitFor(() => synced.includes('due-1') && synced.includes('due-2'));
    expect(synced.filter((u) => u === 'due-1')).toHaveLength(1);
  });

  it('debounces retraining: three requests for a layer train it at most twice (now and after the quiet time)', async () => {
    await jobs.queueRetrain('u', 'layer-a');
    await jobs.queueRetrain('u', 'layer-a');
    await jobs.queueRetrain('u', 'layer-a');
    await waitFor(() => trained.length >= 1);
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(trained.filter((l) => l === 'layer-a').length).toBeLessThanOrEqual(2);
  });
});
