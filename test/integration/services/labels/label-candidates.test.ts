import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Layer, Sublist } from '../../../../src/core/layer-records.js';
import type { Database } from '../../../../src/db/database.js';
import { createSortingServices, type SortingServices } from '../../../../src/composition/sorting.js';
import { LabelCandidateService } from '../../../../src/services/labels/label-candidates.service.js';
import { MemoryPlaylists } from '../../../support/memory-playlists.js';
import { startTestModelPool } from '../../../support/model-pool.js';
import { seedGenreLayerIn, type FixtureTrack } from '../../../support/sort-fixtures.js';
import { openTestDatabase } from '../../../support/test-database.js';

const USER = 'user-candidates';

/** The label candidates over the sorting services as composed, on the model threads (so not a unit test). */
describe('LabelCandidateService guesses', () => {
  const pool = startTestModelPool();
  let database: Database;
  let services: SortingServices;
  let layer: Layer;
  let sublists: Sublist[];
  let tracks: FixtureTrack[];
  let candidates: LabelCandidateService;
  /** Whole-motherlist predictions the guesses asked the model service for. */
  let wholePredictions = 0;
  /** Motherlist reads of the picker. */
  let motherlistReads = 0;

  beforeAll(async () => {
    database = await openTestDatabase();
    services = createSortingServices(database, {
      writer: new MemoryPlaylists(),
      modelWork: pool,
      trainOptions: { epochs: 30 },
    });
    ({ layer, sublists, tracks } = await seedGenreLayerIn(services.repositories, USER, {
      count: 63,
      prefix: 'lc',
      liked: 60,
    }));
    const { models } = services;
    const { motherlist } = services.repositories;
    candidates = new LabelCandidateService({
      library: {
        fingerprint: (userId, sourceId) => motherlist.fingerprint(userId, sourceId),
        tracksOf: (userId, sourceId, options) => {
          motherlistReads++;
          return motherlist.tracksOf(userId, sourceId, options);
        },
      },
      models: {
        activeModel: (layerId) => models.activeModel(layerId),
        activeModelId: (layerId) => models.activeModelId(layerId),
        answers: (forLayer) => models.answers(forLayer),
        predictions: (userId, forLayer) => {
          wholePredictions++;
          return models.predictions(userId, forLayer);
        },
      },
      work: pool,
      waiting: services.repositories.waiting,
    });
  });
  afterAll(async () => {
    await services.close();
    await pool.close();
    await database.close();
  });

  const label = async (count: number) => {
    for (const [i, track] of tracks.slice(0, count).entries())
      await services.repositories.labels.put(layer.id, track.id, [sublists[i % 3]?.id as string], 'session');
  };

  it('has no guess without a model, and predicts nothing for it', async () => {
    expect(await candidates.guess(USER, layer, sublists, tracks[0]!.id)).toBeUndefined();
    expect(wholePredictions).toBe(0);
  });

  it('reads every card’s guess from one prediction of the motherlist, equal to the model’s', async () => {
    await label(24);
    await services.models.train(USER, layer);
    const { predictions } = await services.models.predictions(USER, layer);
    wholePredictions = 0;
    for (const track of tracks.slice(30, 40)) {
      const expected = predictions.find((p) => p.trackId === track.id);
      expect(await candidates.guess(USER, layer, sublists, track.id)).toEqual({
        sublistIds: expected?.placement,
        confidence: expected?.confidence,
      });
    }
    expect(wholePredictions).toBe(1);
  });

  it('predicts again when the motherlist changes, and once more after a training', async () => {
    const added = tracks.slice(60).map((t) => t.id);
    await services.repositories.entries.add(
      USER,
      'liked',
      added.map((trackId) => ({ trackId, addedAt: new Date() })),
    );
    wholePredictions = 0;
    // A new track is not in the old predictions: its card waits for the refresh.
    expect(await candidates.guess(USER, layer, sublists, added[0]!)).toBeDefined();
    expect(wholePredictions).toBe(1);
    expect(await candidates.guess(USER, layer, sublists, added[1]!)).toBeDefined();
    expect(wholePredictions).toBe(1);

    await label(36);
    const trained = await services.models.train(USER, layer);
    expect(trained.activated).toBe(true);
    // The old predictions answer while the new model's are computed once in the background.
    const before = await candidates.guess(USER, layer, sublists, tracks[45]!.id);
    expect(before).toBeDefined();
    expect(wholePredictions).toBe(2);
    const { predictions } = await services.models.predictions(USER, layer);
    const expected = predictions.find((p) => p.trackId === tracks[47]!.id);
    await expect
      .poll(() => candidates.guess(USER, layer, sublists, tracks[47]!.id))
      .toEqual({ sublistIds: expected?.placement, confidence: expected?.confidence });
    expect(wholePredictions).toBe(2);
  });

  it('asks about the songs a sort left waiting first, chosen by the active learner among them, beside a random draw of 3 in 10 from the whole motherlist', async () => {
    const waitingIds = tracks.slice(40, 52).map((t) => t.id);
    await services.repositories.waiting.record(layer.id, {
      replace: true,
      add: waitingIds.map((trackId) => ({ trackId, guess: [sublists[0]?.id as string], confidence: 0.5 })),
      remove: [],
    });
    const pick = (asked: Set<string>, count: number) =>
      candidates.pick({ userId: USER, layer, sublists, asked, count });
    const labeled = new Set((await services.repositories.labels.listFor(layer.id)).map((l) => l.trackId));
    const liked = new Set(tracks.map((t) => t.id));
    const first = await pick(labeled, 10);
    // 3 drawn at random from every unasked liked song (waiting or not; all 63 are liked by now), reported as such.
    expect(first.randomlyDrawn).toHaveLength(3);
    expect(first.trackIds.slice(0, 3)).toEqual(first.randomlyDrawn);
    for (const id of first.randomlyDrawn) expect(liked.has(id) && !labeled.has(id)).toBe(true);
    // The rest among the waiting songs: 7 of the 12.
    const chosen = first.trackIds.slice(3);
    expect(chosen).toHaveLength(7);
    expect(waitingIds).toEqual(expect.arrayContaining(chosen));
    // The waiting songs left come next, then (answered or skipped) the rest of the motherlist again.
    const rest = await pick(new Set([...labeled, ...first.trackIds]), 10);
    const left = waitingIds.filter((id) => !first.trackIds.includes(id));
    expect(left.length).toBeGreaterThan(0);
    expect(rest.trackIds).toEqual(expect.arrayContaining(left));
    expect(left).toEqual(expect.arrayContaining(rest.trackIds.slice(3)));
    // At least 9 songs are left unasked (63 − 36 labeled − 12 waiting − 6 drawn): a round of 5.
    const after = await pick(new Set([...labeled, ...waitingIds, ...first.trackIds, ...rest.trackIds]), 5);
    expect(after.trackIds).toHaveLength(5);
    expect(after.trackIds.some((id) => waitingIds.includes(id))).toBe(false);
    // No song waits: the active learner's own random share of the round (2 of 5) is the draw.
    expect(after.randomlyDrawn).toHaveLength(2);
    expect(after.trackIds).toEqual(expect.arrayContaining(after.randomlyDrawn));
  });

  it('a card never guesses the sublist its song was taken out of by hand: the next pick reads the removals', async () => {
    const trackId = tracks[56]?.id as string;
    const before = await candidates.guess(USER, layer, sublists, trackId);
    const [guessed] = before?.sublistIds ?? [];
    if (!guessed) throw new Error('no guess');
    await services.repositories.handEdits.record([
      { layerId: layer.id, sublistId: guessed, trackId, action: 'remove', detectedAt: new Date() },
    ]);
    const labeled = new Set((await services.repositories.labels.listFor(layer.id)).map((l) => l.trackId));
    await candidates.pick({ userId: USER, layer, sublists, asked: labeled, count: 5 });
    const after = await candidates.guess(USER, layer, sublists, trackId);
    // The next most likely of the other two sublists, as a sort would place it (mutual, complete).
    expect(after?.sublistIds).toHaveLength(1);
    expect(after?.sublistIds).not.toContain(guessed);
    expect(sublists.map((s) => s.id)).toEqual(expect.arrayContaining(after?.sublistIds ?? []));
  });

  it('reads the motherlist for a pick again only when it changed', async () => {
    const pick = async (asked: Set<string>) =>
      (await candidates.pick({ userId: USER, layer, sublists, asked, count: 3 })).trackIds;
    const { entries } = services.repositories;
    const unlike = async (trackId: string) =>
      entries.replace(
        USER,
        'liked',
        (await entries.entries(USER, 'liked')).filter((entry) => entry.trackId !== trackId),
      );
    const labeled = new Set((await services.repositories.labels.listFor(layer.id)).map((l) => l.trackId));
    await unlike(tracks[50]!.id);
    motherlistReads = 0;
    const first = await pick(labeled);
    const second = await pick(new Set([...labeled, ...first]));
    expect(second.some((id) => first.includes(id))).toBe(false);
    expect(motherlistReads).toBe(1);
    await unlike(second[0]!);
    const third = await pick(new Set([...labeled, ...first]));
    expect(motherlistReads).toBe(2);
    expect([...first, ...second, ...third]).not.toContain(tracks[50]!.id);
    expect(third).not.toContain(second[0]);
  });

  // Last: it removes a sublist.
  it('after /sublist remove, until the next /train: no card, prediction or /why names the removed sublist, and its songs go elsewhere', async () => {
    const [removed, ...kept] = sublists as [Sublist, ...Sublist[]];
    const keptIds = kept.map((s) => s.id);
    const before = await services.models.predictions(USER, layer);
    const itsSongs = before.predictions.filter((p) => p.placement.includes(removed.id)).map((p) => p.trackId);
    expect(itsSongs.length).toBeGreaterThan(0);
    // The card reads the predictions kept from before the removal.
    expect((await candidates.guess(USER, layer, sublists, itsSongs[0]!))?.sublistIds).toEqual([removed.id]);
    await services.repositories.labels.forgetSublist(layer.id, removed.id, { keepVoid: false });
    await services.repositories.sublists.delete(removed.id);

    const after = await services.models.predictions(USER, layer);
    for (const p of after.predictions) {
      // Mutual and complete: one of the sublists left, never the void for the removed one.
      expect(p.placement).toHaveLength(1);
      expect(keptIds).toEqual(expect.arrayContaining([...p.placement]));
      expect(Object.keys(p.memberships).sort()).toEqual([...keptIds].sort());
    }
    for (const trackId of itsSongs.slice(0, 5)) {
      const guess = await candidates.guess(USER, layer, kept, trackId);
      expect(guess?.sublistIds).toHaveLength(1);
      expect(keptIds).toEqual(expect.arrayContaining(guess?.sublistIds ?? []));
    }
    const why = await services.models.explain(USER, layer, itsSongs[0]!);
    const keptNames = kept.map((s) => s.name);
    expect(why.sublistNames).toHaveLength(1);
    expect(keptNames).toEqual(expect.arrayContaining(why.sublistNames));
    for (const n of why.neighbours) expect(keptNames).toEqual(expect.arrayContaining(n.sublistNames));
  });
});
