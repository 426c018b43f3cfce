import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { type LayerMode, placementProblem } from '../../../src/core/layer.js';
import { crossValidateLayer } from '../../../src/ml/cross-validation.js';
import { predictLayer } from '../../../src/ml/predict-layer.js';
import { trainLayerModel } from '../../../src/ml/train-layer.js';
import { scorePlacements } from '../../../src/ml/metrics.js';
import { layerForMode, randomLabels } from './fixture.js';
import { useTestBackend } from './setup-backend.js';

useTestBackend();

const MODES: LayerMode[] = [
  { mutual: true, complete: true },
  { mutual: true, complete: false },
  { mutual: false, complete: true },
  { mutual: false, complete: false },
];

describe('layer model', () => {
  it.each(MODES)('learns above chance and gives valid placements (mutual %o)', async (mode) => {
    const { library, dataset } = layerForMode(mode);
    const labels = randomLabels(library, 100, 7);
    const model = await trainLayerModel({ dataset, mode, sublistIds: library.sublistIds, labels, seed: 1 });
    const predictions = predictLayer(model, dataset).filter((p) => !labels.has(p.trackId));
    for (const p of predictions) expect(placementProblem(mode, p.placement)).toBeUndefined();
    const scores = scorePlacements(
      library.sublistIds,
      predictions.map((p) => p.placement),
      predictions.map((p) => library.truth.get(p.trackId) ?? []),
    );
    // Chance is about 1/6 (complete) or below 1/2 (three sublists + void); artists and albums make it learnable.
    expect(scores.microF1).toBeGreaterThan(0.5);
    if (!mode.complete) expect(scores.voidRecall).toBeGreaterThan(0.3);
    expect(model.metrics.crossValidated?.microF1).toBeGreaterThan(0.3);
  });

  it('is reproducible for a seed', async () => {
    const mode = { mutual: false, complete: true };
    const { library, dataset } = layerForMode(mode);
    const labels = randomLabels(library, 40, 3);
    const train = () => trainLayerModel({ dataset, mode, sublistIds: library.sublistIds, labels, seed: 5 });
    const [a, b] = [await train(), await train()];
    expect(a.thresholds).toEqual(b.thresholds);
    expect(a.network.parameters).toEqual(b.network.parameters);
  });

  it('leaks no tensors over train/predict cycles', async () => {
    const mode = { mutual: true, complete: false };
    const { library, dataset } = layerForMode(mode);
    const cycle = async (seed: number) => {
      const model = await trainLayerModel({
        dataset,
        mode,
        sublistIds: library.sublistIds,
        labels: randomLabels(library, 30, seed),
        seed,
      });
      predictLayer(model, dataset);
    };
    await cycle(1);
    const before = tf.memory().numTensors;
    for (let seed = 2; seed < 4; seed++) await cycle(seed);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('without cross-validation (6 labels) sorts by the labels’ shares, not at 0.5', async () => {
    const mode = { mutual: false, complete: false };
    const { library, dataset } = layerForMode(mode);
    const labels = randomLabels(library, 6, 2);
    const model = await trainLayerModel({ dataset, mode, sublistIds: library.sublistIds, labels, seed: 2 });
    expect(model.metrics.crossValidated).toBeUndefined();
    expect(model.thresholds.some((t) => t !== 0.5)).toBe(true);
    const sorted = predictLayer(model, dataset).filter((p) => !labels.has(p.trackId));
    const answers = [...labels.values()];
    library.sublistIds.forEach((id, o) => {
      const share = (answers.filter((a) => a.includes(id)).length + 0.5) / (answers.length + 1);
      const placed = sorted.filter((p) => p.placement.includes(id)).length;
      // Ties at the threshold may add a few tracks.
      expect(placed).toBeGreaterThanOrEqual(Math.round(share * sorted.length));
      expect(placed / sorted.length).toBeLessThan(share + 0.05);
      expect(model.thresholds[o]).toBeGreaterThan(0);
    });
    const voidShare = sorted.filter((p) => p.placement.length === 0).length / sorted.length;
    expect(voidShare).toBeGreaterThan(0.1);
    expect(voidShare).toBeLessThan(0.9);
  });

  it('lowers an incomplete layer’s thresholds only as far as the calibrated memberships expect', async () => {
    const mode = { mutual: false, complete: false };
    const { library, dataset } = layerForMode(mode);
    // 20 labels where the first sublist's validated threshold places 10 unlabeled tracks, the
    // calibrated memberships expect 35 and the network's own outputs 10.
    const labels = randomLabels(library, 20, 1);
    const input = { dataset, mode, sublistIds: library.sublistIds, labels, seed: 1 };
    const validation = await crossValidateLayer(input);
    const model = await trainLayerModel(input);
    const unlabeled = predictLayer(model, dataset).filter((p) => !labels.has(p.trackId));
    library.sublistIds.forEach((_, o) => {
      const column = unlabeled.map((p) => p.probabilities[o] ?? 0);
      const atValidated = column.filter((p) => p >= (validation.thresholds[o] ?? 1)).length;
      const expected = Math.round(unlabeled.reduce((sum, p) => sum + (p.memberships[o] ?? 0), 0));
      const placed = column.filter((p) => p >= (model.thresholds[o] ?? 1)).length;
      expect(model.thresholds[o]).toBeLessThanOrEqual(validation.thresholds[o] ?? 1);
      // Ties at the threshold only add; the grid's floor (0.01) may stop short of the expectation.
      const wanted = Math.max(atValidated, expected);
      if ((model.thresholds[o] ?? 0) > 0.01) expect(placed).toBeGreaterThanOrEqual(wanted);
      expect(placed - wanted).toBeLessThanOrEqual(column.filter((p) => p === model.thresholds[o]).length);
    });
  });

  it('handles a layer with almost no labels', async () => {
    const mode = { mutual: false, complete: false };
    const { library, dataset } = layerForMode(mode);
    const labels = randomLabels(library, 3, 1);
    const model = await trainLayerModel({ dataset, mode, sublistIds: library.sublistIds, labels, seed: 1 });
    for (const p of predictLayer(model, dataset)) expect(placementProblem(mode, p.placement)).toBeUndefined();
  });
});
