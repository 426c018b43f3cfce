import { describe, expect, it } from 'vitest';
import { namedRefusals, withRefused, type RunSummary } from '../../../src/services/sorting/run-summary.js';

const summary = (): RunSummary => ({
  perSublist: [
    { sublistId: 'rock', name: 'rock', added: 2, removed: 1, total: 10 },
    { sublistId: 'jazz', name: 'jazz', added: 0, removed: 0, total: 5 },
    { sublistId: 'folk', name: 'folk', added: 1, removed: 0, total: 7 },
  ],
  voidCount: 1,
  uncertain: [{ trackId: 't-2', trackName: 'two', sublistIds: ['rock'], confidence: 0.8 }],
  placed: [
    { trackId: 't-1', trackName: 'one', sublistIds: ['rock'] },
    { trackId: 't-2', trackName: 'two', sublistIds: ['rock'] },
    { trackId: 't-3', trackName: 'three', sublistIds: ['folk'] },
    { trackId: 't-4', trackName: 'four', sublistIds: [] },
  ],
  heldBack: 0,
  confidence: {
    considered: 6,
    answered: 2,
    placed: 3,
    waiting: 1,
    expectedPrecision: 0.9,
    precisionTarget: 0.9,
    everything: false,
  },
});

const refusedTwo = { trackId: 't-2', trackName: 'two', sublistId: 'rock', heldIn: ['jazz'], answered: false };

describe('a run summary with songs the mutual check refused', () => {
  it('counts them where they are, not where the run meant them', () => {
    const revised = withRefused(summary(), [refusedTwo]);
    expect(revised.perSublist).toEqual([
      { sublistId: 'rock', name: 'rock', added: 1, removed: 1, total: 9 },
      { sublistId: 'jazz', name: 'jazz', added: 0, removed: 0, total: 6 },
      { sublistId: 'folk', name: 'folk', added: 1, removed: 0, total: 7 },
    ]);
    expect(revised.placed?.map((p) => p.trackId)).toEqual(['t-1', 't-3', 't-4']);
    expect(revised.uncertain).toEqual([]);
    expect(revised.confidence).toMatchObject({ answered: 2, placed: 2, considered: 6 });
    expect(revised.refused).toEqual([
      { trackId: 't-2', trackName: 'two', sublistId: 'rock', heldIn: ['jazz'] },
    ]);
    expect(
      namedRefusals(revised.refused, [
        { id: 'rock', name: 'Rock' },
        { id: 'jazz', name: 'Jazz' },
      ]),
    ).toEqual([{ trackName: 'two', sublistName: 'Rock', heldIn: ['Jazz'] }]);
  });

  it('counts a song refused again (an apply cut short, repeated) once, and an answer as an answer', () => {
    const once = withRefused(summary(), [refusedTwo]);
    expect(withRefused(once, [refusedTwo])).toBe(once);
    const twice = withRefused(once, [
      refusedTwo,
      { trackId: 't-3', trackName: 'three', sublistId: 'folk', heldIn: ['jazz'], answered: true },
    ]);
    expect(twice.perSublist?.map((s) => [s.added, s.total])).toEqual([
      [1, 9],
      [0, 7],
      [0, 6],
    ]);
    expect(twice.confidence).toMatchObject({ answered: 1, placed: 2 });
    expect(twice.refused?.map((r) => r.trackId)).toEqual(['t-2', 't-3']);
    expect(twice.placed?.map((p) => p.trackId)).toEqual(['t-1', 't-4']);
  });

  it('leaves a summary with none as it is', () => {
    const plain = summary();
    expect(withRefused(plain, [])).toBe(plain);
    expect(namedRefusals(undefined, [])).toBeUndefined();
  });
});
