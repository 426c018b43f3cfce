import { PgBoss } from 'pg-boss';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createPgBoss } from '../../../src/jobs/pg-boss.js';
import { createLogger } from '../../../src/logger.js';

const handler = async () => undefined;
// Each handler reaches pg-boss wrapped, so that what a failure stores holds no secret (job-failure).
const wrapped = expect.any(Function);

describe('createPgBoss: JOB_POLL_MS', () => {
  afterEach(() => vi.restoreAllMocks());

  it("gives every worker the poll interval, unless the worker's own options name one", async () => {
    const work = vi.spyOn(PgBoss.prototype, 'work').mockResolvedValue('worker');
    // Not started: nothing connects to this address.
    const boss = createPgBoss('postgres://127.0.0.1:9/none', createLogger('silent'), 30, 500);
    await boss.work('plain', handler);
    await boss.work('batched', { batchSize: 1 }, handler);
    await boss.work('own', { pollingIntervalSeconds: 5 }, handler);
    expect(work.mock.calls).toEqual([
      ['plain', { pollingIntervalSeconds: 0.5 }, wrapped],
      ['batched', { pollingIntervalSeconds: 0.5, batchSize: 1 }, wrapped],
      ['own', { pollingIntervalSeconds: 5 }, wrapped],
    ]);
  });

  it("keeps pg-boss's own 2 s by default", async () => {
    const work = vi.spyOn(PgBoss.prototype, 'work').mockResolvedValue('worker');
    await createPgBoss('postgres://127.0.0.1:9/none', createLogger('silent')).work('plain', handler);
    expect(work.mock.calls).toEqual([['plain', { pollingIntervalSeconds: 2 }, wrapped]]);
  });
});
