import type { APIMessage } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MotherlistBot } from '../../src/bot/start-bot.js';
import type { Label } from '../../src/core/layer-records.js';
import type { KeepSortedService } from '../../src/services/sync/keep-sorted.service.js';
import { compactUuid, customId } from '../../src/bot/custom-id.js';
import {
  buttons,
  findStringSelect,
  startFakeDiscord,
  type FakeDiscord,
  type FakeUser,
} from '../fakes/discord/index.js';
import { startSortedGenresOverBot } from '../support/bot/world-bot.js';
import { botServicesOver, genreSeedTracks, type SortingWorld } from '../support/sorting-world.js';

const SPOTIFY_USER = 'spotify-mutual-refusal';
const TRACKS = genreSeedTracks(48, 'mx');
const LIKED = 40;
const ITEMS = '/playlists/{playlist_id}/items';

/**
 * The mutual check (mutual-guard.ts) refuses an add because the song is in another sublist of the
 * layer already (put there by hand since the last sync read it), through the bot on the fake
 * Discord: the /sort summary, its chart, the /undo and the new-songs DM count only what was written,
 * say where the song is, and the song stays there.
 */
describe('an add the mutual check refuses', () => {
  let discord: FakeDiscord;
  let world: SortingWorld;
  let bot: MotherlistBot;
  let keepSorted: KeepSortedService;
  let alice: FakeUser;

  const items = (k: number) => [...world.harness.fake.playlist(world.sublists[k]!.playlistId).trackIds];
  const holding = (trackId: string) => [0, 1, 2].filter((k) => items(k).includes(trackId));
  const inTwo = () => TRACKS.map((t) => t.id).filter((id) => holding(id).length > 1);
  const names = ['rock', 'jazz', 'folk'];
  /** "**rock**: +a −r (now n)" lines of a summary, by sublist name. */
  const sublistLines = (description: string | undefined) =>
    new Map(
      [...(description ?? '').matchAll(/^\*\*(\w+)\*\*: \+(\d+) −(\d+) \(now (\d+)\)$/gm)].map((m) => [
        m[1],
        { added: Number(m[2]), removed: Number(m[3]), total: Number(m[4]) },
      ]),
    );
  const sortThroughBot = async (): Promise<APIMessage> =>
    (
      await discord
        .runSlashCommand({ user: alice, name: 'sort', options: { layer: 'genres' } })
        .waitForReply((r) => !r.loading && r.embeds.length > 0, { timeoutMs: 120_000 })
    ).message;

  beforeAll(async () => {
    discord = await startFakeDiscord({ waitTimeoutMs: 60_000 });
    ({ alice, world, bot, keepSorted } = await startSortedGenresOverBot(
      discord,
      SPOTIFY_USER,
      TRACKS,
      LIKED,
    ));
    await keepSorted.syncUser(alice.id);
  }, 180_000);
  afterAll(async () => {
    await bot?.stop();
    await discord?.close();
    await world?.close();
  });

  it('/sort: the summary and the chart count what was written, say where the song is, and /undo too', async () => {
    const [, jazz, folk] = world.sublists;
    const song = TRACKS[0]!.id;
    expect(holding(song)).toEqual([0]);
    // A /label answer says folk; meanwhile, in Spotify, the user puts the song in jazz by hand.
    await world.services.repositories.labels.put(world.layer.id, song, [folk!.id], 'session');
    world.harness.fake.addToPlaylistByHand(jazz!.playlistId, [song]);

    const summary = await sortThroughBot();

    // The sort took it out of rock; the check kept it out of folk: it is in jazz, once.
    expect(holding(song)).toEqual([1]);
    expect(inTwo()).toEqual([]);
    const description = summary.embeds[0]?.description;
    const lines = sublistLines(description);
    expect([...lines.keys()]).toEqual(names);
    for (const [k, name] of names.entries()) expect(lines.get(name)?.total).toBe(items(k).length);
    expect(lines.get('folk')?.added).toBe(0);
    expect(lines.get('rock')?.removed).toBe(1);
    expect(description).toContain('⚠️ 1 song not placed: it is in another sublist of this layer already');
    expect(description).toContain('rock song 0 → **folk** (it is in **jazz**)');
    const run = await world.services.repositories.runs.lastSort(world.layer.id);
    expect(run?.status).toBe('done');
    const chart = await botServicesOver(world).services.charts.chartOf(alice.id, run!.id);
    expect(chart.split).toEqual(names.map((name, k) => ({ name, count: items(k).length })));

    // Undone: the song goes back to rock only if nothing else holds it; jazz does, so it stays.
    const rockBefore = items(0);
    const undo = await discord
      .runSlashCommand({ user: alice, name: 'undo', options: { layer: 'genres' } })
      .waitForReply((r) => !r.loading && r.content.startsWith('Undid'), { timeoutMs: 60_000 });
    expect(holding(song)).toEqual([1]);
    expect(items(0)).toEqual(rockBefore);
    expect(inTwo()).toEqual([]);
    expect(undo.message.content).not.toContain('back in **rock**');
    expect(undo.message.content).toContain('⚠️ 1 song not put back: it is in another sublist of this layer');
    expect(undo.message.content).toContain('rock song 0 → **rock** (it is in **jazz**)');

    // The next sync reads jazz: the song put there by hand is the user's answer, and stays.
    await keepSorted.syncUser(alice.id);
    expect((await world.services.repositories.labels.get(world.layer.id, song))?.sublistIds).toEqual([
      jazz!.id,
    ]);
    expect(holding(song)).toEqual([1]);
    discord.assertNoViolations();
  }, 180_000);

  it('a sync finishing a run cut short: the new-songs DM does not list the song where it is not', async () => {
    const fresh = TRACKS.slice(LIKED, LIKED + 4).map((t) => t.id);
    for (const id of fresh) world.harness.fake.likeTrack(SPOTIFY_USER, id);
    // Spotify fails the sync's writes for now: its run stays journaled, to be finished next sync.
    const fault = world.harness.fake.faults.add({ method: 'POST', path: ITEMS, status: 503 });
    await expect(keepSorted.syncUser(alice.id)).rejects.toThrow(/503/);
    world.harness.fake.faults.remove(fault);
    const [pending] = await world.services.repositories.runs.unfinishedFor(world.layer.id);
    const adds = (await world.services.repositories.steps.listFor(pending!.id)).filter(
      (s) => s.action === 'add',
    );
    const planned = adds[0]!;
    const song = planned.trackIds[0]!;
    const meant = world.sublists.findIndex((s) => s.id === planned.sublistId);
    const other = [0, 1, 2].find((k) => k !== meant)!;
    // Meanwhile the user puts that new like in another sublist by hand.
    world.harness.fake.addToPlaylistByHand(world.sublists[other]!.playlistId, [song]);
    const dms = discord.dms(alice).length;

    await keepSorted.syncUser(alice.id);

    expect(holding(song)).toEqual([other]);
    expect(inTwo()).toEqual([]);
    expect(discord.dms(alice).length).toBe(dms + 1);
    const dm = discord.dms(alice).at(-1)?.embeds[0]?.description ?? '';
    const name = TRACKS.find((t) => t.id === song)!.name;
    const placedLine = dm.split('\n').find((line) => line.startsWith(`**${names[meant]}** (`));
    expect(placedLine ?? '').not.toContain(name);
    expect(dm).toContain(`${name} → **${names[meant]}** (it is in **${names[other]}**)`);
    const chart = await botServicesOver(world).services.charts.chartOf(alice.id, pending!.id);
    expect(chart.split).toEqual(names.map((n, k) => ({ name: n, count: items(k).length })));
    discord.assertNoViolations();
  }, 180_000);

  it('a correction menu the check refuses says the song was not moved, and where it is', async () => {
    // A song in rock only; the user puts it in jazz by hand, then picks folk in a DM's menu.
    const song = TRACKS.map((t) => t.id).find((id) => holding(id).join() === '0')!;
    const name = TRACKS.find((t) => t.id === song)!.name;
    const [rock, jazz, folk] = world.sublists;
    world.harness.fake.addToPlaylistByHand(jazz!.playlistId, [song]);
    const labelBefore = await world.services.repositories.labels.get(world.layer.id, song);
    const run = await world.services.repositories.runs.lastSort(world.layer.id);
    await bot.notifier.sendDm(alice.id, {
      kind: 'new-songs',
      layerName: 'genres',
      placements: [{ sublistName: 'rock', trackNames: [name] }],
      voidCount: 0,
      layerId: world.layer.id,
      runId: run!.id,
      tracks: [{ trackId: song, trackName: name, sublistIds: [rock!.id] }],
      sublists: world.sublists.map((s) => ({ id: s.id, name: s.name })),
      mode: world.layer.mode,
    });
    const dm = discord.dms(alice).at(-1)!;
    const menuId = customId('mv', compactUuid(world.layer.id), song);

    await discord
      .selectValues({ user: alice, message: dm, customId: menuId, values: [compactUuid(folk!.id)] })
      .waitForReply((r) => r.content.includes(name), { timeoutMs: 60_000 });

    expect(holding(song)).toEqual([1]);
    const said = discord.message(dm.id);
    expect(said.content).not.toContain('Moved');
    expect(said.content).toContain(`**${name}** was not moved to **folk**: it is in **jazz** already`);
    expect(findStringSelect(said, menuId).placeholder).toBe(`${name} → jazz`);
    // Not moved, not answered: the song's label is what it was before the menu.
    const answer = (label: Label | undefined) =>
      label && { sublistIds: label.sublistIds, source: label.source, drawnAtRandom: label.drawnAtRandom };
    expect(answer(await world.services.repositories.labels.get(world.layer.id, song))).toEqual(
      answer(labelBefore),
    );
    discord.assertNoViolations();
  }, 180_000);

  it('a Place the check refuses says the song was not placed, where it is, and the song no longer waits', async () => {
    // A precision target no guess meets: the new like waits, with a Place button in its DM.
    const { layers, waiting, labels } = world.services.repositories;
    await layers.setPrecisionTarget(world.layer.id, 1);
    const song = TRACKS[LIKED + 4]!.id;
    world.harness.fake.likeTrack(SPOTIFY_USER, song);
    await keepSorted.syncUser(alice.id);
    await layers.setPrecisionTarget(world.layer.id, world.layer.precisionTarget);
    const waited = await waiting.byTrack(world.layer.id, song);
    expect(waited?.guess).toHaveLength(1);
    expect(holding(song)).toEqual([]);
    const name = (await world.services.repositories.motherlist.namesOf([song])).get(song)!;
    const guess = world.sublists.findIndex((s) => s.id === waited!.guess[0]);
    const other = [0, 1, 2].find((k) => k !== guess)!;
    const dm = discord.dms(alice).at(-1)!;
    const placeId = customId('pw', compactUuid(world.layer.id), song);
    expect(buttons(dm).map((b) => b.custom_id)).toContain(placeId);
    // Meanwhile the user puts it in another sublist by hand; then presses Place.
    world.harness.fake.addToPlaylistByHand(world.sublists[other]!.playlistId, [song]);

    await discord
      .pressButton({ user: alice, message: dm.id, customId: placeId })
      .waitForReply((r) => r.content.includes(name), { timeoutMs: 60_000 });

    expect(holding(song)).toEqual([other]);
    expect(inTwo()).toEqual([]);
    const said = discord.message(dm.id);
    expect(said.content).not.toContain('Placed');
    expect(said.content).toContain(
      `⚠️ **${name}** was not placed in **${names[guess]}**: it is in **${names[other]}** already, another sublist of this layer, where it stays (a song goes in one sublist only).`,
    );
    // The song is in a sublist, so it no longer waits: its button and menu leave the DM. The
    // refused Place stored no answer.
    expect(await waiting.byTrack(world.layer.id, song)).toBeUndefined();
    expect(await labels.get(world.layer.id, song)).toBeUndefined();
    const ids = (said.components ?? []).flatMap((row) =>
      'components' in row ? row.components.map((c) => ('custom_id' in c ? c.custom_id : '')) : [],
    );
    expect(ids.filter((id) => id.includes(song))).toEqual([]);
    // The next sync takes the hand edit as the answer: the song stays there and waits for nothing.
    await keepSorted.syncUser(alice.id);
    expect((await labels.get(world.layer.id, song))?.sublistIds).toEqual([world.sublists[other]!.id]);
    expect(holding(song)).toEqual([other]);
    expect(await waiting.byTrack(world.layer.id, song)).toBeUndefined();
    discord.assertNoViolations();
  }, 180_000);
});
