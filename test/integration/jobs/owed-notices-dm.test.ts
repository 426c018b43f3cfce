import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSortingJobs } from '../../../src/composition/sorting-jobs.js';
import { QUEUES } from '../../../src/jobs/queues.js';
import type { ModelWork } from '../../../src/services/ports/model-work.ports.js';
import { MemoryNotifier } from '../../support/memory-notifier.js';
import { startSpotifyHarness, type SpotifyHarness } from '../../support/spotify/spotify-harness.js';
import { sortingJobsOver } from '../../support/sync-job.js';

const TOLD = 'discord-link-removed';
const RELINKED = 'discord-link-removed-relinked';
const NOT_OWED = 'discord-link-kept';
const PUBLIC_RESET = 'discord-public-results-reset';

/** No model work happens here: the processes only start. */
const noModelWork: ModelWork = {
  run: () => Promise.reject(new Error('no model work in this test')),
  backend: () => 'cpu',
};

/**
 * Users an earlier migration unlinked (marked by the next one, users.link_removed_at), and users
 * whose public results the move to one setting per server turned off (user_settings.public_results_reset_at),
 * are told once by DM when a process that works the jobs starts: as a restart finishes interrupted runs.
 */
describe('the DMs migrations left owed: a removed Spotify link, public results turned off', () => {
  let harness: SpotifyHarness;
  let notifier: MemoryNotifier;
  let starts = 0;

  /** Starts the jobs (a process start), waits until its start job has run, and stops them. */
  const startAndStop = async () => {
    const running = await startSortingJobs(sortingJobsOver(harness, { notifier, modelWork: noModelWork }));
    starts += 1;
    try {
      const deadline = Date.now() + 30_000;
      for (;;) {
        const done = (await running.jobs.boss.findJobs(QUEUES.resumeRuns)).filter(
          (job) => job.state === 'completed',
        );
        if (done.length >= starts) break;
        if (Date.now() > deadline) throw new Error('the start job never ran');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    } finally {
      await running.stop();
    }
  };
  const owed = async () =>
    (
      (await harness.database.dataSource.query(
        `select id from users where link_removed_at is not null
         union all select user_id from user_settings where public_results_reset_at is not null order by 1`,
      )) as { id: string }[]
    ).map((row) => row.id);

  beforeAll(async () => {
    harness = await startSpotifyHarness();
    harness.fake.addUser({ id: 'spotify-relinked' });
    for (const id of [TOLD, RELINKED, NOT_OWED, PUBLIC_RESET])
      await harness.database.dataSource.query('insert into users (id) values ($1)', [id]);
    await harness.database.dataSource.query(
      `insert into user_settings (user_id, public_results_reset_at) values ($1, '2026-12-07')`,
      [PUBLIC_RESET],
    );
    await harness.database.dataSource.query(
      `update users set link_removed_at = '2026-12-01' where id in ($1, $2)`,
      [TOLD, RELINKED],
    );
    // Linked again before the notice went out: nothing to tell.
    await harness.link(RELINKED, 'spotify-relinked');
    notifier = new MemoryNotifier(harness.users);
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('a start whose DM fails (Discord down) keeps the notice owed', async () => {
    notifier.failing = true;
    await startAndStop();
    expect(notifier.attempts).toBe(2);
    expect(notifier.sent).toEqual([]);
    expect(await owed()).toEqual([TOLD, PUBLIC_RESET]);
  });

  it('the next start tells them, once, with a way to link again; later starts say nothing more', async () => {
    notifier.failing = false;
    await startAndStop();
    expect(notifier.sent).toEqual([
      { userId: TOLD, message: { kind: 'link-removed' } },
      { userId: PUBLIC_RESET, message: { kind: 'public-results-reset' } },
    ]);
    expect(await owed()).toEqual([]);
    await startAndStop();
    expect(notifier.sent).toHaveLength(2);
    expect(notifier.to(RELINKED)).toEqual([]);
    expect(notifier.to(NOT_OWED)).toEqual([]);
  });
});
