import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MotherlistBot } from '../../src/bot/start-bot.js';
import { customId } from '../../src/bot/custom-id.js';
import { startFakeDiscord, type FakeDiscord, type FakeUser } from '../fakes/discord/index.js';
import { startBotOverWorld } from '../support/bot/world-bot.js';
import { rowCounts } from '../support/user-rows.js';
import { waitFor } from '../support/wait-for.js';
import {
  genreSeedTracks,
  labelGenres,
  startSortingWorld,
  type SortingWorld,
} from '../support/sorting-world.js';

const SPOTIFY_USER = 'spotify-unlink-run';
const TRACKS = genreSeedTracks(48, 'ur');
const ITEMS = '/playlists/{playlist_id}/items';

/**
 * /unlink confirmed while a /sort is writing to Spotify, through the bot on the fake Discord. The
 * unlink waits for the run (it holds the layer's lock), so the /sort ends with its summary instead
 * of an error of ours (its writes recorded for a user already deleted), nothing is written to
 * Spotify after the unlink, and no row of the user stays behind.
 */
describe('/unlink while a sort run is being applied', () => {
  let discord: FakeDiscord;
  let world: SortingWorld;
  let bot: MotherlistBot;
  let alice: FakeUser;

  const writes = () =>
    world.harness.fake.requests.filter((r) => r.method !== 'GET' && r.path.endsWith('/items')).length;

  beforeAll(async () => {
    discord = await startFakeDiscord({ waitTimeoutMs: 60_000 });
    alice = discord.user('alice');
    world = await startSortingWorld(alice.id, SPOTIFY_USER, TRACKS, 40);
    await labelGenres(world, TRACKS.slice(0, 21));
    expect((await world.services.models.train(alice.id, world.layer)).activated).toBe(true);
    ({ bot } = await startBotOverWorld(discord, world));
  }, 180_000);
  afterAll(async () => {
    await bot?.stop();
    await discord?.close();
    await world?.close();
  });

  it('the run finishes first: its summary, no write after, no row left', async () => {
    // Each write is slow (Spotify carries it out after a while), so the unlink comes mid-run.
    const slow = world.harness.fake.faults.add({ method: 'POST', path: ITEMS, status: 'hang', hangMs: 1500 });
    const sort = discord.runSlashCommand({ user: alice, name: 'sort', options: { layer: 'genres' } });
    await waitFor(() => slow.matched > 0);
    expect(slow.matched).toBeLessThan(3);

    const ask = await discord.runSlashCommand({ user: alice, name: 'unlink', options: {} }).settled();
    discord.pressButton({ user: alice, message: ask!.message.id, customId: customId('ul', alice.id, 'y') });
    await discord.waitFor(() =>
      discord.message(ask!.message.id).content.startsWith('Unlinked.') ? true : undefined,
    );
    const writesAtUnlink = writes();

    const answer = await sort.settled({ quietMs: 500 });
    expect(answer?.message.content ?? '').not.toContain('went wrong');
    expect(answer?.message.embeds[0]?.title).toBe('Sorted genres');
    world.harness.fake.faults.remove(slow);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(writes()).toBe(writesAtUnlink);
    const left = await rowCounts(world.harness.database.dataSource, alice.id);
    expect(Object.entries(left).filter(([, n]) => n > 0)).toEqual([]);
    discord.assertNoViolations();
  });
});
