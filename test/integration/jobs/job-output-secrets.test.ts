import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../src/db/database.js';
import { startJobs, type RunningJobs } from '../../../src/jobs/start-jobs.js';
import { capturingLogger } from '../../support/capturing-logger.js';
import { openTestDatabase } from '../../support/test-database.js';

const WEBHOOK_TOKEN = 'aW50ZXJhY3Rpb246MTIzNDU2Nzg5MDpzZWNyZXQtdG9rZW4tdmFsdWU';
const BEARER = 'BQDspotifyAccessTokenValue123';
const REFRESH = 'AQArefreshTokenValue456';
const CODE = 'authCodeValue789';
const SECRETS = [WEBHOOK_TOKEN, BEARER, REFRESH, CODE];
const URL_WITH_TOKEN = `https://discord.com/api/v10/webhooks/1234567890/${WEBHOOK_TOKEN}/messages/@original`;

/** What discord.js and a Spotify client throw: the request's URL, body and headers among the fields. */
const leakyError = () =>
  Object.assign(
    new Error(
      `Unknown Webhook at PATCH ${URL_WITH_TOKEN} (Authorization: Bearer ${BEARER}, ` +
        `refresh_token=${REFRESH}, callback?code=${CODE}&state=x)`,
    ),
    { url: URL_WITH_TOKEN, requestBody: { json: { refresh_token: REFRESH } }, status: 404 },
  );

describe('what pg-boss stores of a failed job (embedded database or PostgreSQL)', () => {
  let database: Database;
  let jobs: RunningJobs;
  const { logger, lines } = capturingLogger();

  beforeAll(async () => {
    database = await openTestDatabase();
    jobs = await startJobs({
      databaseUrl: database.url,
      logger,
      dueUsers: async () => [],
      syncUser: async () => {
        throw leakyError();
      },
      trainLayer: async () => {},
      resumeRuns: async () => 0,
    });
  });
  afterAll(async () => {
    await jobs?.stop();
    await database?.close();
  });

  const storedOutput = async (queue: string, id: string): Promise<{ state: string; output: string }> => {
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      const job = await jobs.boss.getJobById(queue, id);
      if (job?.output) return { state: job.state, output: JSON.stringify(job.output) };
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('the job never failed');
  };

  it('a guarded job (sync) stores a reference and a scrubbed message, is retried, and logs the error without secrets', async () => {
    const id = await jobs.queueSync('user-1');
    const { state, output } = await storedOutput('sync-user', id!);
    for (const secret of SECRETS) expect(output).not.toContain(secret);
    expect(state).toBe('retry');
    const stored = JSON.parse(output) as { message: string; reference: string };
    expect(stored.message).toContain(
      'Unknown Webhook at PATCH https://discord.com/api/v10/webhooks/1234567890/',
    );
    const logged = lines.find((line) => line.msg === 'sync failed');
    expect(logged?.reference).toBe(stored.reference);
    expect(logged?.err).toMatchObject({
      url: 'https://discord.com/api/v10/webhooks/1234567890/[redacted]/messages/@original',
      status: 404,
    });
    for (const secret of SECRETS) expect(JSON.stringify(logged)).not.toContain(secret);
  });

  it('any other worker on the same pg-boss stores no secret either', async () => {
    await jobs.boss.createQueue('leaky-test', { retryLimit: 0 });
    await jobs.boss.work('leaky-test', async () => {
      throw leakyError();
    });
    const id = await jobs.boss.send('leaky-test', {});
    const { state, output } = await storedOutput('leaky-test', id!);
    for (const secret of SECRETS) expect(output).not.toContain(secret);
    expect(state).toBe('failed');
    const stored = JSON.parse(output) as { reference: string };
    const logged = lines.find((line) => line.reference === stored.reference);
    expect(logged?.msg).toBe('job failed');
    for (const secret of SECRETS) expect(JSON.stringify(logged)).not.toContain(secret);
  });
});
