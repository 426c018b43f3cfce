import { describe, expect, it } from 'vitest';
import type { LayerMode } from '../../../src/core/layer.js';
import { explainPrediction } from '../../../src/ml/explain.js';
import { buildInputs } from '../../../src/ml/network-inputs.js';
import { predictLayer } from '../../../src/ml/predict-layer.js';
import { probabilitiesOfInputs } from '../../../src/ml/regression-blend.js';
import { trainLayerModel } from '../../../src/ml/train-layer.js';
import { layerForMode, randomLabels } from './fixture.js';
import { useTestBackend } from './setup-backend.js';

useTestBackend();

describe('explanations', () => {
  it('names similar labeled tracks and the strongest features', async () => {
    const mode = { mutual: true, complete: true };
    const { library, dataset } = layerForMode(mode);
    const labels = randomLabels(library, 80, 11);
    const model = await trainLayerModel({ dataset, mode, sublistIds: library.sublistIds, labels, seed: 1 });
    const trackId = library.items.find((i) => !labels.has(i.track.id))!.track.id;
    const explanation = explainPrediction({ model, dataset, trackId, labels });
    expect(explanation.similarLabeled).toHaveLength(3);
    const top = explanation.similarLabeled[0]!;
    expect(labels.get(top.trackId)).toEqual(top.placement);
    expect(top.similarity).toBeGreaterThanOrEqual(explanation.similarLabeled[2]!.similarity);
    expect(explanation.strongestFeatures.length).toBeGreaterThan(0);
    expect(explanation.strongestFeatures.length).toBeLessThanOrEqual(5);
    const trackArtist = dataset.items[dataset.rowOf.get(trackId)!]!.track.artists[0]!.name;
    const words = explanation.strongestFeatures.map((f) => f.feature);
    expect(
      words.some((w) => w.includes(trackArtist) || w.startsWith('labeled tracks') || w.startsWith('word')),
    ).toBe(true);
  });

  it.each([
    { mutual: true, complete: true },
    { mutual: false, complete: false },
  ])('weighs features on what the blended model predicts (mutual %o)', async (mode) => {
    const { library, dataset } = layerForMode(mode);
    const labels = randomLabels(library, 60, 4);
    const model = await trainLayerModel({
      dataset,
      mode,
      sublistIds: library.sublistIds,
      labels,
      seed: 2,
      options: { blend: true, blendGrid: [0.5] },
    });
    expect(model.featureSpec.blend).toBeDefined();
    const rows = [0, 5, 17, 40];
    const fromInputs = probabilitiesOfInputs(
      model,
      buildInputs(model.featureSpec, dataset, rows),
      rows.length,
    );
    const predicted = predictLayer(model, dataset, rows, { smooth: false }).flatMap((p) => p.probabilities);
    expect(Array.from(fromInputs)).toEqual(predicted);
  });
});

const MODES: LayerMode[] = [
  { mutual: true, complete: true },
  { mutual: true, complete: false },
  { mutual: false, complete: true },
  { mutual: false, complete: false },
];

describe('explanations always give reasons', () => {
  it.each(MODES)(
    'for every track, with 20 labels, also when the caller passes none (mode %o)',
    async (mode) => {
      const { library, dataset } = layerForMode(mode);
      const labels = randomLabels(library, 20, 4);
      const model = await trainLayerModel({ dataset, mode, sublistIds: library.sublistIds, labels, seed: 3 });
      const tracks = library.items.filter((i) => !labels.has(i.track.id)).slice(0, 12);
      for (const { track } of tracks) {
        for (const given of [labels, new Map()]) {
          const explanation = explainPrediction({ model, dataset, trackId: track.id, labels: given });
          expect(explanation.similarLabeled.length).toBeGreaterThan(0);
          expect(explanation.strongestFeatures.length).toBeGreaterThan(0);
          for (const neighbour of explanation.similarLabeled)
            expect(neighbour.placement).toEqual(labels.get(neighbour.trackId));
        }
      }
    },
  );

  it('names how common the placement is among the labels when no feature moves the network', async () => {
    const mode = { mutual: true, complete: false };
    const { library, dataset } = layerForMode(mode);
    const labels = randomLabels(library, 20, 6);
    const model = await trainLayerModel({ dataset, mode, sublistIds: library.sublistIds, labels, seed: 1 });
    // A model that learned nothing from its inputs: every first-layer weight zero, and the blended
    // regression's too.
    model.network.parameters[0]!.fill(0);
    model.logistic?.weights.fill(0);
    const trackId = library.items.find((i) => !labels.has(i.track.id))!.track.id;
    const explanation = explainPrediction({ model, dataset, trackId, labels, placement: [] });
    const voidLabels = [...labels.values()].filter((p) => p.length === 0).length;
    expect(explanation.strongestFeatures).toEqual([
      {
        feature: `how many of your labeled tracks belong nowhere (${voidLabels} of 20)`,
        influence: voidLabels / 20,
      },
    ]);
  });
});
