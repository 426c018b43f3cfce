import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { whyView } from '../../src/bot/views/model.view.js';
import type { BotServiceSet } from '../../src/composition/bot-services.js';
import {
  botServicesOver,
  genreSeedTracks,
  labelGenres,
  startSortingWorld,
  type SortingWorld,
} from '../support/sorting-world.js';

const USER = 'discord-hand-removals';
const SPOTIFY_USER = 'spotify-hand-removals';
const TRACKS = genreSeedTracks(48, 'hr');
const LABELED = 21;

describe('a song taken out of a sublist by hand is an answer, end to end on the fake Spotify', () => {
  let world: SortingWorld;
  let bot: BotServiceSet;
  const rockPlaylist = () => world.harness.fake.playlist(world.sublists[0]?.playlistId as string).trackIds;
  const rock = () => world.sublists[0]?.id as string;
  const labeledIds = TRACKS.slice(0, LABELED).map((t) => t.id);

  beforeAll(async () => {
    world = await startSortingWorld(USER, SPOTIFY_USER, TRACKS, TRACKS.length);
    await labelGenres(world, TRACKS.slice(0, LABELED));
    expect((await world.services.models.train(USER, world.layer)).activated).toBe(true);
    await world.services.sortRuns.sortLayer(USER, world.layer, { dryRun: false });
    bot = botServicesOver(world);
  });
  afterAll(async () => {
    await world?.close();
  });

  it('counts in /status, /why says so, training learns "not rock", and no sort or sync puts it back', async () => {
    // A song the model put in rock, and a song the user had labeled rock: both taken out by hand.
    const guessed = rockPlaylist().find((id) => !labeledIds.includes(id)) as string;
    const labeled = labeledIds[0] as string;
    expect(rockPlaylist()).toContain(labeled);
    expect(guessed).toBeDefined();
    const rockBefore = (await world.services.models.predictions(USER, world.layer, [guessed])).predictions[0]
      ?.memberships[rock()] as number;
    expect(rockBefore).toBeGreaterThan(0.5);
    const statusBefore = (await bot.services.status.statusOf(USER)).layers[0];
    expect([statusBefore?.labelCount, statusBefore?.handRemovalCount]).toEqual([LABELED, 0]);

    world.harness.fake.removeFromPlaylistByHand(world.sublists[0]?.playlistId as string, [guessed, labeled]);
    const report = await world.keepSorted.syncUser(USER);
    expect(report.layers[0]).toMatchObject({
      handEdits: 2,
      labelsFromHandEdits: 0,
      answersFromHandRemovals: 2,
      // In no sublist of this complete layer now: both wait from this sync, not from the next /sort.
      waitingFromHandRemovals: 2,
    });
    for (const id of [guessed, labeled]) {
      const waiting = await world.services.repositories.waiting.byTrack(world.layer.id, id);
      expect(waiting?.guess).toHaveLength(1);
      expect(waiting?.guess).not.toContain(rock());
    }
    // The label said rock; the removal is the newer answer.
    expect(await world.services.repositories.labels.get(world.layer.id, labeled)).toBeUndefined();

    const status = (await bot.services.status.statusOf(USER)).layers[0];
    expect([status?.labelCount, status?.handRemovalCount]).toEqual([LABELED - 1, 2]);

    const why = await bot.services.explainer.explain(USER, world.layer, guessed);
    expect(why.removedByHand?.sublistNames).toEqual(['rock']);
    expect(why.sublistNames).not.toContain('rock');
    const shown = whyView(world.layer.name, why).embeds[0];
    expect(shown?.description).toContain('You took it out of **rock** by hand');
    expect(shown?.description).not.toMatch(/% sure/);

    // Trained again, the model (active whether or not its cross-validated score, which answers
    // "not there" do not enter, beat the last one's) holds the song less likely rock.
    const retrained = await world.services.models.train(USER, world.layer);
    expect(retrained.labelCount).toBe(LABELED - 1);
    await world.services.repositories.models.activate(retrained.modelId);
    const rockAfter = (await world.services.models.predictions(USER, world.layer, [guessed])).predictions[0]
      ?.memberships[rock()] as number;
    expect(rockAfter).toBeLessThan(rockBefore);

    await world.services.sortRuns.sortLayer(USER, world.layer, { dryRun: false });
    await world.keepSorted.syncUser(USER);
    expect(rockPlaylist()).not.toContain(guessed);
    expect(rockPlaylist()).not.toContain(labeled);
    // A new like syncs in; the songs taken out stay out.
    world.harness.fake.likeTrack(SPOTIFY_USER, TRACKS[TRACKS.length - 1]?.id as string);
    await world.keepSorted.syncUser(USER);
    expect(rockPlaylist()).not.toContain(guessed);
    expect(rockPlaylist()).not.toContain(labeled);

    // A complete layer: /status counts the songs taken out that are in no sublist now (a sort
    // places one elsewhere only when the model is sure of it, given the answer).
    const inNone = [guessed, labeled].filter((id) =>
      world.sublists.every((s) => !world.harness.fake.playlist(s.playlistId).trackIds.includes(id)),
    );
    expect((await bot.services.status.statusOf(USER)).layers[0]?.unplacedRemovalCount).toBe(inNone.length);

    // Labelled rock again in /label: the newest answer wins, and the next sort puts it back.
    await world.services.repositories.labels.put(world.layer.id, labeled, [rock()], 'session');
    await world.services.sortRuns.sortLayer(USER, world.layer, { dryRun: false });
    expect(rockPlaylist()).toContain(labeled);
    expect(rockPlaylist()).not.toContain(guessed);
    // A sync reads the playlist again and finds nothing to undo: the bot's own write is no hand edit.
    await world.keepSorted.syncUser(USER);
    expect(rockPlaylist()).toContain(labeled);
    expect((await world.services.repositories.labels.get(world.layer.id, labeled))?.sublistIds).toEqual([
      rock(),
    ]);
  });

  it('a sync cut short after recording a removal, before the song waits: the next sync makes it wait, once', async () => {
    const { handEdits, waiting } = world.services.repositories;
    const jazz = world.sublists[1]!;
    const song = world.harness.fake
      .playlist(jazz.playlistId)
      .trackIds.find((id) => !labeledIds.includes(id)) as string;
    expect(song).toBeDefined();
    const crash = vi
      .spyOn(waiting, 'record')
      .mockRejectedValueOnce(new Error('process killed before the song waits'));
    world.harness.fake.removeFromPlaylistByHand(jazz.playlistId, [song]);
    await expect(world.keepSorted.syncUser(USER)).rejects.toThrow('process killed');
    crash.mockRestore();
    // The removal is recorded (the playlist as read is stored too: no later sync sees it as an edit).
    const removal = (await handEdits.listFor(world.layer.id)).find((e) => e.trackId === song);
    expect(removal).toMatchObject({ sublistId: jazz.id, action: 'remove' });
    expect(await waiting.byTrack(world.layer.id, song)).toBeUndefined();

    const report = await world.keepSorted.syncUser(USER);
    expect(report.layers[0]).toMatchObject({ handEdits: 0, waitingFromHandRemovals: 1 });
    const waits = await waiting.byTrack(world.layer.id, song);
    expect(waits?.guess).toHaveLength(1);
    expect(waits?.guess).not.toContain(jazz.id);
    // Waiting already, it keeps its guess: the syncs after have nothing to repair.
    expect((await world.keepSorted.syncUser(USER)).layers[0]?.waitingFromHandRemovals).toBe(0);
    expect(await waiting.byTrack(world.layer.id, song)).toEqual(waits);
  });
});
