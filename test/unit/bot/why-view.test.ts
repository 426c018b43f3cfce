import { describe, expect, it } from 'vitest';
import { whyView } from '../../../src/bot/views/model.view.js';
import type { Explanation } from '../../../src/services/ports/model-ports.js';

describe('/why in words', () => {
  const explanation: Explanation = {
    trackName: 'Artist – Song',
    sublistNames: ['Rock'],
    confidence: 0.62,
    calibrated: true,
    precisionTarget: 0.8,
    waiting: false,
    neighbours: [],
    features: [],
  };
  const description = (e: Partial<Explanation>) =>
    whyView('Genres', { ...explanation, ...e }).embeds[0]?.description;

  it('a waiting song: below the target, it waits for an answer', () => {
    expect(description({ waiting: true })).toBe(
      "Layer Genres · The model is 62% sure, below this layer's target of 80%: the song waits for your answer (`/label` asks about it first).",
    );
  });

  it('an answered song: the answer first, then the model’s guess', () => {
    expect(description({ answeredNames: ['Jazz'] })).toBe(
      "Layer Genres · You answered **Jazz**: sorts keep it there, whatever the model guesses.\nThe model's guess is 62% sure.",
    );
    expect(description({ answeredNames: [] })).toContain('You answered **the void**');
  });

  it('an uncalibrated model: no percentage, and every song waits', () => {
    const text = description({ calibrated: false, waiting: true });
    expect(text).not.toContain('62%');
    expect(text).toContain('promises nothing');
    expect(text).toContain('every song waits for your answers');
  });
});
