import { describe, expect, it } from 'vitest';
import { explainPrediction } from '../../../src/ml/explain.js';
import { trainLayerModel } from '../../../src/ml/layer-model.js';
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
});
