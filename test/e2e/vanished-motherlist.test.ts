import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Layer, Sublist } from '../../src/core/layer-records.js';
import type { KeepSortedService } from '../../src/services/sync/keep-sorted.service.js';
import type { SlashOptionValue } from '../fakes/discord/command-options.js';
import type { APIMessage } from 'discord-api-types/v10';
import { allComponents, startFakeDiscord, type FakeDiscord, type FakeUser } from '../fakes/discord/index.js';
import { startBotOverWorld } from '../support/bot/world-bot.js';
import {
  genreOf,
  genreSeedTracks,
  GENRES,
  labelGenres,
  startSortingWorld,
  type SortingWorld,
} from '../support/sorting-world.js';

const WHY = '(deleted or unfollowed, or owned by another Spotify account than the one linked)';
const refused = (layer: string, work: 'sort' | 'label' | 'import') =>
  `The motherlist of “${layer}” is no longer in your Spotify library ${WHY}, so there is nothing to ${work}: nothing was changed. Put it back in your library (or \`/link\` the Spotify account that owns it), or delete the layer with \`/layer delete\`.`;
const statusLine = (motherlist: string) =>
  `⚠️ The motherlist, **${motherlist}**, is no longer in your Spotify library ${WHY} or can't be read: syncs take no new songs from it, and \`/sort\`, \`/label\` and \`/import\` of this layer wait until it is back in your library.`;

/** The bot on the fake Discord over a sorting world, with the commands a test runs through it. */
const botOver = async (world: SortingWorld, discord: FakeDiscord, alice: FakeUser) => {
  const { bot, keepSorted } = await startBotOverWorld(discord, world);
  const answer = async (name: string, options: Record<string, SlashOptionValue>) =>
    (await discord.runSlashCommand({ user: alice, name, options }).settled({ timeoutMs: 120_000 }))!;
  const statusOf = async (layerName: string) =>
    (
      await discord
        .runSlashCommand({ user: alice, name: 'status', options: {} })
        .waitForReply((r) => Boolean(r.embeds[0]?.fields?.length))
    ).embeds[0]?.fields?.find((f) => f.name === layerName)?.value ?? '';
  const close = async () => {
    await bot.stop();
    await discord.close();
    await world.close();
  };
  return { keepSorted, answer, statusOf, close };
};

/** Each track at most once in each playlist, and in at most one of them (the layers are mutual). */
const noDuplicates = (playlists: readonly (readonly string[])[]) => {
  const all = playlists.flat();
  expect(new Set(all).size).toBe(all.length);
};

/**
 * Composed layers (README "composing layers"): genres sorts Liked Songs into rock, jazz and folk;
 * eras sorts the rock playlist into early and late. The user deletes the rock playlist in Spotify:
 * eras' motherlist reads as empty, which must not read as "nothing to place" (its waiting songs
 * dropped) nor "all of it left" (songs taken out of early and late). Restored, everything resumes.
 */
describe('a composed layer whose motherlist (its parent’s sublist) left the library, through the bot', () => {
  const SPOTIFY = 'spotify-vanished-mother';
  const TRACKS = genreSeedTracks(78, 'vmo');
  const LIKED = 60;
  const eraOf = (index: number): 0 | 1 => (Math.floor(index / GENRES.length) % 4 < 2 ? 0 : 1);
  let discord: FakeDiscord;
  let world: SortingWorld;
  let through: Awaited<ReturnType<typeof botOver>>;
  let keepSorted: KeepSortedService;
  let alice: FakeUser;
  let eras: Layer;
  const eraSublists: Sublist[] = [];
  const rock = () => world.sublists[0]!;
  const contents = (playlistId: string) => [...world.harness.fake.playlist(playlistId).trackIds];
  const erasContents = () => eraSublists.map((s) => contents(s.playlistId));
  const indexOf = (trackId: string) => TRACKS.findIndex((track) => track.id === trackId);
  const waitingIn = async (layerId: string) =>
    (await world.services.repositories.waiting.listFor(layerId)).map((w) => w.trackId).sort();
  const fresh = TRACKS.slice(LIKED, LIKED + 9).map((t) => t.id);
  const rockFresh = fresh.filter((id) => genreOf(TRACKS.findIndex((t) => t.id === id)) === 0);

  beforeAll(async () => {
    discord = await startFakeDiscord({ waitTimeoutMs: 60_000 });
    alice = discord.user('alice');
    world = await startSortingWorld(alice.id, SPOTIFY, TRACKS, LIKED);
    await labelGenres(world, TRACKS.slice(0, 24));
    expect((await world.services.models.train(alice.id, world.layer)).activated).toBe(true);
    through = await botOver(world, discord, alice);
    ({ keepSorted } = through);
    const { repositories } = world.services;
    eras = await repositories.layers.create({
      userId: alice.id,
      name: 'eras',
      motherlistId: rock().playlistId,
      mutual: true,
      complete: true,
    });
    for (const name of ['early', 'late']) {
      const playlistId = world.harness.fake.createPlaylistByHand(SPOTIFY, { name, trackIds: [] });
      eraSublists.push(await repositories.sublists.add(eras.id, name, playlistId));
    }
    await keepSorted.syncUser(alice.id);
    await world.services.sortRuns.sortLayer(alice.id, world.layer, { dryRun: false });
    await keepSorted.syncUser(alice.id);
    // A few of the rock songs answered by era: eras places some and the others wait.
    for (const id of contents(rock().playlistId).slice(0, 12))
      await repositories.labels.put(eras.id, id, [eraSublists[eraOf(indexOf(id))]!.id], 'session');
    expect((await world.services.models.train(alice.id, eras)).activated).toBe(true);
    await world.services.sortRuns.sortLayer(alice.id, eras, { dryRun: false });
    expect(erasContents().every((tracks) => tracks.length > 0)).toBe(true);
    expect((await waitingIn(eras.id)).length).toBeGreaterThan(0);
  }, 240_000);
  afterAll(async () => {
    await (through ? through.close() : Promise.all([discord?.close(), world?.close()]));
  });

  it('gone: new likes for it wait in the parent, the child is left alone, /sort and /label refused, /status says why', async () => {
    const before = erasContents();
    const waitingBefore = await waitingIn(eras.id);
    world.harness.fake.deletePlaylistByHand(SPOTIFY, rock().playlistId);
    for (const id of fresh) world.harness.fake.likeTrack(SPOTIFY, id);

    const report = await keepSorted.syncUser(alice.id);
    expect(report.layers.map((l) => [l.layerId, l.newTracks, l.departed])).toEqual([
      [world.layer.id, fresh.length, 0],
      [eras.id, 0, 0],
    ]);
    for (const id of rockFresh)
      expect((await world.services.repositories.waiting.byTrack(world.layer.id, id))?.guess).toEqual([
        rock().id,
      ]);
    expect(erasContents()).toEqual(before);

    expect((await through.answer('sort', { layer: 'eras' })).content).toBe(refused('eras', 'sort'));
    expect((await through.answer('label', { layer: 'eras' })).content).toBe(refused('eras', 'label'));
    expect(erasContents()).toEqual(before);
    expect(await waitingIn(eras.id)).toEqual(waitingBefore);
    expect(await through.statusOf('eras')).toContain(statusLine('genres › rock'));
    expect(await through.statusOf('genres')).not.toContain('The motherlist');
    discord.assertNoViolations();
  });

  it('restored: no news, no duplicates; the held likes reach the child once the parent places them', async () => {
    const before = erasContents();
    world.harness.fake.restorePlaylistByHand(SPOTIFY, rock().playlistId);
    const report = await keepSorted.syncUser(alice.id);
    expect(report.layers.map((l) => [l.newTracks, l.departed, l.handEdits])).toEqual([
      [0, 0, 0],
      [0, 0, 0],
    ]);
    expect(await through.statusOf('eras')).not.toContain('The motherlist');

    await world.services.sortRuns.sortLayer(alice.id, world.layer, { dryRun: false });
    for (const id of rockFresh) expect(contents(rock().playlistId)).toContain(id);
    expect((await keepSorted.syncUser(alice.id)).layers[1]).toMatchObject({
      layerId: eras.id,
      newTracks: rockFresh.length,
      departed: 0,
    });
    const waiting = await waitingIn(eras.id);
    for (const id of rockFresh)
      expect(
        erasContents().filter((tracks) => tracks.includes(id)).length + Number(waiting.includes(id)),
      ).toBe(1);

    const sorted = await through.answer('sort', { layer: 'eras' });
    expect(sorted.embeds[0]?.title).toBe('Sorted eras');
    for (const [k, tracks] of erasContents().entries())
      expect(tracks).toEqual(expect.arrayContaining(before[k]!));
    noDuplicates(erasContents());
    discord.assertNoViolations();
  });

  it('a song un-liked while rock is gone leaves rock, and so eras, once rock is back', async () => {
    const song = erasContents()[0]![0]!;
    expect(contents(rock().playlistId)).toContain(song);
    world.harness.fake.deletePlaylistByHand(SPOTIFY, rock().playlistId);
    world.harness.fake.unlikeTrack(SPOTIFY, song);
    await keepSorted.syncUser(alice.id);
    // Nothing is written to a playlist out of the library, nor taken out of eras: its motherlist is gone.
    expect(contents(rock().playlistId)).toContain(song);
    expect(erasContents()[0]).toContain(song);
    await keepSorted.syncUser(alice.id);

    world.harness.fake.restorePlaylistByHand(SPOTIFY, rock().playlistId);
    await keepSorted.syncUser(alice.id);
    expect(contents(rock().playlistId)).not.toContain(song);
    expect(erasContents().flat()).not.toContain(song);
  });
});

/**
 * A layer over a playlist of the user's (not Liked Songs, not a sublist): the user deletes that
 * playlist. Its songs are not departed (nothing is taken out of the sublists), /sort and /label
 * say why they do nothing, /status says so; restored, a song added meanwhile is the only news.
 */
describe('a layer whose motherlist playlist left the library, through the bot', () => {
  const SPOTIFY = 'spotify-vanished-mix';
  const TRACKS = genreSeedTracks(40, 'vmx');
  let discord: FakeDiscord;
  let world: SortingWorld;
  let through: Awaited<ReturnType<typeof botOver>>;
  let keepSorted: KeepSortedService;
  let alice: FakeUser;
  let mixId: string;
  const playlists = () => world.sublists.map((s) => [...world.harness.fake.playlist(s.playlistId).trackIds]);
  const waiting = async () =>
    (await world.services.repositories.waiting.listFor(world.layer.id)).map((w) => w.trackId).sort();

  beforeAll(async () => {
    discord = await startFakeDiscord({ waitTimeoutMs: 60_000 });
    alice = discord.user('alice');
    world = await startSortingWorld(alice.id, SPOTIFY, TRACKS, 0);
    // The world's layer sorts a playlist of the user's instead of Liked Songs.
    const { repositories } = world.services;
    mixId = world.harness.fake.createPlaylistByHand(SPOTIFY, {
      name: 'mix',
      trackIds: TRACKS.slice(0, 36).map((t) => t.id),
    });
    await repositories.layers.delete(world.layer.id);
    const layer = await repositories.layers.create({
      userId: alice.id,
      name: 'mix',
      motherlistId: mixId,
      mutual: true,
      complete: true,
    });
    const sublists: Sublist[] = [];
    for (const old of world.sublists)
      sublists.push(await repositories.sublists.add(layer.id, old.name, old.playlistId));
    world.layer = layer;
    world.sublists = sublists;
    through = await botOver(world, discord, alice);
    ({ keepSorted } = through);
    await keepSorted.syncUser(alice.id);
    await labelGenres(world, TRACKS.slice(0, 12));
    expect((await world.services.models.train(alice.id, world.layer)).activated).toBe(true);
    await world.services.sortRuns.sortLayer(alice.id, world.layer, { dryRun: false });
    expect(playlists().every((tracks) => tracks.length > 0)).toBe(true);
  }, 240_000);
  afterAll(async () => {
    await (through ? through.close() : Promise.all([discord?.close(), world?.close()]));
  });

  it('gone: the sync takes nothing out, /sort, /label and /import refused, /status says why; restored: only the new song is news', async () => {
    const before = playlists();
    const waitingBefore = await waiting();
    world.harness.fake.deletePlaylistByHand(SPOTIFY, mixId);
    expect((await keepSorted.syncUser(alice.id)).layers[0]).toMatchObject({ newTracks: 0, departed: 0 });
    expect(playlists()).toEqual(before);

    expect((await through.answer('sort', { layer: 'mix' })).content).toBe(refused('mix', 'sort'));
    expect((await through.answer('sort', { layer: 'mix', dry_run: true })).content).toBe(
      refused('mix', 'sort'),
    );
    expect((await through.answer('label', { layer: 'mix' })).content).toBe(refused('mix', 'label'));
    expect((await through.answer('import', { layer: 'mix' })).content).toBe(refused('mix', 'import'));
    expect(playlists()).toEqual(before);
    expect(await waiting()).toEqual(waitingBefore);
    // Its name went with it: shown by its id, as a link that opens it in Spotify.
    expect(await through.statusOf('mix')).toContain(
      statusLine(`[playlist ${mixId}](https://open.spotify.com/playlist/${mixId})`),
    );

    // Meanwhile the user adds a song to it; restored, that song is the only news.
    world.harness.fake.addToPlaylistByHand(mixId, [TRACKS[36]!.id]);
    world.harness.fake.restorePlaylistByHand(SPOTIFY, mixId);
    expect((await keepSorted.syncUser(alice.id)).layers[0]).toMatchObject({ newTracks: 1, departed: 0 });
    expect(await through.statusOf('mix')).not.toContain('The motherlist');
    const sorted = await through.answer('sort', { layer: 'mix' });
    expect(sorted.embeds[0]?.title).toBe('Sorted mix');
    for (const [k, tracks] of playlists().entries())
      expect(tracks).toEqual(expect.arrayContaining(before[k]!));
    noDuplicates(playlists());
    discord.assertNoViolations();
  });

  it('an open /label session whose motherlist goes: the next press closes it saying so, not that every track has an answer', async () => {
    const skipIn = (message: APIMessage) =>
      allComponents(message).find((c) => c.type === 2 && 'label' in c && c.label === 'Skip');
    const trackOf = (message: APIMessage) => message.embeds[0]?.url ?? '';
    discord.runSlashCommand({ user: alice, name: 'label', options: { layer: 'mix' } });
    let card = await discord.waitFor(
      () =>
        discord
          .messages(discord.channel.id, { includeEphemeral: true })
          .filter((m) => skipIn(m) !== undefined)
          .at(-1),
      { what: 'the first card of mix' },
    );
    world.harness.fake.deletePlaylistByHand(SPOTIFY, mixId);
    await keepSorted.syncUser(alice.id);
    try {
      // The card on screen is settled; none of the tracks picked before the motherlist went is asked.
      const shown = trackOf(card);
      await discord
        .pressButton({
          user: alice,
          message: card.id,
          customId: (skipIn(card) as { custom_id: string }).custom_id,
        })
        .settled();
      card = await discord.waitFor(() => {
        const now = discord.message(card.id);
        return !skipIn(now) || trackOf(now) !== shown ? now : undefined;
      });
      expect(skipIn(card)).toBeUndefined();
      expect(card.content).not.toContain('Every track');
      expect(card.content).toContain(
        `The motherlist of layer **mix** is no longer in your Spotify library ${WHY}, so there is nothing left to ask: the session is closed (0 labeled, kept).`,
      );
    } finally {
      world.harness.fake.restorePlaylistByHand(SPOTIFY, mixId);
      await keepSorted.syncUser(alice.id);
    }
    discord.assertNoViolations();
  });
});
