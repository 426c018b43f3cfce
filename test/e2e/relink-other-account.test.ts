import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MotherlistBot } from '../../src/bot/start-bot.js';
import type { KeepSortedService } from '../../src/services/sync/keep-sorted.service.js';
import { startFakeDiscord, type FakeDiscord, type FakeUser } from '../fakes/discord/index.js';
import { startBotOverWorld } from '../support/bot/world-bot.js';
import {
  genreSeedTracks,
  labelGenres,
  startSortingWorld,
  type SortingWorld,
} from '../support/sorting-world.js';

const OLD_ACCOUNT = 'spotify-relink-old';
const NEW_ACCOUNT = 'spotify-relink-new';
const TRACKS = genreSeedTracks(48, 'rl');
const LIKED = 40;
const WHY = '(deleted or unfollowed, or owned by another Spotify account than the one linked)';

/**
 * `/link` with another Spotify account while the layers stay: the sublists' playlists are the old
 * account's. The new one follows two of them (Spotify refuses its writes there, 403) and not the
 * third. Through the bot on the fake Discord: /sort writes to none of them, holds their songs back
 * and says why; /status says the same of them.
 */
describe('relinked to another Spotify account that follows old sublist playlists, through the bot', () => {
  let discord: FakeDiscord;
  let world: SortingWorld;
  let bot: MotherlistBot;
  let keepSorted: KeepSortedService;
  let alice: FakeUser;

  const playlists = () => world.sublists.map((s) => [...world.harness.fake.playlist(s.playlistId).trackIds]);
  /** The requests since the `since`-th that wrote, or tried to write, to a sublist's playlist. */
  const writesToOldPlaylists = (since: number) =>
    world.harness.fake.requests
      .slice(since)
      .filter((r) => r.method !== 'GET' && world.sublists.some((s) => r.path.includes(s.playlistId)));

  beforeAll(async () => {
    discord = await startFakeDiscord({ waitTimeoutMs: 60_000 });
    alice = discord.user('alice');
    world = await startSortingWorld(alice.id, OLD_ACCOUNT, TRACKS, LIKED);
    await labelGenres(world, TRACKS.slice(0, 21));
    expect((await world.services.models.train(alice.id, world.layer)).activated).toBe(true);
    ({ bot, keepSorted } = await startBotOverWorld(discord, world));
    await keepSorted.syncUser(alice.id);
    await world.services.sortRuns.sortLayer(alice.id, world.layer, { dryRun: false });
    expect(playlists().every((tracks) => tracks.length > 0)).toBe(true);

    // The new account likes the same songs and a few more, and follows rock and jazz.
    const { fake } = world.harness;
    fake.addUser({ id: NEW_ACCOUNT });
    for (const track of TRACKS.slice(0, LIKED + 6)) fake.likeTrack(NEW_ACCOUNT, track.id);
    fake.restorePlaylistByHand(NEW_ACCOUNT, world.sublists[0]!.playlistId);
    fake.restorePlaylistByHand(NEW_ACCOUNT, world.sublists[1]!.playlistId);
    await world.harness.link(alice.id, NEW_ACCOUNT);
  }, 180_000);
  afterAll(async () => {
    await bot?.stop();
    await discord?.close();
    await world?.close();
  });

  it('the first sync, /sort and /status leave every old playlist alone and say why', async () => {
    const before = playlists();
    const since = world.harness.fake.requests.length;

    // The new likes, meant for those sublists, wait; the new-songs DM says why.
    const report = (await keepSorted.syncUser(alice.id)).layers[0];
    expect(report).toMatchObject({ newTracks: 6, placed: 0, dm: true });
    const dm = discord.dms(alice).at(-1)?.embeds[0]?.description;
    expect(dm).toContain('6 songs not placed: **');
    expect(dm).toContain(`'s playlists are no longer in your Spotify library ${WHY}`);
    const fresh = TRACKS.slice(LIKED, LIKED + 6).map((t) => t.id);
    const waiting = async () =>
      new Set((await world.services.repositories.waiting.listFor(world.layer.id)).map((w) => w.trackId));
    expect([...(await waiting())]).toEqual(expect.arrayContaining(fresh));
    const sort = discord.runSlashCommand({ user: alice, name: 'sort', options: { layer: 'genres' } });
    const summary = (
      await sort.waitForReply((r) => !r.loading && r.embeds.length > 0, { timeoutMs: 120_000 })
    ).message;

    expect(writesToOldPlaylists(since)).toEqual([]);
    expect(world.harness.fake.requests.slice(since).filter((r) => r.status === 403)).toEqual([]);
    expect(playlists()).toEqual(before);
    expect(summary.embeds[0]?.description).toContain(
      `songs not placed: **rock**, **jazz**, **folk**'s playlists are no longer in your Spotify library ${WHY}`,
    );
    expect([...(await waiting())]).toEqual(expect.arrayContaining(fresh));

    const status = await discord
      .runSlashCommand({ user: alice, name: 'status', options: {} })
      .waitForReply((r) => Boolean(r.embeds[0]?.fields?.length));
    expect(status.embeds[0]?.fields?.[0]?.value).toContain(
      `⚠️ **rock**, **jazz**, **folk**'s playlists are no longer in your Spotify library ${WHY} or can't be read`,
    );
    discord.assertNoViolations();
  });

  it('a sublist of the new account takes a correction: the mutual check does not fail on the old playlists', async () => {
    const { fake } = world.harness;
    const pop = fake.createPlaylistByHand(NEW_ACCOUNT, { name: 'pop', trackIds: [] });
    await keepSorted.syncUser(alice.id);
    const sublist = await world.services.repositories.sublists.add(world.layer.id, 'pop', pop);
    const before = playlists();
    const since = fake.requests.length;
    // A song the old account's rock holds: Spotify refuses this account a read of rock's items.
    const song = before[0]![0]!;

    const result = await world.services.sortRuns.correctPlacement(alice.id, world.layer.id, song, [
      sublist.id,
    ]);

    expect(result.run.status).toBe('done');
    expect(fake.playlist(pop).trackIds).toEqual([song]);
    expect((await world.services.repositories.labels.get(world.layer.id, song))?.sublistIds).toEqual([
      sublist.id,
    ]);
    expect(writesToOldPlaylists(since)).toEqual([]);
    expect(playlists()).toEqual(before);
  });
});
