import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MotherlistBot } from '../../src/bot/start-bot.js';
import type { KeepSortedService } from '../../src/services/keep-sorted.service.js';
import { compactUuid, customId } from '../../src/bot/custom-id.js';
import { referenceOf } from '../../src/services/errors.js';
import { startFakeDiscord, type FakeDiscord, type FakeUser } from '../fakes/discord/index.js';
import { startBotOverWorld } from '../support/bot/world-bot.js';
import {
  genreSeedTracks,
  labelGenres,
  startSortingWorld,
  type SortingWorld,
} from '../support/sorting-world.js';

const SPOTIFY_USER = 'spotify-sync-failure';
const TRACKS = genreSeedTracks(52, 'sf');
const LIKED = 40;
const ITEMS = '/playlists/{playlist_id}/items';

/**
 * A sync whose run fails while it writes the new likes to Spotify, through the bot on the fake
 * Discord: a passing failure (5xx) is finished by the next sync; a refusal (403) is not tried
 * again, and the new likes it could not place wait, with the reference of the failure in the DM
 * and in /status. No new like is lost either way.
 */
describe('a sync whose run fails while writing to Spotify', () => {
  let discord: FakeDiscord;
  let world: SortingWorld;
  let bot: MotherlistBot;
  let keepSorted: KeepSortedService;
  let alice: FakeUser;

  const inSublists = () =>
    new Set(world.sublists.flatMap((s) => [...world.harness.fake.playlist(s.playlistId).trackIds]));
  const waiting = async () =>
    new Set((await world.services.repositories.waiting.listFor(world.layer.id)).map((w) => w.trackId));
  const like = (from: number, count: number) => {
    const ids = TRACKS.slice(from, from + count).map((t) => t.id);
    for (const id of ids) world.harness.fake.likeTrack(SPOTIFY_USER, id);
    return ids;
  };
  const writesSince = (since: number) =>
    world.harness.fake.requests.slice(since).filter((r) => r.method === 'POST' && r.path.endsWith('/items'));

  beforeAll(async () => {
    discord = await startFakeDiscord({ waitTimeoutMs: 60_000 });
    alice = discord.user('alice');
    world = await startSortingWorld(alice.id, SPOTIFY_USER, TRACKS, LIKED);
    await labelGenres(world, TRACKS.slice(0, 21));
    expect((await world.services.models.train(alice.id, world.layer)).activated).toBe(true);
    ({ bot, keepSorted } = await startBotOverWorld(discord, world));
    await keepSorted.syncUser(alice.id);
    await world.services.sortRuns.sortLayer(alice.id, world.layer, { dryRun: false });
  }, 180_000);
  afterAll(async () => {
    await bot?.stop();
    await discord?.close();
    await world?.close();
  });

  it('a passing failure (5xx) leaves the new likes to the next sync, which places them', async () => {
    const fresh = like(LIKED, 3);
    const fault = world.harness.fake.faults.add({ method: 'POST', path: ITEMS, status: 503 });
    await expect(keepSorted.syncUser(alice.id)).rejects.toThrow(/503/);
    expect(fresh.filter((id) => inSublists().has(id))).toEqual([]);

    world.harness.fake.faults.remove(fault);
    await keepSorted.syncUser(alice.id);
    const waits = await waiting();
    expect(fresh.filter((id) => !inSublists().has(id) && !waits.has(id))).toEqual([]);
    expect(fresh.filter((id) => inSublists().has(id))).not.toEqual([]);
    const dm = discord.dms(alice).at(-1)?.embeds[0];
    expect(dm?.title).toBe('New songs sorted in genres');
    expect(dm?.description).not.toContain('failed');
  });

  it('a refusal (403) is not tried again: the new likes wait, and the DM and /status give the reference', async () => {
    const fresh = like(LIKED + 3, 6);
    // The run's first write goes through; Spotify refuses the next one.
    const refusal = world.harness.fake.faults.add({ method: 'POST', path: ITEMS, status: 403, after: 1 });
    const dms = discord.dms(alice).length;
    const failure: unknown = await keepSorted.syncUser(alice.id).catch((error: unknown) => error);
    expect(String(failure)).toMatch(/403/);

    // What the first write placed stays placed; each song it could not place waits instead.
    expect(refusal.fired).toBe(1);
    const placed = fresh.filter((id) => inSublists().has(id));
    const now = await waiting();
    const refused = fresh.filter((id) => now.has(id));
    expect(placed.length).toBeGreaterThan(0);
    expect(refused.length).toBeGreaterThan(0);
    expect([...placed, ...refused].sort()).toEqual([...fresh].sort());

    // The DM says the sync failed, with the reference, and offers the songs to place.
    expect(discord.dms(alice).length).toBe(dms + 1);
    const dm = discord.dms(alice).at(-1);
    const reference = /reference: `([0-9a-f]{8})`/.exec(dm?.embeds[0]?.description ?? '')?.[1];
    expect(dm?.embeds[0]?.description).toContain(
      `**${refused.length} new songs could not be written to Spotify**`,
    );
    const placedLines = dm?.embeds[0]?.description
      ?.split('\n')
      .filter((line) => /^\*\*(rock|jazz|folk)\*\* \(/.test(line));
    expect(placedLines?.map((line) => Number(/\((\d+)\)/.exec(line)?.[1])).reduce((a, b) => a + b, 0)).toBe(
      placed.length,
    );
    expect(reference).toBeDefined();
    // The one the sync job logs the failure with.
    expect(referenceOf(failure)).toBe(reference);
    expect(dm?.components?.length).toBeGreaterThan(0);

    // The next syncs do not write again (the refusal stands), and lose nothing.
    const since = world.harness.fake.requests.length;
    await keepSorted.syncUser(alice.id);
    await keepSorted.syncUser(alice.id);
    expect(writesSince(since)).toEqual([]);
    expect(fresh.filter((id) => !(now.has(id) || inSublists().has(id)))).toEqual([]);
    expect(fresh.filter((id) => inSublists().has(id))).toEqual(placed);
    expect(discord.dms(alice).length).toBe(dms + 1);

    const status = await discord
      .runSlashCommand({ user: alice, name: 'status', options: {} })
      .waitForReply((r) => Boolean(r.embeds[0]?.fields?.length));
    expect(status.embeds[0]?.fields?.[0]?.value).toContain(`reference: \`${reference}\``);

    // Once Spotify takes writes again, the DM's Place puts a waiting song where the run meant it.
    world.harness.fake.faults.remove(refusal);
    const song = refused[0]!;
    const guess = (await world.services.repositories.waiting.byTrack(world.layer.id, song))?.guess ?? [];
    const sublist = world.sublists.find((s) => s.id === guess[0]);
    discord.pressButton({
      user: alice,
      message: dm!.id,
      customId: customId('pw', compactUuid(world.layer.id), song),
    });
    await discord.waitFor(() => (discord.message(dm!.id).content.includes('Placed **') ? true : undefined));
    expect(world.harness.fake.playlist(sublist!.playlistId).trackIds).toContain(song);
    discord.assertNoViolations();
  });
});
