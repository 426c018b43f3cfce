import { describe, expect, it } from 'vitest';
import { pickLabelRound, pickTracksToLabel } from '../../../src/ml/active-learner.js';
import { artistKey } from '../../../src/ml/features.js';
import { trainLayerModel } from '../../../src/ml/train-layer.js';
import { layerForMode } from './fixture.js';
import { useTestBackend } from './setup-backend.js';

useTestBackend();

describe('active learner', () => {
  it('starts cold with distinct artists', () => {
    const { dataset } = layerForMode({ mutual: false, complete: true });
    const picked = pickTracksToLabel({ dataset, asked: new Set(), count: 10, seed: 1, randomShare: 0 });
    expect(picked).toHaveLength(10);
    const artists = picked.map((id) => artistKey(dataset.items[dataset.rowOf.get(id)!]!.track.artists[0]!));
    expect(new Set(artists).size).toBe(10);
  });

  it('never asks twice, with or without a model, until the motherlist is exhausted', async () => {
    const mode = { mutual: true, complete: false };
    const { library, dataset } = layerForMode(mode);
    const asked = new Set<string>();
    for (let round = 0; round < 4; round++) {
      const model =
        asked.size === 0
          ? undefined
          : await trainLayerModel({
              dataset,
              mode,
              sublistIds: library.sublistIds,
              labels: new Map([...asked].map((id) => [id, library.truth.get(id) ?? []])),
              seed: 1,
              options: { calibrate: false, epochs: 30 },
            });
      const picked = pickTracksToLabel({ dataset, asked, model, count: 10, seed: round });
      expect(picked).toHaveLength(10);
      for (const id of picked) {
        expect(asked.has(id)).toBe(false);
        asked.add(id);
      }
    }
    const rest = pickTracksToLabel({ dataset, asked, count: 1000, seed: 9 });
    expect(rest).toHaveLength(library.items.length - 40);
    expect(new Set([...asked, ...rest]).size).toBe(library.items.length);
    expect(pickTracksToLabel({ dataset, asked: new Set([...asked, ...rest]), count: 10, seed: 1 })).toEqual(
      [],
    );
  });

  it('draws its random share from the whole motherlist, differently per seed', () => {
    const { dataset } = layerForMode({ mutual: false, complete: true });
    const coverageOnly = pickTracksToLabel({ dataset, asked: new Set(), count: 10, seed: 1, randomShare: 0 });
    const draws = [1, 2, 3].map((seed) =>
      pickTracksToLabel({ dataset, asked: new Set(), count: 10, seed, randomShare: 1 }),
    );
    for (const draw of draws) expect(new Set(draw).size).toBe(10);
    expect(new Set(draws.map((d) => d.join())).size).toBe(3);
    expect(draws.some((d) => d.some((id) => !coverageOnly.includes(id)))).toBe(true);
    const mixed = pickTracksToLabel({ dataset, asked: new Set(), count: 10, seed: 1, randomShare: 0.3 });
    expect(mixed.slice(0, 3)).toEqual(draws[0]!.slice(0, 3));
  });

  it('reports which tracks of a round were drawn at random', () => {
    const { dataset, library } = layerForMode({ mutual: false, complete: true });
    const round = pickLabelRound({ dataset, asked: new Set(), count: 10, seed: 1, randomShare: 0.3 });
    expect(round.trackIds).toHaveLength(10);
    expect(round.randomlyDrawn).toEqual(round.trackIds.slice(0, 3));
    expect(
      pickLabelRound({ dataset, asked: new Set(), count: 10, seed: 1, randomShare: 0 }).randomlyDrawn,
    ).toEqual([]);
    // The last few tracks are no draw: every one of them is asked.
    const allButFive = new Set(library.items.map((i) => i.track.id).slice(5));
    expect(pickLabelRound({ dataset, asked: allButFive, count: 10, seed: 1 })).toMatchObject({
      randomlyDrawn: [],
    });
  });
});
