import { describe, expect, it } from 'vitest';
import type { LayerMode } from '../../../src/core/layer.js';
import { calibrateOutputs, fitCalibration } from '../../../src/ml/calibration.js';
import { type LayerPrediction, predictLayer } from '../../../src/ml/predict-layer.js';
import { trainLayerModel } from '../../../src/ml/train-layer.js';
import { deserializeLayerModel, serializeLayerModel } from '../../../src/ml/serialize.js';
import { layerForMode, randomLabels } from './fixture.js';
import { useTestBackend } from './setup-backend.js';

useTestBackend();

const MUTUAL: LayerMode = { mutual: true, complete: true };
const outputs = { mode: MUTUAL, sublistIds: ['a', 'b'] };

describe('calibration curves', () => {
  it('promise what the out-of-fold answers earned, shrunk towards the overall rate, never more', () => {
    // Ten confident predictions of a: 9 right; ten hesitant ones: 3 right.
    const probabilities = [
      ...Array.from({ length: 10 }, () => [0.95, 0.05]),
      ...Array.from({ length: 10 }, () => [0.55, 0.45]),
    ];
    const targets = [
      ...Array.from({ length: 10 }, (_, i) => (i < 9 ? [1, 0] : [0, 1])),
      ...Array.from({ length: 10 }, (_, i) => (i < 3 ? [1, 0] : [0, 1])),
    ];
    const calibration = fitCalibration(outputs, probabilities, targets);
    const sure = calibrateOutputs(outputs, [0.95, 0.05], calibration).memberships[0]!;
    const unsure = calibrateOutputs(outputs, [0.55, 0.45], calibration).memberships[0]!;
    // Shrunk towards 12 right of 20, itself shrunk towards a blind guess between 2: (12 + 1) / 22.
    const prior = 13 / 22;
    expect(sure).toBeCloseTo((9 + 2 * prior) / 12, 10);
    expect(unsure).toBeCloseTo((3 + 2 * prior) / 12, 10);
    // Beyond the highest out-of-fold score there is no extrapolation.
    expect(calibrateOutputs(outputs, [0.999, 0.001], calibration).memberships[0]).toBeCloseTo(sure, 10);
    // The rest goes to the other sublist, in the network's proportions.
    expect(calibrateOutputs(outputs, [0.95, 0.05], calibration).memberships[1]).toBeCloseTo(1 - sure, 10);
  });

  it('promise only the average share right below 20 out-of-fold answers', () => {
    const calibration = fitCalibration(
      outputs,
      Array.from({ length: 10 }, (_, i) => (i < 6 ? [0.95, 0.05] : [0.55, 0.45])),
      Array.from({ length: 10 }, (_, i) => (i < 6 ? [1, 0] : [0, 1])),
    );
    const flat = (6 + 2 * 0.5) / 12;
    expect(calibrateOutputs(outputs, [0.95, 0.05], calibration).memberships[0]).toBeCloseTo(flat, 10);
    expect(calibrateOutputs(outputs, [0.55, 0.45], calibration).memberships[0]).toBeCloseTo(flat, 10);
  });

  it('shrink sublist choices of a mutual incomplete layer towards their own rate, not the void’s', () => {
    const layer = { mode: { mutual: true, complete: false }, sublistIds: ['a', 'b'] };
    // 30 sure voids, all right; 3 sure choices of a, none right.
    const calibration = fitCalibration(
      layer,
      [
        ...Array.from({ length: 30 }, () => [0.02, 0.02, 0.96]),
        ...Array.from({ length: 3 }, () => [0.9, 0.05, 0.05]),
      ],
      [...Array.from({ length: 30 }, () => [0, 0, 1]), ...Array.from({ length: 3 }, () => [0, 1, 0])],
    );
    expect(calibrateOutputs(layer, [0.9, 0.05, 0.05], calibration).memberships[0]).toBeLessThan(0.2);
    // With no sublist chosen out of fold at all, a sublist choice promises a blind guess's share.
    const voidsOnly = fitCalibration(
      layer,
      Array.from({ length: 30 }, () => [0.02, 0.02, 0.96]),
      Array.from({ length: 30 }, () => [0, 0, 1]),
    );
    expect(calibrateOutputs(layer, [0.98, 0.01, 0.01], voidsOnly).memberships[0]).toBeCloseTo(1 / 3, 10);
    expect(calibrateOutputs(layer, [0.02, 0.02, 0.96], calibration).voidProbability).toBeGreaterThan(0.9);
  });

  it('is monotone in the network probability (non-mutual memberships)', () => {
    const layer = { mode: { mutual: false, complete: false }, sublistIds: ['a'] };
    const scores = Array.from({ length: 40 }, (_, i) => i / 40);
    const calibration = fitCalibration(
      layer,
      scores.map((p) => [p]),
      scores.map((p, i) => [p > 0.5 || i % 7 === 0 ? 1 : 0]),
    );
    const read = (p: number) => calibrateOutputs(layer, [p], calibration).memberships[0]!;
    for (let p = 0; p < 1; p += 0.05) expect(read(p + 0.05)).toBeGreaterThanOrEqual(read(p));
    expect(read(0.9)).toBeGreaterThan(0.8);
    expect(read(0.1)).toBeLessThan(0.3);
  });
});

describe('calibrated models', () => {
  const trainOn = async (labelCount: number) => {
    const mode = { mutual: false, complete: false };
    const { library, dataset } = layerForMode(mode);
    const labels = randomLabels(library, labelCount, 5);
    const model = await trainLayerModel({ dataset, mode, sublistIds: library.sublistIds, labels, seed: 2 });
    return { model, dataset, labels };
  };

  it('store their calibration; an older stored model without one predicts, uncalibrated, as before', async () => {
    const { model, dataset } = await trainOn(60);
    expect(model.featureSpec.calibration?.kind).toBe('membership');
    const stored = serializeLayerModel(model);
    // The feature spec goes through jsonb.
    const loaded = deserializeLayerModel({
      ...stored,
      featureSpec: JSON.parse(JSON.stringify(stored.featureSpec)),
    });
    expect(predictLayer(loaded, dataset)).toEqual(predictLayer(model, dataset));
    const { calibration: _, ...olderSpec } = stored.featureSpec;
    const older = deserializeLayerModel({ ...stored, featureSpec: olderSpec });
    const predictions: LayerPrediction[] = predictLayer(older, dataset);
    expect(predictions.every((p) => !p.calibrated && p.confidence === p.margin)).toBe(true);
    expect(predictLayer(model, dataset).every((p) => p.calibrated)).toBe(true);
  });

  it('below 8 labels there is nothing to cross-validate: uncalibrated', async () => {
    const { model, dataset } = await trainOn(7);
    expect(model.featureSpec.calibration).toBeUndefined();
    expect(predictLayer(model, dataset).some((p) => p.calibrated)).toBe(false);
  });

  it.each([
    { mutual: true, complete: true },
    { mutual: false, complete: true },
  ])('promise about the share they get right on the slice (mode %o)', async (mode) => {
    const { library, dataset } = layerForMode(mode);
    const labels = randomLabels(library, 80, 3);
    const model = await trainLayerModel({ dataset, mode, sublistIds: library.sublistIds, labels, seed: 1 });
    const predictions = predictLayer(model, dataset).filter((p) => !labels.has(p.trackId));
    let promised = 0;
    let right = 0;
    for (const p of predictions) {
      const truth = library.truth.get(p.trackId) ?? [];
      p.memberships.forEach((q, o) => {
        promised += q;
        right += truth.includes(library.sublistIds[o]!) ? 1 : 0;
      });
    }
    // The promised number of memberships is within a fifth of the true number.
    expect(promised / right).toBeGreaterThan(0.8);
    expect(promised / right).toBeLessThan(1.2);
  });
});
