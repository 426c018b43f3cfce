import { describe, expect, it } from 'vitest';
import { confidenceLine, sortSummaryView } from '../../../src/bot/views/model.view.js';

describe('a dry run’s summary says what a sort would do, not what it did', () => {
  const confidence = {
    considered: 484,
    answered: 254,
    placed: 0,
    waiting: 230,
    expectedPrecision: undefined,
    precisionTarget: 0.8,
    everything: false,
  };
  const outcome = (dryRun: boolean) => ({
    runId: '4f1c2d3e-0000-4000-8000-000000000001',
    dryRun,
    perSublist: [{ name: 'Fresh', added: 26, removed: 0, total: 26 }],
    voidCount: 0,
    uncertain: [],
    confidence,
  });

  it('a dry run: “Would place … would wait” and “(would hold n)”', () => {
    expect(sortSummaryView('Moods', outcome(true)).embeds[0]?.description).toBe(
      '**Fresh**: +26 −0 (would hold 26)\n\nWould place 254 of 484 (254 by your answers); 230 would wait for your answers (the model is less than 80% sure of them): `/label` asks about them first.',
    );
    expect(
      confidenceLine({ ...confidence, placed: 10, expectedPrecision: 0.9, everything: true }, true),
    ).toBe('Would place all 264 songs as the model guesses (254 by your answers), expected 90% right.');
  });

  it('a sort that wrote: “Placed … wait” and “(now n)”, as before', () => {
    expect(sortSummaryView('Moods', outcome(false)).embeds[0]?.description).toBe(
      '**Fresh**: +26 −0 (now 26)\n\nPlaced 254 of 484 (254 by your answers); 230 wait for your answers (the model is less than 80% sure of them): `/label` asks about them first.',
    );
  });
});
