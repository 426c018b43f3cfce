import pg from 'pg';
import { PgBoss, type JobInsert, type Queue } from 'pg-boss';
import type { Logger } from '../logger.js';
import { storeFailuresWithoutSecrets } from './job-failure.js';
import { DEFAULT_HEARTBEAT_SECONDS, DEFAULT_POLL_MS, queueSettings, type QueueTimings } from './queues.js';

// pg-boss 10 kept its tables in `pgboss` at schema version 21–24. pg-boss 11 rewrote the schema and
// migrates only from 25 up, so a version 10 schema is set aside and its pending work moved over.
const SCHEMA = 'pgboss';
const VERSION_10_SCHEMA = 'pgboss_v10';
const FIRST_VERSION_AFTER_10 = 25;
// Serialises the upgrade between processes starting together (bot and worker).
const UPGRADE_LOCK = 7_268_535_101;

interface Version10Queue {
  name: string;
  policy: string | null;
  retry_limit: number | null;
  retry_delay: number | null;
  retry_backoff: boolean | null;
  expire_seconds: number | null;
  retention_minutes: number | null;
  dead_letter: string | null;
}

interface Version10Job {
  id: string;
  name: string;
  data: object | null;
  priority: number;
  retry_limit: number;
  retry_delay: number;
  retry_backoff: boolean;
  start_after: Date;
  singleton_key: string | null;
  expire_seconds: number;
  dead_letter: string | null;
}

const schemaVersion = async (client: pg.Client, schema: string): Promise<number | null> => {
  const { rows } = await client.query<{ exists: boolean }>('select to_regclass($1) is not null as exists', [
    `${schema}.version`,
  ]);
  if (!rows[0]?.exists) return null;
  const version = await client.query<{ version: number }>(
    `select max(version) as version from ${schema}.version`,
  );
  return version.rows[0]?.version ?? null;
};

/** Creates every queue, and brings an existing one's settings (all but its policy) to the current ones. */
const applyQueueSettings = async (boss: PgBoss, timings: QueueTimings) => {
  for (const [name, { policy, ...settings }] of Object.entries(queueSettings(timings))) {
    await boss.createQueue(name, { policy, ...settings });
    if (Object.keys(settings).length > 0) await boss.updateQueue(name, settings);
  }
};

const hasVersion10Schema = async (client: pg.Client): Promise<boolean> => {
  const { rows } = await client.query<{ exists: boolean }>('select to_regclass($1) is not null as exists', [
    `${VERSION_10_SCHEMA}.job`,
  ]);
  return rows[0]?.exists ?? false;
};

/**
 * Queues pg-boss 10's unfinished jobs again under their ids, on its queues (a queue unknown today keeps
 * its pg-boss 10 settings). Schedules are made again by the worker at start.
 */
const moveVersion10Work = async (client: pg.Client, boss: PgBoss) => {
  const queues = await client.query<Version10Queue>(
    `select name, policy, retry_limit, retry_delay, retry_backoff, expire_seconds, retention_minutes, dead_letter
       from ${VERSION_10_SCHEMA}.queue order by dead_letter is not null, name`,
  );
  for (const queue of queues.rows) {
    // pg-boss checks every option it is given, so absent settings are left out rather than undefined.
    const options: Omit<Queue, 'name'> = { policy: queue.policy ?? undefined };
    if (queue.retry_limit !== null) options.retryLimit = queue.retry_limit;
    if (queue.retry_delay !== null) options.retryDelay = queue.retry_delay;
    if (queue.retry_backoff !== null) options.retryBackoff = queue.retry_backoff;
    if (queue.expire_seconds !== null) options.expireInSeconds = queue.expire_seconds;
    if (queue.retention_minutes !== null) options.retentionSeconds = queue.retention_minutes * 60;
    if (queue.dead_letter !== null) options.deadLetter = queue.dead_letter;
    await boss.createQueue(queue.name, options);
  }
  // An active job was cut off by the stop before the upgrade; every job here is idempotent, so it runs again.
  const jobs = await client.query<Version10Job>(
    `select id, name, data, priority, retry_limit, retry_delay, retry_backoff, start_after, singleton_key,
            extract(epoch from expire_in)::int as expire_seconds, dead_letter
       from ${VERSION_10_SCHEMA}.job
      where state in ('created', 'retry', 'active') and keep_until > now()
      order by created_on`,
  );
  const byQueue = new Map<string, Version10Job[]>();
  for (const job of jobs.rows) byQueue.set(job.name, [...(byQueue.get(job.name) ?? []), job]);
  for (const [name, queued] of byQueue) {
    await boss.insert(
      name,
      queued.map((job): JobInsert => ({
        id: job.id,
        data: job.data ?? {},
        priority: job.priority,
        retryLimit: job.retry_limit,
        retryDelay: job.retry_delay,
        retryBackoff: job.retry_backoff,
        startAfter: job.start_after,
        expireInSeconds: job.expire_seconds,
        ...(job.singleton_key === null ? {} : { singletonKey: job.singleton_key }),
        ...(job.dead_letter === null ? {} : { deadLetter: job.dead_letter }),
      })),
    );
  }
  await client.query(`drop schema if exists ${VERSION_10_SCHEMA} cascade`);
  return { queues: queues.rowCount ?? 0, jobs: jobs.rowCount ?? 0 };
};

/** Every worker of `boss` asks for new jobs each `pollMs`, unless its own options say otherwise. */
const pollEvery = (boss: PgBoss, pollMs: number): void => {
  const work = boss.work.bind(boss) as (name: string, ...rest: unknown[]) => Promise<string>;
  const polling = (name: string, ...rest: unknown[]): Promise<string> => {
    const handler = rest.pop();
    const options = (rest[0] ?? {}) as object;
    return work(name, { pollingIntervalSeconds: pollMs / 1000, ...options }, handler);
  };
  boss.work = polling as PgBoss['work'];
};

/**
 * pg-boss on `databaseUrl`, not started: what sends jobs is built on it before `startPgBoss`. Its
 * supervisor looks for jobs whose heartbeat stopped twice per heartbeat, so a /train of a process
 * that died is retried within one and a half heartbeats; its workers look for new jobs every `pollMs`,
 * and what a failed job leaves in the database holds no token (job-failure).
 */
export const createPgBoss = (
  databaseUrl: string,
  logger: Logger,
  heartbeatSeconds = DEFAULT_HEARTBEAT_SECONDS,
  pollMs = DEFAULT_POLL_MS,
): PgBoss => {
  const checkSeconds = Math.ceil(heartbeatSeconds / 2);
  const boss = new PgBoss({
    connectionString: databaseUrl,
    max: 4,
    superviseIntervalSeconds: checkSeconds,
    monitorIntervalSeconds: checkSeconds,
  });
  boss.on('error', (error) => logger.error({ err: error }, 'pg-boss error'));
  pollEvery(boss, pollMs);
  storeFailuresWithoutSecrets(boss, logger);
  return boss;
};

const upgradeAndStart = async (
  databaseUrl: string,
  logger: Logger,
  boss: PgBoss,
  timings: QueueTimings,
): Promise<PgBoss> => {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [UPGRADE_LOCK]);
    const version = await schemaVersion(client, SCHEMA);
    if (version !== null && version < FIRST_VERSION_AFTER_10) {
      logger.info({ version }, 'upgrading the job queue from pg-boss 10');
      await client.query(`alter schema ${SCHEMA} rename to ${VERSION_10_SCHEMA}`);
    }
    await boss.start();
    await applyQueueSettings(boss, timings);
    if (await hasVersion10Schema(client)) {
      logger.info(await moveVersion10Work(client, boss), 'moved pg-boss 10 queues and unfinished jobs');
    }
  } finally {
    await client.query('select pg_advisory_unlock($1)', [UPGRADE_LOCK]).catch(() => undefined);
    await client.end();
  }
  return boss;
};

// The advisory lock does not separate one process's connections to the embedded database (one session).
let previousStart: Promise<unknown> = Promise.resolve();

/**
 * Starts pg-boss on `databaseUrl`. A database last run with pg-boss 10 is upgraded first: its schema is
 * renamed, the current one installed, and the queues and unfinished jobs moved into it. Every queue
 * of `queueSettings` exists once this resolves, with `timings` (give `boss` the same heartbeat).
 */
export const startPgBoss = (
  databaseUrl: string,
  logger: Logger,
  boss: PgBoss = createPgBoss(databaseUrl, logger),
  timings: QueueTimings = {},
): Promise<PgBoss> => {
  const started = previousStart.then(() => upgradeAndStart(databaseUrl, logger, boss, timings));
  previousStart = started.catch(() => undefined);
  return started;
};
