import { describe, expect, it } from 'vitest';
import type { Layer, Sublist } from '../../../../src/core/layer-records.js';
import { LabelCandidateService } from '../../../../src/services/labels/label-candidates.service.js';
import type { PlacementPrediction } from '../../../../src/services/model/layer-predictions.js';

const sublist = (id: string): Sublist => ({
  id,
  layerId: 'layer',
  name: id,
  playlistId: `pl-${id}`,
  position: 0,
});
const layerOf = (mutual: boolean): Layer => ({
  id: `layer-${mutual}`,
  userId: 'user',
  name: 'Moods',
  motherlistId: 'liked',
  mode: { mutual, complete: false },
  precisionTarget: 0.8,
  createdAt: new Date(0),
});

/** A /label card's guess read from the active model's predictions, no picks made (no model thread). */
const guessOf = (layer: Layer, prediction: PlacementPrediction) =>
  new LabelCandidateService({
    library: {
      fingerprint: async () => 'fingerprint',
      tracksOf: async () => [],
    },
    models: {
      activeModelId: async () => 'model',
      predictions: async () => ({ predictions: [prediction] }),
      activeModel: async () => undefined,
      answers: async () => {
        throw new Error('no pick in this test');
      },
    },
    work: {
      run: () => Promise.reject(new Error('no pick in this test')),
      backend: () => 'cpu',
    },
    waiting: { listFor: async () => [] },
  }).guess('user', layer, ['calm', 'loud', 'slow'].map(sublist), 'track');

describe('a /label card’s guess', () => {
  const prediction: PlacementPrediction = {
    trackId: 'track',
    placement: ['calm', 'loud'],
    confidence: 0.5,
    calibrated: true,
    memberships: { calm: 0.6, loud: 0.4, slow: 0.1 },
  };

  it('in a non-mutual layer, carries how sure the model is of each sublist of it', async () => {
    expect(await guessOf(layerOf(false), prediction)).toEqual({
      sublistIds: ['calm', 'loud'],
      confidence: 0.5,
      memberships: { calm: 0.6, loud: 0.4 },
    });
  });

  it('in a mutual layer, one figure: the song goes in one sublist', async () => {
    const mutual = { ...prediction, placement: ['calm'], confidence: 0.6 };
    expect(await guessOf(layerOf(true), mutual)).toEqual({ sublistIds: ['calm'], confidence: 0.6 });
  });
});
