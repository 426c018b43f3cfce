import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSortingJobs, type SortingJobs } from '../../../src/composition/sorting-jobs.js';
import { startSpotifyHarness, type SpotifyHarness } from '../../support/spotify/spotify-harness.js';
import { startTestModelPool } from '../../support/model-pool.js';
import { likedOf, makeTracks } from '../../support/spotify/seed.js';
import { MemoryNotifier } from '../../support/memory-notifier.js';
import { sortingJobsOver } from '../../support/sync-job.js';
import { testDatabaseUrl } from '../../support/test-database.js';

const MINUTE = 60_000;

/**
 * The scheduled sync's handlers on an injected clock (the quota bench drives simulated days with
 * it): which users are due, when their last sync happened, and the quota notice's block all follow
 * the injected now, not the system clock.
 */
describe(`the scheduled sync on an injected clock on ${testDatabaseUrl() ? 'PostgreSQL' : 'embedded PGlite'}`, () => {
  let harness: SpotifyHarness;
  let jobs: SortingJobs;
  // Years ahead of the system clock: anything still reading it sees every sync as recent.
  let simulated = Date.parse('2031-03-01T12:00:00Z');
  let notifier: MemoryNotifier;
  const pool = startTestModelPool();

  beforeAll(async () => {
    // The budget the scheduler plans with (sortingJobsOver's 1,000) is the one the requests spend.
    harness = await startSpotifyHarness({ now: () => simulated, dailyBudget: 1_000 });
    notifier = new MemoryNotifier(harness.users, () => new Date(simulated));
    const tracks = makeTracks('clockann', 2);
    harness.fake.addUser({ id: 'ann' });
    harness.fake.seedLibrary('ann', { tracks, liked: likedOf(tracks) });
    await harness.database.dataSource.query(`insert into users (id) values ($1)`, ['discord-ann']);
    await harness.link('discord-ann', 'ann');
    jobs = createSortingJobs(
      sortingJobsOver(harness, { notifier, modelWork: pool, now: () => new Date(simulated) }),
    );
  });
  afterAll(async () => {
    await jobs?.services.close();
    await pool.close();
    await harness?.close();
  });

  it('is due, syncs at the simulated now, and is due again one interval of simulated time later', async () => {
    expect(await jobs.scheduled.dueUsers()).toEqual(['discord-ann']);
    await jobs.scheduled.syncUser('discord-ann');
    expect((await harness.accounts.byUserId('discord-ann'))!.lastSyncAt).toEqual(new Date(simulated));
    simulated += 9 * MINUTE;
    expect(await jobs.scheduled.dueUsers()).toEqual([]);
    simulated += 2 * MINUTE;
    expect(await jobs.scheduled.dueUsers()).toEqual(['discord-ann']);
  });

  it('dates the quota block and its one DM on the simulated clock', async () => {
    harness.fake.setDailyQuota({ requests: 0, retryAfterSeconds: 3_600 });
    await expect(jobs.scheduled.syncUser('discord-ann')).rejects.toThrow();
    await expect(jobs.scheduled.syncUser('discord-ann')).rejects.toThrow();
    const told = notifier.sent.filter((s) => s.message.kind === 'quota-blocked');
    expect(told).toHaveLength(1);
    expect((told[0]!.message as { until: Date }).until).toEqual(new Date(simulated + 3_600_000));
    simulated += 30 * MINUTE;
    expect(await jobs.scheduled.dueUsers()).toEqual([]);
    simulated += 31 * MINUTE;
    harness.fake.setDailyQuota(null);
    // The few requests before this block became the budget: the schedule stretches to it.
    expect(await jobs.scheduled.dueUsers()).toEqual([]);
    await harness.database.dataSource.query('delete from spotify_budget');
    expect(await jobs.scheduled.dueUsers()).toEqual(['discord-ann']);
  });

  it('picks nobody while the budget’s share for syncs is spent (no sync failing at every tick), and again once the rolling day frees it', async () => {
    expect(await jobs.scheduled.dueUsers()).toEqual(['discord-ann']);
    // Another process spent the syncs' 80 % of the 1,000 a minute ago.
    await harness.database.dataSource.query(
      `insert into spotify_request_buckets (minute, requests) values ($1, 800)
       on conflict (minute) do update set requests = spotify_request_buckets.requests + 800`,
      [new Date(Math.floor(simulated / MINUTE) * MINUTE - MINUTE)],
    );
    // What every tick's sync of a picked user did: stop at its first request.
    await expect(jobs.scheduled.syncUser('discord-ann')).rejects.toMatchObject({ code: 'spotify-budget' });
    for (let tick = 0; tick < 3; tick++) {
      expect(await jobs.scheduled.dueUsers()).toEqual([]);
      simulated += MINUTE;
    }
    simulated += 24 * 60 * MINUTE;
    expect(await jobs.scheduled.dueUsers()).toEqual(['discord-ann']);
    await jobs.scheduled.syncUser('discord-ann');
  });
});
