import type { APIMessage } from 'discord-api-types/v10';
import { deployCommands } from '../../../src/bot/deploy-commands.js';
import { createDiscordSide, startMotherlistBot, type MotherlistBot } from '../../../src/bot/start-bot.js';
import { createKeepSortedService } from '../../../src/composition/sorting.js';
import type { KeepSortedService, LayerSyncReport } from '../../../src/services/sync/keep-sorted.service.js';
import type { FakeDiscord, FakeUser } from '../../fakes/discord/index.js';
import type { SeedTrack } from '../../fakes/spotify/index.js';
import { botServicesOver, labelGenres, startSortingWorld, type SortingWorld } from '../sorting-world.js';
import { quietLogger } from './bot-harness.js';

/**
 * The real bot on the fake Discord over a sorting world, as the composition root builds it: the
 * Discord side first, keep-sorted DMs through it, and the bot's corrections go to the sort runs.
 */
export const startBotOverWorld = async (
  discord: FakeDiscord,
  world: SortingWorld,
): Promise<{ bot: MotherlistBot; keepSorted: KeepSortedService }> => {
  const { users } = world.services.repositories;
  const discordSide = createDiscordSide({
    token: discord.token,
    apiUrl: discord.apiUrl,
    logger: quietLogger,
    dmStatus: users,
  });
  const keepSorted = createKeepSortedService(world.services, {
    library: world.harness.sync,
    notifier: discordSide.notifier,
    retrain: async () => undefined,
  });
  await deployCommands({ token: discord.token, apiUrl: discord.apiUrl, guildId: undefined });
  const bot = await startMotherlistBot({
    token: discord.token,
    apiUrl: discord.apiUrl,
    logger: quietLogger,
    services: botServicesOver(world).services,
    dmStatus: users,
    discord: discordSide,
  });
  return { bot, keepSorted };
};

/**
 * The first sync takes in the liked songs; the next one finds `newLikes` liked since and sends
 * their new-songs DM, returned with that sync's report of the layer.
 */
export const newLikesDm = async (
  {
    discord,
    keepSorted,
    world,
  }: { discord: FakeDiscord; keepSorted: KeepSortedService; world: SortingWorld },
  user: FakeUser,
  spotifyUserId: string,
  newLikes: readonly string[],
): Promise<{ dm: APIMessage; report: LayerSyncReport | undefined }> => {
  await keepSorted.syncUser(user.id);
  for (const id of newLikes) world.harness.fake.likeTrack(spotifyUserId, id);
  const report = (await keepSorted.syncUser(user.id)).layers[0];
  const dm = discord.dms(user).at(-1);
  if (!dm) throw new Error('no DM');
  return { dm, report };
};

/**
 * Alice's genres layer over the real bot, sorted once: `liked` of `tracks` liked, the first 21
 * labeled, a model trained, the first sync taken in and a /sort written.
 */
export const startSortedGenresOverBot = async (
  discord: FakeDiscord,
  spotifyUserId: string,
  tracks: readonly SeedTrack[],
  liked: number,
): Promise<{ alice: FakeUser; world: SortingWorld; bot: MotherlistBot; keepSorted: KeepSortedService }> => {
  const alice = discord.user('alice');
  const world = await startSortingWorld(alice.id, spotifyUserId, tracks, liked);
  await labelGenres(world, tracks.slice(0, 21));
  if (!(await world.services.models.train(alice.id, world.layer)).activated)
    throw new Error('the genres model did not become active');
  const { bot, keepSorted } = await startBotOverWorld(discord, world);
  await keepSorted.syncUser(alice.id);
  await world.services.sortRuns.sortLayer(alice.id, world.layer, { dryRun: false });
  return { alice, world, bot, keepSorted };
};

/** The ids of the songs waiting in the world's layer. */
export const waitingIds = async (world: SortingWorld): Promise<Set<string>> =>
  new Set((await world.services.repositories.waiting.listFor(world.layer.id)).map((w) => w.trackId));
