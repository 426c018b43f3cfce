import { describe, expect, it } from 'vitest';
import type { LayerMode } from '../../../src/core/layer.js';
import { predictLayer } from '../../../src/ml/predict-layer.js';
import { trainLayerModel } from '../../../src/ml/train-layer.js';
import { exclusionTarget } from '../../../src/ml/targets.js';
import { layerForMode, randomLabels } from './fixture.js';
import { useTestBackend } from './setup-backend.js';

useTestBackend();

describe('a hand removal as an answer', () => {
  it('is a soft label over the other classes (mutual), or one masked membership (non-mutual)', () => {
    const mutual = { mode: { mutual: true, complete: false }, sublistIds: ['a', 'b', 'c'] };
    const soft = exclusionTarget(mutual, ['a'], [5, 1, 0, 2])!;
    // Outputs a, b, c, void: a gets nothing, the rest their label counts plus one, normalised.
    expect(Array.from(soft.target)).toEqual([0, 2 / 6, 1 / 6, 3 / 6].map(Math.fround));
    expect(Array.from(soft.weights)).toEqual([1, 1, 1, 1]);
    expect(
      exclusionTarget({ mode: { mutual: true, complete: true }, sublistIds: ['a'] }, ['a'], [3]),
    ).toBeUndefined();
    expect(exclusionTarget(mutual, ['gone'], [1, 1, 1, 1])).toBeUndefined();

    const nonMutual = { mode: { mutual: false, complete: true }, sublistIds: ['a', 'b', 'c'] };
    const masked = exclusionTarget(nonMutual, ['b'], [9, 9, 9])!;
    expect(Array.from(masked.target)).toEqual([0, 0, 0]);
    expect(Array.from(masked.weights)).toEqual([0, 1, 0]);
  });

  it.each<LayerMode>([
    { mutual: true, complete: true },
    { mutual: false, complete: true },
  ])('lowers the probability of that sublist for those songs (mutual %o)', async (mode) => {
    const { library, dataset } = layerForMode(mode);
    const sublistIds = library.sublistIds;
    const labels = randomLabels(library, 40, 11);
    const options = { calibrate: false };
    const before = await trainLayerModel({ dataset, mode, sublistIds, labels, seed: 3, options });
    // The unlabeled songs the model is surest belong in a sublist: the user takes them out of it.
    const removed = predictLayer(before, dataset)
      .filter((p) => !labels.has(p.trackId) && p.placement.length > 0)
      .map((p) => {
        const output = sublistIds.indexOf(p.placement[0]!);
        return { trackId: p.trackId, output, probability: p.probabilities[output]! };
      })
      .sort((a, b) => b.probability - a.probability)
      .slice(0, 4);
    expect(removed).toHaveLength(4);
    const removals = new Map(removed.map((r) => [r.trackId, [sublistIds[r.output]!]]));
    const after = await trainLayerModel({ dataset, mode, sublistIds, labels, removals, seed: 3, options });
    const now = new Map(predictLayer(after, dataset).map((p) => [p.trackId, p.probabilities]));
    for (const r of removed) expect(now.get(r.trackId)![r.output]).toBeLessThan(r.probability - 0.05);

    // The same answers given for labeled songs change nothing: the label is their answer.
    const labeled = new Map([...labels].slice(0, 4).map(([id, placement]) => [id, placement]));
    const ignored = await trainLayerModel({
      dataset,
      mode,
      sublistIds,
      labels,
      removals: labeled,
      seed: 3,
      options,
    });
    expect(ignored.network.parameters).toEqual(before.network.parameters);
  });

  it.each([
    { model: 'the default model', options: {} },
    // The blended regression alone: it learns the removals as the network does.
    { model: 'the regression alone', options: { blendGrid: [0] } },
  ])(
    'trains, cross-validates and calibrates with removals held out of every score ($model)',
    async ({ options }) => {
      const mode = { mutual: true, complete: false };
      const { library, dataset } = layerForMode(mode);
      const labels = randomLabels(library, 30, 5);
      const unlabeled = dataset.items.map((i) => i.track.id).filter((id) => !labels.has(id));
      const removals = new Map(unlabeled.slice(0, 6).map((id) => [id, [library.sublistIds[0]!]]));
      const model = await trainLayerModel({
        dataset,
        mode,
        sublistIds: library.sublistIds,
        labels,
        removals,
        seed: 2,
        options,
      });
      expect(model.metrics.labels).toBe(30);
      expect(model.metrics.crossValidated).toBeDefined();
      const plain = await trainLayerModel({
        dataset,
        mode,
        sublistIds: library.sublistIds,
        labels,
        seed: 2,
        options,
      });
      const probability = (m: typeof model, id: string) =>
        predictLayer(m, dataset, [dataset.rowOf.get(id)!])[0]!.probabilities[0]!;
      const lower = [...removals.keys()].filter((id) => probability(model, id) < probability(plain, id));
      expect(lower.length).toBeGreaterThanOrEqual(5);
    },
  );
});
