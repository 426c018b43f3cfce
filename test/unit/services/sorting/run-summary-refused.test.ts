import { describe, expect, it } from 'vitest';
import { namedRefusals, type RunSummary } from '../../../../src/services/sorting/run-summary.js';
import { withRefused, withReversedByHand } from '../../../../src/services/sorting/summary-rewrites.js';

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

describe('a resumed run summary with writes the user reversed by hand', () => {
  const takenOutOne = { trackId: 't-1', sublistId: 'rock', action: 'add' as const, answered: true };
  const putBackFive = { trackId: 't-5', sublistId: 'rock', action: 'remove' as const, answered: false };

  it('counts a song taken out by hand placed nowhere and one put back as where it is, each held back once', () => {
    const revised = withReversedByHand(summary(), [takenOutOne, putBackFive]);
    expect(revised.perSublist).toEqual([
      { sublistId: 'rock', name: 'rock', added: 1, removed: 0, total: 10 },
      { sublistId: 'jazz', name: 'jazz', added: 0, removed: 0, total: 5 },
      { sublistId: 'folk', name: 'folk', added: 1, removed: 0, total: 7 },
    ]);
    expect(revised.placed?.map((p) => p.trackId)).toEqual(['t-2', 't-3', 't-4']);
    expect(revised.confidence).toMatchObject({ answered: 1, placed: 3 });
    expect(revised.heldBack).toBe(2);
    expect(withReversedByHand(revised, [takenOutOne, putBackFive])).toBe(revised);
  });

  it('counts a song still placed in another sublist as placed', () => {
    const both = summary();
    both.placed[0] = { trackId: 't-1', trackName: 'one', sublistIds: ['rock', 'folk'] };
    const revised = withReversedByHand(both, [takenOutOne]);
    expect(revised.placed?.[0]).toEqual({ trackId: 't-1', trackName: 'one', sublistIds: ['folk'] });
    expect(revised.confidence).toMatchObject({ answered: 2, placed: 3 });
  });

  it('counts once where it is a song put back by hand that the mutual check then keeps out of the sublist meant for it', () => {
    const putBackTwo = { trackId: 't-2', sublistId: 'jazz', action: 'remove' as const, answered: false };
    const revised = withRefused(withReversedByHand(summary(), [putBackTwo]), [refusedTwo]);
    expect(revised.perSublist?.map((s) => s.total)).toEqual([9, 6, 7]);
  });
});
