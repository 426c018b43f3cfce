import { createRequire } from 'node:module';
import pg from 'pg';
import PgBoss10 from 'pg-boss-10';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../src/db/database.js';
import { QUEUES } from '../../../src/jobs/queues.js';
import { startJobs, type RunningJobs } from '../../../src/jobs/start-jobs.js';
import { openTestDatabase } from '../../support/test-database.js';
import { waitFor } from '../../support/wait-for.js';

const currentSchemaVersion: number = (
  createRequire(import.meta.url)('pg-boss/package.json') as { pgboss: { schema: number } }
).pgboss.schema;

/** The queues as the pg-boss 10 version of the bot created them. */
const createVersion10Queues = async (boss: PgBoss10) => {
  const stately = { policy: 'stately', retryBackoff: true } as const;
  await boss.createQueue(QUEUES.syncUser, {
    ...stately,
    name: QUEUES.syncUser,
    retryLimit: 2,
    expireInMinutes: 15,
  });
  await boss.createQueue(QUEUES.trainLayer, {
    ...stately,
    name: QUEUES.trainLayer,
    retryLimit: 1,
    expireInMinutes: 30,
  });
  await boss.createQueue(QUEUES.syncTick, { name: QUEUES.syncTick, policy: 'short' });
  await boss.createQueue(QUEUES.resumeRuns, { name: QUEUES.resumeRuns, policy: 'short' });
  await boss.createQueue(QUEUES.enrichTracks, {
    ...stately,
    name: QUEUES.enrichTracks,
    retryLimit: 2,
    expireInHours: 6,
  });
};

describe('a database last run with pg-boss 10 (embedded database or PostgreSQL)', () => {
  let database: Database;
  let jobs: RunningJobs;
  let enrichJobId: string | null;
  const synced: string[] = [];
  const trained: string[] = [];

  beforeAll(async () => {
    database = await openTestDatabase();
    const old = new PgBoss10({ connectionString: database.url, max: 2, supervise: false, schedule: false });
    await old.start();
    await createVersion10Queues(old);
    await old.send(QUEUES.syncUser, { userId: 'finished-before' }, { singletonKey: 'finished-before' });
    const [finished] = await old.fetch(QUEUES.syncUser);
    await old.complete(QUEUES.syncUser, finished!.id);
    // Fetched and never completed: the process stopped while syncing this user.
    await old.send(QUEUES.syncUser, { userId: 'cut-off' }, { singletonKey: 'cut-off' });
    expect((await old.fetch(QUEUES.syncUser))[0]?.data).toEqual({ userId: 'cut-off' });
    await old.send(QUEUES.syncUser, { userId: 'waiting-1' }, { singletonKey: 'waiting-1' });
    await old.send(QUEUES.syncUser, { userId: 'waiting-2' }, { singletonKey: 'waiting-2' });
    await old.send(
      QUEUES.trainLayer,
      { userId: 'waiting-1', layerId: 'layer-a' },
      { singletonKey: 'layer-a' },
    );
    enrichJobId = await old.send(QUEUES.enrichTracks, { userId: 'waiting-1' }, { singletonKey: 'waiting-1' });
    await old.schedule(QUEUES.syncTick, '* * * * *');
    await old.stop({ graceful: false, wait: true, timeout: 2000 });

    jobs = await startJobs({
      databaseUrl: database.url,
      logger: pino({ level: 'silent' }),
      dueUsers: async () => [],
      syncUser: async (userId) => {
        synced.push(userId);
      },
      trainLayer: async (_userId, layerId) => {
        trained.push(layerId);
      },
      resumeRuns: async () => 0,
    });
  });
  afterAll(async () => {
    await jobs?.stop();
    await database?.close();
  });

  it('runs the work queued under pg-boss 10, the job a stop cut off included, once each', async () => {
    await waitFor(() => ['cut-off', 'waiting-1', 'waiting-2'].every((user) => synced.includes(user)));
    await waitFor(() => trained.includes('layer-a'));
    expect(synced.toSorted()).toEqual(['cut-off', 'waiting-1', 'waiting-2']);
  });

  it('does not bring back a job pg-boss 10 had finished', async () => {
    expect(await jobs.boss.findJobs(QUEUES.syncUser, { key: 'finished-before' })).toEqual([]);
  });

  it('keeps a moved job under its id and data, on a queue with today’s settings', async () => {
    const [moved] = await jobs.boss.findJobs(QUEUES.enrichTracks, { id: enrichJobId! });
    expect(moved).toMatchObject({
      data: { userId: 'waiting-1' },
      singletonKey: 'waiting-1',
      state: 'created',
    });
    expect(await jobs.boss.getQueue(QUEUES.enrichTracks)).toMatchObject({
      policy: 'stately',
      expireInSeconds: 6 * 60 * 60,
    });
  });

  it('leaves the current pg-boss schema in place of the old one', async () => {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const version = await client.query<{ version: number }>('select version from pgboss.version');
      expect(version.rows.map((row) => Number(row.version))).toEqual([currentSchemaVersion]);
      const old = await client.query(`select 1 from pg_namespace where nspname = 'pgboss_v10'`);
      expect(old.rowCount).toBe(0);
    } finally {
      await client.end();
    }
  });
});
