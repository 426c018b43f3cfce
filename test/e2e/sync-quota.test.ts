import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MotherlistBot } from '../../src/bot/start-bot.js';
import type { KeepSortedService } from '../../src/services/sync/keep-sorted.service.js';
import { SpotifyBudgetError, SpotifyQuotaError } from '../../src/services/spotify-errors.js';
import { startFakeDiscord, type FakeDiscord, type FakeUser } from '../fakes/discord/index.js';
import { waitFor } from '../support/wait-for.js';
import { startSortedGenresOverBot, waitingIds } from '../support/bot/world-bot.js';
import { genreSeedTracks, type SortingWorld } from '../support/sorting-world.js';

const SPOTIFY_USER = 'spotify-sync-quota';
const TRACKS = genreSeedTracks(56, 'sq');
const LIKED = 40;
const ITEMS = '/playlists/{playlist_id}/items';

/**
 * Spotify's daily quota runs out while a sync writes its new likes, through the bot on the fake
 * Discord: the run stays journaled, nothing goes out while the block lasts, and the first sync
 * after it (the next day) writes the rest: each new like placed once or waiting, one DM.
 */
describe('a sync whose writes meet QUOTA_EXCEEDED', () => {
  let discord: FakeDiscord;
  let world: SortingWorld;
  let bot: MotherlistBot;
  let keepSorted: KeepSortedService;
  let alice: FakeUser;

  const placements = () =>
    world.sublists.flatMap((s) => [...world.harness.fake.playlist(s.playlistId).trackIds]);
  const waiting = () => waitingIds(world);
  const query = (sql: string) => world.harness.database.dataSource.query(sql);
  /**
   * A sync that finishes the held run: no playlist holds a song twice, and each of `fresh` is
   * placed or waiting, not both. Returns those placed.
   */
  const syncFinishing = async (fresh: readonly string[]) => {
    await keepSorted.syncUser(alice.id);
    expect(await world.services.repositories.runs.unfinishedFor(world.layer.id)).toEqual([]);
    for (const s of world.sublists) {
      const ids = world.harness.fake.playlist(s.playlistId).trackIds;
      expect(ids.length).toBe(new Set(ids).size);
    }
    const placed = placements();
    const waits = await waiting();
    expect(fresh.filter((id) => placed.includes(id) === waits.has(id))).toEqual([]);
    return fresh.filter((id) => placed.includes(id));
  };

  beforeAll(async () => {
    discord = await startFakeDiscord({ waitTimeoutMs: 60_000 });
    ({ alice, world, bot, keepSorted } = await startSortedGenresOverBot(
      discord,
      SPOTIFY_USER,
      TRACKS,
      LIKED,
    ));
  }, 180_000);
  afterAll(async () => {
    await bot?.stop();
    await discord?.close();
    await world?.close();
  });

  it('waits out the block and finishes the run the next day, nothing twice, nothing lost', async () => {
    const fresh = TRACKS.slice(LIKED, LIKED + 12).map((t) => t.id);
    for (const id of fresh) world.harness.fake.likeTrack(SPOTIFY_USER, id);
    const dms = discord.dms(alice).length;
    // The quota runs out after the run's first write.
    const quota = world.harness.fake.faults.add({
      method: 'POST',
      path: ITEMS,
      status: 429,
      reason: 'QUOTA_EXCEEDED',
      retryAfterSeconds: 12 * 3600,
      after: 1,
    });
    await expect(keepSorted.syncUser(alice.id)).rejects.toBeInstanceOf(SpotifyQuotaError);
    expect(quota.fired).toBe(1);
    expect((await world.services.repositories.runs.unfinishedFor(world.layer.id)).length).toBe(1);

    // While the block lasts, a sync sends nothing at all.
    const requests = world.harness.fake.requests.length;
    await expect(keepSorted.syncUser(alice.id)).rejects.toBeInstanceOf(SpotifyQuotaError);
    expect(world.harness.fake.requests.length).toBe(requests);

    // The next day: the block is over and the rolling day is free again.
    world.harness.fake.faults.remove(quota);
    await query(`update spotify_quota set blocked_until = now() - interval '1 second'`);
    await query(`update spotify_request_buckets set minute = minute - interval '1 day'`);
    expect((await syncFinishing(fresh)).length).toBeGreaterThan(1);

    // One DM names them, and the sync after sends none.
    expect(discord.dms(alice).length).toBe(dms + 1);
    await keepSorted.syncUser(alice.id);
    expect(discord.dms(alice).length).toBe(dms + 1);
    discord.assertNoViolations();
  });

  it('the bot’s own budget spent mid-run: the same, once the rolling day frees it', async () => {
    // The block taught a budget of what was spent before it; forget it (as README says to).
    await query('delete from spotify_budget');
    const fresh = TRACKS.slice(LIKED + 12, LIKED + 16).map((t) => t.id);
    for (const id of fresh) world.harness.fake.likeTrack(SPOTIFY_USER, id);
    const dms = discord.dms(alice).length;
    // The first write is slow; while it is out, other work spends the syncs' share of the budget.
    const slow = world.harness.fake.faults.add({
      method: 'POST',
      path: ITEMS,
      status: 'hang',
      hangMs: 1000,
      times: 1,
    });
    const sync = keepSorted.syncUser(alice.id).catch((error: unknown) => error);
    await waitFor(() => slow.matched > 0);
    await query(
      `insert into spotify_request_buckets (minute, requests) values (date_trunc('minute', now()) - interval '1 hour', 900000)`,
    );
    const failure = await sync;
    expect(failure).toBeInstanceOf(SpotifyBudgetError);
    expect((await world.services.repositories.runs.unfinishedFor(world.layer.id)).length).toBe(1);

    await query(`update spotify_request_buckets set minute = minute - interval '1 day'`);
    await syncFinishing(fresh);
    expect(discord.dms(alice).length).toBe(dms + 1);
    discord.assertNoViolations();
  });
});
