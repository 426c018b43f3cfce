import { describe, expect, it } from 'vitest';
import type { LayerMode } from '../../../src/core/layer.js';
import type { ModelOptions } from '../../../src/ml/layer-model.js';
import { predictLayer } from '../../../src/ml/predict-layer.js';
import { trainLayerModel } from '../../../src/ml/train-layer.js';
import { deserializeLayerModel, serializeLayerModel } from '../../../src/ml/serialize.js';
import { layerForMode, randomLabels } from './fixture.js';
import { useTestBackend } from './setup-backend.js';

useTestBackend();

/** A model of the slice in `mode`, trained on `count` random labels (drawn with `labelSeed`). */
const trainOnSlice = async (
  mode: LayerMode,
  count: number,
  labelSeed: number,
  seed: number,
  options: Partial<ModelOptions>,
) => {
  const { library, dataset } = layerForMode(mode);
  const labels = randomLabels(library, count, labelSeed);
  const model = await trainLayerModel({
    dataset,
    mode,
    sublistIds: library.sublistIds,
    labels,
    seed,
    options,
  });
  return { dataset, model };
};

describe('model serialization', () => {
  it('loads back bit-identical through bytea + jsonb', async () => {
    const mode = { mutual: false, complete: false };
    const { library, dataset } = layerForMode(mode, true);
    const model = await trainLayerModel({
      dataset,
      mode,
      sublistIds: library.sublistIds,
      labels: randomLabels(library, 60, 2),
      seed: 4,
    });
    const stored = serializeLayerModel(model);
    expect(stored.weights).toBeInstanceOf(Uint8Array);
    // What a database gives back: JSON for the spec and metrics, a fresh (unaligned) byte copy.
    const bytes = new Uint8Array(stored.weights.byteLength + 1);
    bytes.set(stored.weights, 1);
    const loaded = deserializeLayerModel({
      featureSpec: JSON.parse(JSON.stringify(stored.featureSpec)),
      weights: bytes.subarray(1),
      thresholds: JSON.parse(JSON.stringify(stored.thresholds)),
      metrics: JSON.parse(JSON.stringify(stored.metrics)),
      version: stored.version,
    });
    const before = predictLayer(model, dataset);
    const after = predictLayer(loaded, dataset);
    expect(after.map((p) => p.probabilities)).toEqual(before.map((p) => p.probabilities));
    expect(after.map((p) => p.placement)).toEqual(before.map((p) => p.placement));
    expect(serializeLayerModel(loaded).weights).toEqual(stored.weights);
  });

  it.each([
    { mutual: true, complete: false },
    { mutual: false, complete: true },
  ])('stores the blended regression and predicts the same after loading (mutual %o)', async (mode) => {
    const { dataset, model } = await trainOnSlice(mode, 60, 3, 2, { blend: true, blendGrid: [0.5] });
    expect(model.featureSpec.blend?.network).toBe(0.5);
    expect(model.logistic?.bias).toHaveLength(model.network.layerSizes.at(-1) ?? 0);
    const stored = serializeLayerModel(model);
    const loaded = deserializeLayerModel({
      ...stored,
      featureSpec: JSON.parse(JSON.stringify(stored.featureSpec)),
      weights: stored.weights.slice(),
    });
    expect(loaded.logistic).toEqual(model.logistic);
    const before = predictLayer(model, dataset);
    expect(predictLayer(loaded, dataset)).toEqual(before);
    // The network alone predicts otherwise: the stored regression is part of what is predicted.
    const networkOnly = { ...loaded, featureSpec: { ...loaded.featureSpec, blend: undefined } };
    expect(predictLayer(networkOnly, dataset).map((p) => p.probabilities)).not.toEqual(
      before.map((p) => p.probabilities),
    );
    expect(() => deserializeLayerModel({ ...stored, weights: stored.weights.subarray(4) })).toThrow('bytes');
  });

  it('loads a model stored before the blend: network weights only, no regression', async () => {
    const mode = { mutual: false, complete: false };
    const { dataset, model } = await trainOnSlice(mode, 40, 5, 1, { blend: false });
    const stored = serializeLayerModel(model);
    expect(stored.featureSpec.blend).toBeUndefined();
    expect(stored.weights.byteLength).toBe(
      model.network.parameters.reduce((sum, p) => sum + p.length, 0) * 4,
    );
    const loaded = deserializeLayerModel(stored);
    expect(loaded.logistic).toBeUndefined();
    expect(predictLayer(loaded, dataset)).toEqual(predictLayer(model, dataset));
  });

  it('refuses weights of the wrong size or an unknown version', async () => {
    const mode = { mutual: true, complete: true };
    const { library, dataset } = layerForMode(mode);
    const stored = serializeLayerModel(
      await trainLayerModel({
        dataset,
        mode,
        sublistIds: library.sublistIds,
        labels: randomLabels(library, 10, 1),
        seed: 1,
        options: { calibrate: false },
      }),
    );
    expect(() => deserializeLayerModel({ ...stored, weights: stored.weights.subarray(4) })).toThrow('bytes');
    expect(() => deserializeLayerModel({ ...stored, version: 'other/9' })).toThrow('version');
  });
});
