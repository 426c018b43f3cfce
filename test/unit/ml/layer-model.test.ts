import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { type LayerMode, placementProblem } from '../../../src/core/layer.js';
import { predictLayer, trainLayerModel } from '../../../src/ml/layer-model.js';
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

  it('handles a layer with almost no labels', async () => {
    const mode = { mutual: false, complete: false };
    const { library, dataset } = layerForMode(mode);
    const labels = randomLabels(library, 3, 1);
    const model = await trainLayerModel({ dataset, mode, sublistIds: library.sublistIds, labels, seed: 1 });
    for (const p of predictLayer(model, dataset)) expect(placementProblem(mode, p.placement)).toBeUndefined();
  });
});
