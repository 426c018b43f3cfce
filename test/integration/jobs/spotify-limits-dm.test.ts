import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIKED_SONGS_ID } from '../../../src/core/layer-records.js';
import { SyncScheduleRepository } from '../../../src/db/repositories/sync-schedule.repository.js';
import { startSortingJobs, type RunningSortingJobs } from '../../../src/composition/sorting-jobs.js';
import { startSpotifyHarness, type SpotifyHarness } from '../../support/spotify/spotify-harness.js';
import { startTestModelPool } from '../../support/model-pool.js';
import { likedOf, makeTracks } from '../../support/spotify/seed.js';
import { MemoryNotifier } from '../../support/memory-notifier.js';
import { runSyncJob, sortingJobsOver } from '../../support/sync-job.js';
import { testDatabaseUrl } from '../../support/test-database.js';

const HOUR = 3_600_000;

/**
 * QUOTA_EXCEEDED met by the sync jobs (pg-boss, keep-sorted, library sync, Spotify session, the
 * fake Spotify's daily quota): the block is stored, honoured, told once per user per block, and
 * the syncs pick up what was liked meanwhile once it lifts.
 */
describe(`Spotify's limits in the sync jobs (quota block, link age) on ${testDatabaseUrl() ? 'PostgreSQL' : 'embedded PGlite'}`, () => {
  let harness: SpotifyHarness;
  let running: RunningSortingJobs;
  let notifier: MemoryNotifier;
  const quotaDms = (userId: string) =>
    notifier.sent.filter((s) => s.userId === userId && s.message.kind === 'quota-blocked');
  const annTracks = makeTracks('quotaann', 4);

  const liftTheBlock = async () => {
    harness.fake.setDailyQuota(null);
    // As if a day had passed: the block is over, and the requests before it (whose count became
    // the learned budget) have left the rolling day.
    await harness.database.dataSource.query(
      `update spotify_quota set blocked_until = now() - interval '1 second'`,
    );
    await harness.database.dataSource.query(
      `update spotify_request_buckets set minute = minute - interval '1 day'`,
    );
  };

  const pool = startTestModelPool();
  beforeAll(async () => {
    harness = await startSpotifyHarness();
    notifier = new MemoryNotifier(harness.users);
    const benTracks = makeTracks('quotaben', 2);
    harness.fake.addUser({ id: 'ann' });
    harness.fake.addUser({ id: 'ben' });
    harness.fake.seedLibrary('ann', { tracks: annTracks, liked: likedOf(annTracks.slice(0, 2)) });
    harness.fake.seedLibrary('ben', { tracks: benTracks, liked: likedOf(benTracks) });
    for (const [user, spotifyUser] of [
      ['discord-ann', 'ann'],
      ['discord-ben', 'ben'],
    ] as const) {
      await harness.database.dataSource.query(`insert into users (id) values ($1)`, [user]);
      await harness.link(user, spotifyUser);
    }
    running = await startSortingJobs(
      sortingJobsOver(harness, { notifier, modelWork: pool, retrainDebounceSeconds: 1 }),
    );
    expect(await runSyncJob(running, 'discord-ann')).toBe('completed');
    expect(await runSyncJob(running, 'discord-ben')).toBe('completed');
  });
  afterAll(async () => {
    await running?.stop();
    await pool.close();
    await harness?.close();
  });

  it('warns once, a week before the link is six months old, with a button to link again; relinking restarts the clock', async () => {
    const expiring = () =>
      notifier.sent.filter((s) => s.userId === 'discord-ann' && s.message.kind === 'link-expiring');
    const age = (days: number) =>
      harness.database.dataSource.query(
        `update spotify_accounts set linked_at = now() - make_interval(days => $2) where user_id = $1`,
        ['discord-ann', days],
      );
    await age(170);
    expect(await runSyncJob(running, 'discord-ann')).toBe('completed');
    expect(expiring()).toHaveLength(0);
    await age(176);
    expect(await runSyncJob(running, 'discord-ann')).toBe('completed');
    expect(await runSyncJob(running, 'discord-ann')).toBe('completed');
    expect(expiring()).toHaveLength(1);
    const linkedAt = (await harness.accounts.byUserId('discord-ann'))!.linkedAt;
    expect(expiring()[0]!.message).toEqual({
      kind: 'link-expiring',
      expiresAt: new Date(linkedAt.getTime() + 182 * 86_400_000),
    });

    await harness.link('discord-ann', 'ann');
    expect(await runSyncJob(running, 'discord-ann')).toBe('completed');
    expect(expiring()).toHaveLength(1);
    await age(180);
    expect(await runSyncJob(running, 'discord-ann')).toBe('completed');
    expect(expiring()).toHaveLength(2);
    expect(notifier.sent.filter((s) => s.message.kind === 'link-expiring')).toHaveLength(2);
  });

  it('tells each user once per block, however many of their syncs meet it, and sends nothing meanwhile', async () => {
    harness.fake.setDailyQuota({ requests: 0, retryAfterSeconds: 3600 });
    for (let i = 0; i < 3; i++) {
      expect(await runSyncJob(running, 'discord-ann')).toBe('completed');
      expect(await runSyncJob(running, 'discord-ben')).toBe('completed');
    }
    expect(quotaDms('discord-ann')).toHaveLength(1);
    expect(quotaDms('discord-ben')).toHaveLength(1);
    const until = (quotaDms('discord-ann')[0]!.message as { until: Date }).until.getTime();
    expect(until).toBeGreaterThan(Date.now() + HOUR - 60_000);
    // Only the first request went out; the others stopped at the stored block.
    expect(harness.fake.dailyQuotaState()).toMatchObject({ exceeded: 1, blocks: 1 });
  });

  it('keeps everyone off the sync schedule until the block lifts', async () => {
    const schedule = new SyncScheduleRepository(harness.database.dataSource);
    expect(await schedule.dueUsers(10, new Date(Date.now() + HOUR - 120_000))).toEqual([]);
    expect((await schedule.dueUsers(10, new Date(Date.now() + HOUR + 60_000))).sort()).toEqual([
      'discord-ann',
      'discord-ben',
    ]);
  });

  it('after the block, syncs pick up every like made during it, and a new block is told again', async () => {
    harness.fake.likeTrack('ann', annTracks[2]!.id);
    harness.fake.likeTrack('ann', annTracks[3]!.id);
    await liftTheBlock();
    expect(await runSyncJob(running, 'discord-ann')).toBe('completed');
    expect(new Set(await harness.entries.trackIds('discord-ann', LIKED_SONGS_ID))).toEqual(
      new Set(annTracks.map((t) => t.id)),
    );
    expect(quotaDms('discord-ann')).toHaveLength(1);

    harness.fake.setDailyQuota({ requests: 0, retryAfterSeconds: 3600 });
    expect(await runSyncJob(running, 'discord-ann')).toBe('completed');
    expect(await runSyncJob(running, 'discord-ann')).toBe('completed');
    expect(quotaDms('discord-ann')).toHaveLength(2);
    expect(quotaDms('discord-ben')).toHaveLength(1);
  });
});
