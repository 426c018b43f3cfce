import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BotServiceSet } from '../../src/composition/bot-services.js';
import type { Layer, Sublist } from '../../src/core/layer-records.js';
import { sortSummaryView } from '../../src/bot/views/model.view.js';
import { undoText } from '../../src/bot/views/undo.view.js';
import {
  GENRES,
  answerTrainAndSort,
  eraOf,
  botServicesOver,
  genreOf,
  genreSeedTracks,
  startSortingWorld,
  type SortingWorld,
} from '../support/sorting-world.js';

const USER = 'discord-composed-edges';
const SPOTIFY_USER = 'spotify-composed-edges';
const LIKED = 60;
const TRACKS = genreSeedTracks(90, 'ce');
/** The third layer splits early rock by artist again: the first artist, or the second. */
const halfOf = (index: number): 0 | 1 => (Math.floor(index / GENRES.length) % 4 === 0 ? 0 : 1);

/**
 * Layers three deep: "Genres" sorts Liked Songs, "Rock eras" its rock sublist, "Halves" the early
 * sublist of that; what a user meets at the edges of that chain: an /undo of the top layer after
 * the ones below sorted what it placed, a dry run above and a /sort below, a sublist removed in
 * the middle and the top layer deleted.
 */
describe('composed layers three deep, at the edges, on the fake Spotify', () => {
  let world: SortingWorld;
  let bot: BotServiceSet;
  let genres: Layer;
  let eras: Layer;
  let halves: Layer;
  let genreSublists: Sublist[];
  let eraSublists: Sublist[];
  let halfSublists: Sublist[];
  const contents = (sublist: Sublist | undefined) =>
    world.harness.fake.playlist(sublist?.playlistId as string).trackIds;
  const rock = () => genreSublists[0];
  const indexOf = (trackId: string) => TRACKS.findIndex((track) => track.id === trackId);
  const idsOf = (indexes: readonly number[]) => indexes.map((i) => TRACKS[i]?.id as string);
  /** The sublists of every layer that hold the song. */
  const whereIs = (trackId: string) =>
    [...genreSublists, ...eraSublists, ...halfSublists]
      .filter((s) => contents(s).includes(trackId))
      .map((s) => s.name);

  beforeAll(async () => {
    world = await startSortingWorld(USER, SPOTIFY_USER, TRACKS, LIKED);
    const { repositories } = world.services;
    await repositories.layers.delete(world.layer.id);
    bot = botServicesOver(world);
    const { layers, sublists } = bot.services;
    const mode = { mutual: true, complete: true };
    genres = (await layers.create(USER, { name: 'Genres', ...mode })).layer;
    for (const name of GENRES) await sublists.add(USER, 'Genres', name, name);
    eras = (await layers.create(USER, { name: 'Rock eras', motherlist: 'Genres › rock', ...mode })).layer;
    for (const name of ['early', 'late']) await sublists.add(USER, 'Rock eras', name);
    halves = (await layers.create(USER, { name: 'Halves', motherlist: 'Rock eras › early', ...mode })).layer;
    for (const name of ['first', 'second']) await sublists.add(USER, 'Halves', name);
    genreSublists = await repositories.sublists.listFor(genres.id);
    eraSublists = await repositories.sublists.listFor(eras.id);
    halfSublists = await repositories.sublists.listFor(halves.id);

    // Each layer learns from what the one above placed, and sorts it.
    await answerTrainAndSort(
      world,
      USER,
      genres,
      TRACKS.slice(0, 24).map((track, i) => [track.id, genreSublists[genreOf(i)]?.id as string]),
    );
    const byEra = contents(rock()).map((id) => [id, eraSublists[eraOf(indexOf(id))]?.id as string] as const);
    await answerTrainAndSort(world, USER, eras, byEra);
    const byHalf = contents(eraSublists[0]).map(
      (id) => [id, halfSublists[halfOf(indexOf(id))]?.id as string] as const,
    );
    await answerTrainAndSort(world, USER, halves, byHalf);
    await world.keepSorted.syncUser(USER);
  });
  afterAll(async () => {
    await world?.close();
  });

  it('a new like goes down all three layers in one sync, top first, with one DM from each', async () => {
    const liked = idsOf([60, 63, 72]);
    for (const id of liked) world.harness.fake.likeTrack(SPOTIFY_USER, id);
    world.notifier.sent.length = 0;

    const report = await world.keepSorted.syncUser(USER);

    expect(report.layers.map((l) => [l.layerId, l.newTracks, l.placed])).toEqual([
      [genres.id, 3, 3],
      [eras.id, 3, 3],
      [halves.id, 3, 3],
    ]);
    expect(world.notifier.sent.map((dm) => dm.message.kind === 'new-songs' && dm.message.layerName)).toEqual([
      'Genres',
      'Rock eras',
      'Halves',
    ]);
    for (const id of liked)
      expect(whereIs(id)).toEqual(['rock', 'early', halfOf(indexOf(id)) === 0 ? 'first' : 'second']);
  });

  it('/undo of the top layer says the layers below follow, and the next sync takes the songs out of them', async () => {
    const liked = idsOf([60, 63, 72]);
    const undone = await world.services.sortRuns.undoLast(USER, genres);

    // Out of rock now; the layers over rock still hold them until the next sync, and the answer says so.
    for (const id of liked) expect(whereIs(id)).not.toContain('rock');
    expect(undone.followers).toEqual([{ layer: 'Rock eras', sublist: 'rock' }]);
    expect(undoText(undone)).toContain(
      'Layer **Rock eras** sorts from **rock**: its sublists follow this change at the next sync.',
    );

    const report = await world.keepSorted.syncUser(USER);

    expect(report.layers.map((l) => [l.layerId, l.newTracks, l.departed])).toEqual([
      [genres.id, 0, 0],
      [eras.id, 0, 3],
      [halves.id, 0, 3],
    ]);
    for (const id of liked) expect(whereIs(id)).toEqual([]);
  });

  it('a dry run above places nothing below; a /sort below after the one above says songs came into its motherlist', async () => {
    const liked = idsOf([66, 69, 75, 78]);
    for (const id of liked) world.harness.fake.likeTrack(SPOTIFY_USER, id);
    // The library read stores the likes; no sync sorts them.
    await world.harness.sync.syncLibrary(USER);
    const { sortRuns } = world.services;

    const preview = await sortRuns.sort(USER, genres, { dryRun: true });
    expect(preview.perSublist.find((s) => s.name === 'rock')?.added).toBeGreaterThanOrEqual(liked.length);
    for (const id of liked) expect(whereIs(id)).toEqual([]);
    // The layer below sorts what rock holds, not what the dry run showed.
    await sortRuns.sort(USER, eras, { dryRun: true });
    const below = await sortRuns.sort(USER, eras, { dryRun: false });
    expect(below.preview).toEqual({ kept: true, changes: [] });
    for (const id of liked) expect(whereIs(id)).toEqual([]);

    // The dry run's plan is applied as shown: nothing the layer below did changed its inputs.
    await sortRuns.sort(USER, eras, { dryRun: true });
    const above = await sortRuns.sort(USER, genres, { dryRun: false });
    expect(above.preview).toEqual({ kept: true, changes: [] });
    for (const id of liked) expect(whereIs(id)).toEqual(['rock']);
    // Rock eras' dry run no longer holds: songs came into rock (the layer above), none was liked there.
    const anew = await sortRuns.sort(USER, eras, { dryRun: false });
    expect(anew.preview).toEqual({ kept: false, changes: [{ kind: 'arrived', count: 7 }] });
    expect(sortSummaryView('Rock eras', anew).embeds[0]?.description).toContain(
      'Not the plan your last dry run showed: 7 songs came into the motherlist since. Sorted anew.',
    );
    for (const id of liked) expect(whereIs(id)).toContain(eraOf(indexOf(id)) === 0 ? 'early' : 'late');
    // What those /sorts put in early (the undone likes again, and one new) reaches Halves at the next sync.
    const report = await world.keepSorted.syncUser(USER);
    expect(report.layers.map((l) => [l.layerId, l.newTracks, l.placed])).toEqual([
      [genres.id, 0, 0],
      [eras.id, 0, 0],
      [halves.id, 4, 4],
    ]);
  });

  it('removing the middle layer’s sublist detaches the layer below: fed no more from above, it sorts what is added by hand', async () => {
    const early = eraSublists[0];
    const removed = await bot.services.sublists.remove(USER, 'Rock eras', 'early');
    expect(removed.detached).toEqual(['Halves']);
    const liked = idsOf([81, 84]);
    for (const id of liked) world.harness.fake.likeTrack(SPOTIFY_USER, id);

    const report = await world.keepSorted.syncUser(USER);

    // Rock eras has one sublist left, where its mutual, complete mode puts every rock song.
    expect(report.layers.map((l) => [l.layerId, l.newTracks, l.placed])).toEqual([
      [genres.id, 2, 2],
      [eras.id, 2, 2],
      [halves.id, 0, 0],
    ]);
    for (const id of liked) expect(whereIs(id)).toEqual(['rock', 'late']);
    expect((await bot.services.layers.list(USER)).map((o) => [o.layer.name, o.motherlistName])).toEqual([
      ['Genres', 'Liked Songs'],
      ['Rock eras', 'Genres › rock'],
      ['Halves', 'early'],
    ]);
    // The playlist is Halves' motherlist still: a song the user adds to it there is sorted.
    const byHand = TRACKS[88]?.id as string;
    world.harness.fake.addToPlaylistByHand(early?.playlistId as string, [byHand]);
    const next = await world.keepSorted.syncUser(USER);
    expect(next.layers.find((l) => l.layerId === halves.id)).toMatchObject({ newTracks: 1, placed: 1 });
    expect(halfSublists.some((s) => contents(s).includes(byHand))).toBe(true);
  });

  it('deleting the top layer detaches the layer over its sublist: a new like reaches neither, nothing fails', async () => {
    const deleted = await bot.services.layers.delete(USER, 'Genres');
    expect(deleted.children).toEqual([{ child: 'Rock eras', sublist: 'rock' }]);
    const [liked] = idsOf([87]);
    world.harness.fake.likeTrack(SPOTIFY_USER, liked as string);
    world.notifier.sent.length = 0;

    const report = await world.keepSorted.syncUser(USER);

    expect(report.layers.map((l) => [l.layerId, l.newTracks, l.placed])).toEqual([
      [eras.id, 0, 0],
      [halves.id, 0, 0],
    ]);
    expect(whereIs(liked as string)).toEqual([]);
    expect(world.notifier.sent).toEqual([]);
    expect((await bot.services.layers.list(USER)).map((o) => o.motherlistName)).toEqual(['rock', 'early']);
  });
});
