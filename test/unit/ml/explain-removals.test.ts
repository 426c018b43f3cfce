import { describe, expect, it } from 'vitest';
import { explainPrediction } from '../../../src/ml/explain.js';
import { trainLayerModel } from '../../../src/ml/train-layer.js';
import { layerForMode, randomLabels } from './fixture.js';
import { useTestBackend } from './setup-backend.js';

useTestBackend();

describe('explanations and songs taken out of a sublist by hand', () => {
  it('name such songs among the answered songs a track resembles, with the sublists they were taken out of', async () => {
    const mode = { mutual: true, complete: true };
    const { library, dataset } = layerForMode(mode);
    const labels = randomLabels(library, 20, 5);
    const model = await trainLayerModel({ dataset, mode, sublistIds: library.sublistIds, labels, seed: 2 });
    const unlabeled = library.items.map((i) => i.track.id).filter((id) => !labels.has(id));
    const [trackId, ...others] = unlabeled as [string, ...string[]];
    // Every other unlabeled song was taken out of the first sublist by hand; one of them is labeled too.
    const removedFrom = [library.sublistIds[0] as string];
    const removals = new Map(others.map((id) => [id, removedFrom]));
    const labeledToo = [...labels.keys()][0] as string;
    removals.set(labeledToo, removedFrom);
    const explanation = explainPrediction({ model, dataset, trackId, labels, removals, neighbours: 10 });
    const removedNeighbours = explanation.similarLabeled.filter((n) => n.removedFrom);
    expect(removedNeighbours.length).toBeGreaterThan(0);
    for (const neighbour of removedNeighbours) {
      expect(neighbour.removedFrom).toEqual(removedFrom);
      expect(neighbour.placement).toEqual([]);
      expect(labels.has(neighbour.trackId)).toBe(false);
    }
    // A labeled song's answer is its label, never its removal.
    const labeled = explanation.similarLabeled.find((n) => n.trackId === labeledToo);
    if (labeled) expect(labeled).toEqual({ ...labeled, placement: labels.get(labeledToo) });
    expect(labeled?.removedFrom).toBeUndefined();
    const similarities = explanation.similarLabeled.map((n) => n.similarity);
    expect(similarities).toEqual([...similarities].sort((a, b) => b - a));
    // Without removals, only labeled songs (and the model's own training answers) are named.
    const plain = explainPrediction({ model, dataset, trackId, labels, neighbours: 10 });
    expect(plain.similarLabeled.every((n) => !n.removedFrom)).toBe(true);
  });
});
