import { describe, expect, it } from 'vitest';
import { predictLayer } from '../../../src/ml/predict-layer.js';
import { trainLayerModel } from '../../../src/ml/train-layer.js';
import { LABELED_WEIGHT, smoothOverGraph } from '../../../src/ml/propagation.js';
import { deserializeLayerModel, serializeLayerModel } from '../../../src/ml/serialize.js';
import { layerForMode, randomLabels } from './fixture.js';
import { useTestBackend } from './setup-backend.js';

useTestBackend();

const p = (...values: number[]) => Float32Array.from(values);

describe('graph smoothing of predictions', () => {
  // a - b share an artist, b - c share an album, d is alone.
  const entities = [['artist:x'], ['artist:x', 'album:y'], ['album:y'], ['artist:z']];
  const probabilities = [p(0.5, 0.5), p(0.5, 0.5), p(1, 0), p(0, 1)];

  it('leaves everything as is at strength 0 and a track without neighbours always', () => {
    expect(smoothOverGraph(entities, probabilities, 0)).toEqual(probabilities);
    expect(smoothOverGraph(entities, probabilities, 0.75)[3]).toEqual(p(0, 1));
  });

  it('moves a track towards its neighbours, and two steps reach a neighbour of a neighbour', () => {
    const one = smoothOverGraph(entities, probabilities, 0.5, new Map(), 1);
    // b sees c through the album; a sees only b, still undecided after one step.
    expect(one[1]?.[0]).toBeGreaterThan(0.5);
    expect(one[0]?.[0]).toBeCloseTo(0.5, 6);
    const two = smoothOverGraph(entities, probabilities, 0.5, new Map(), 2);
    expect(two[0]?.[0]).toBeGreaterThan(0.5);
    // Anchored to the model's output: c stays on its own side.
    expect(two[2]?.[0]).toBeGreaterThan(0.5);
    for (const row of two) expect((row[0] ?? 0) + (row[1] ?? 0)).toBeCloseTo(1, 5);
  });

  it('holds labeled tracks at their answer, so that it spreads from them through unlabeled ones', () => {
    const clamped = new Map([[2, [0, 1]]]);
    const held = smoothOverGraph(entities, probabilities, 0.5, clamped, 2);
    // c is labeled "second": it stays there, and pulls b (and through b, a) towards it.
    expect(Array.from(held[2] ?? [])).toEqual([0, 1]);
    const free = smoothOverGraph(entities, probabilities, 0.5, new Map(), 2);
    expect(held[1]?.[1]).toBeGreaterThan(free[1]?.[1] ?? 1);
    expect(held[0]?.[1]).toBeGreaterThan(free[0]?.[1] ?? 1);
    expect(held[3]).toEqual(free[3]);
  });

  it('counts a labeled track more than an unlabeled one in the mean of an entity', () => {
    // One artist: a labeled "first", an unlabeled track guessed "second", and an undecided one.
    const shared = [['artist:x'], ['artist:x'], ['artist:x']];
    const guesses = [p(0.5, 0.5), p(0, 1), p(0.5, 0.5)];
    const [, , undecided] = smoothOverGraph(shared, guesses, 1, new Map([[0, [1, 0]]]), 1);
    const weight = LABELED_WEIGHT;
    expect(weight).toBeGreaterThan(1);
    expect(undecided?.[0]).toBeCloseTo(weight / (weight + 1), 6);
    // The unlabeled guess sees the labeled track only: the weight does not change a mean of one.
    const [, guessed] = smoothOverGraph(
      shared.slice(0, 2),
      guesses.slice(0, 2),
      1,
      new Map([[0, [1, 0]]]),
      1,
    );
    expect(Array.from(guessed ?? [])).toEqual([1, 0]);
  });

  it('is chosen by cross-validation, saved with the model, and used for any subset of rows', async () => {
    const mode = { mutual: false, complete: true };
    const { library, dataset } = layerForMode(mode);
    const labels = randomLabels(library, 60, 2);
    const input = { dataset, mode, sublistIds: library.sublistIds, labels, seed: 3 };
    const model = await trainLayerModel(input);
    // Genres of the slice follow artists and albums: smoothing over them helps out of fold.
    expect(model.featureSpec.smoothing ?? 0).toBeGreaterThan(0);
    const all = predictLayer(model, dataset);
    const some = predictLayer(model, dataset, [5, 17]);
    expect(some.map((s) => s.probabilities)).toEqual([all[5]?.probabilities, all[17]?.probabilities]);
    const loaded = deserializeLayerModel(serializeLayerModel(model));
    expect(loaded.featureSpec.smoothing).toBe(model.featureSpec.smoothing);
    // The labeled tracks anchor the smoothing: saved with the model, and they predict as labeled.
    expect(Object.keys(model.featureSpec.anchors ?? {})).toHaveLength(labels.size);
    expect(loaded.featureSpec.anchors).toEqual(model.featureSpec.anchors);
    const [labeledId, placement] = [...labels].find(([, sublists]) => sublists.length > 0)!;
    const labeled = all[dataset.rowOf.get(labeledId)!]!;
    expect([...labeled.placement].sort()).toEqual([...placement].sort());
    const off = await trainLayerModel({ ...input, options: { propagate: false } });
    expect(off.featureSpec.smoothing).toBeUndefined();
  });
});
