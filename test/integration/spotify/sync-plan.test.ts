import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idleSyncCost } from '../../../src/core/sync-plan.js';
import { SpotifyBudgetRepository } from '../../../src/db/repositories/spotify-budget.repository.js';
import { SyncScheduleRepository } from '../../../src/db/repositories/sync-schedule.repository.js';
import { SyncPlanService } from '../../../src/services/sync/sync-plan.service.js';
import { SpotifyRequestBudget } from '../../../src/spotify/request-budget.js';
import { startSpotifyHarness, type SpotifyHarness } from '../../support/spotify/spotify-harness.js';
import { likedOf, makeTracks } from '../../support/spotify/seed.js';
import { testDatabaseUrl } from '../../support/test-database.js';

const USER = 'discord-idle';
const PLAYLISTS = 120;

describe(`what an idle sync costs, and a schedule that fits the budget, on ${testDatabaseUrl() ? 'PostgreSQL' : 'embedded PGlite'}`, () => {
  let h: SpotifyHarness;
  const tracks = makeTracks('idle', 40);
  let playlistIds: string[] = [];

  beforeAll(async () => {
    h = await startSpotifyHarness();
    h.fake.addUser({ id: 'idle' });
    playlistIds = h.fake.seedLibrary('idle', {
      tracks,
      liked: likedOf(tracks.slice(0, 30)),
      playlists: Array.from({ length: PLAYLISTS }, (_, i) => ({
        name: `list ${i}`,
        trackIds: [tracks[i % 40]!.id, tracks[(i + 1) % 40]!.id],
      })),
    }).playlistIds;
    await h.database.dataSource.query('insert into users (id) values ($1)', [USER]);
    await h.link(USER, 'idle');
    await h.sync.syncLibrary(USER);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('an idle sync costs one Liked Songs page and one playlists page per 50 playlists; a hand edit adds one read', async () => {
    h.fake.resetCounts();
    const idle = await h.sync.syncLibrary(USER);
    expect(idle.playlists).toMatchObject({ read: 0, unchanged: PLAYLISTS });
    expect(h.fake.requestCounts()).toEqual({ 'GET /me/tracks': 1, 'GET /me/playlists': 3 });
    expect(h.fake.totalRequests()).toBe(idleSyncCost(PLAYLISTS));

    h.fake.removeFromPlaylistByHand(playlistIds[7]!, [tracks[7]!.id]);
    h.fake.resetCounts();
    expect((await h.sync.syncLibrary(USER)).playlists).toMatchObject({ read: 1 });
    expect(h.fake.totalRequests()).toBe(idleSyncCost(PLAYLISTS) + 1);
  });

  it('stretches the interval to the budget, shows it with the spend, and the scheduler honours it', async () => {
    const schedule = new SyncScheduleRepository(h.database.dataSource);
    const plan = new SyncPlanService({
      loads: schedule,
      dailyBudget: 200,
      learned: new SpotifyBudgetRepository(h.database.dataSource),
      defaultMinutes: 10,
      usage: h.budget,
    });
    // 144 syncs a day × 4 requests = 576 against 100 for idle syncs.
    expect(await plan.stretch()).toBeCloseTo(5.76, 5);
    const mine = await plan.planFor(USER);
    const lastSyncAt = (await h.accounts.byUserId(USER))!.lastSyncAt!;
    const spent = await h.budget.use();
    expect(mine).toMatchObject({
      wishMinutes: 10,
      effectiveMinutes: 58,
      nextSyncAt: new Date(lastSyncAt.getTime() + 58 * 60_000),
      requestsUsed: spent.spent,
      blockedUntil: undefined,
    });
    expect(spent.spent).toBeGreaterThanOrEqual(4 + 5 + 5);

    const later = new Date(lastSyncAt.getTime() + 30 * 60_000);
    expect(await schedule.dueUsers(10, later)).toEqual([USER]);
    expect(await schedule.dueUsers(10, later, await plan.stretch())).toEqual([]);
    expect(await schedule.dueUsers(10, new Date(lastSyncAt.getTime() + 58 * 60_000), 5.76)).toEqual([USER]);
  });

  it('while the syncs’ share of the budget is spent, the next sync is when the rolling day frees it, not now', async () => {
    const store = new SpotifyBudgetRepository(h.database.dataSource);
    const spent = (await h.budget.use()).spent;
    // A budget whose 80 % for syncing new likes the spend above has used up, with room for commands.
    const budget = new SpotifyRequestBudget({ store, dailyBudget: Math.ceil(spent / 0.85) });
    expect((await budget.use()).left['new-likes']).toBe(0);
    expect((await budget.use()).left.interactive).toBeGreaterThan(0);
    const plan = new SyncPlanService({
      loads: new SyncScheduleRepository(h.database.dataSource),
      dailyBudget: budget.dailyBudget,
      learned: store,
      defaultMinutes: 10,
      usage: budget,
    });
    const mine = await plan.planFor(USER);
    // The spend above is minutes old: it leaves the rolling day about 24 hours after it was made.
    expect(mine?.nextSyncAt.getTime()).toBeGreaterThan(Date.now() + 23 * 3_600_000);
    expect(mine?.syncsResumeAt).toEqual(mine?.nextSyncAt);
  });
});
