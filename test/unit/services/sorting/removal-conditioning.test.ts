import { describe, expect, it } from 'vitest';
import type { PlacementPrediction } from '../../../../src/services/model/layer-predictions.js';
import { givenRemovals } from '../../../../src/services/sorting/removal-conditioning.js';

const prediction = (placement: string[], confidence: number, memberships: Record<string, number>) =>
  ({ trackId: 't', placement, confidence, calibrated: true, memberships }) satisfies PlacementPrediction;

describe('a prediction given the sublists a song was taken out of by hand', () => {
  it('mutual and complete: the next most likely sublist, its probability scaled to what is left', () => {
    const given = givenRemovals(prediction(['a'], 0.6, { a: 0.6, b: 0.3, c: 0.1 }), ['a'], {
      mutual: true,
      complete: true,
    });
    expect(given.placement).toEqual(['b']);
    expect(given.confidence).toBeCloseTo(0.75);
    expect(given.memberships.a).toBe(0);
  });

  it('mutual and incomplete: the void competes with the other sublists', () => {
    const given = givenRemovals(prediction(['a'], 0.6, { a: 0.6, b: 0.1, c: 0.05 }), ['a'], {
      mutual: true,
      complete: false,
    });
    expect(given.placement).toEqual([]);
    expect(given.confidence).toBeCloseTo(0.25 / 0.4);
  });

  it('non-mutual: the other memberships stand; a complete layer keeps the song in its likeliest other sublist', () => {
    const memberships = { a: 0.9, b: 0.4, c: 0.2 };
    expect(
      givenRemovals(prediction(['a'], 0.9, memberships), ['a'], { mutual: false, complete: true }),
    ).toMatchObject({
      placement: ['b'],
      confidence: 0.4,
      memberships: { a: 0, b: 0.4, c: 0.2 },
    });
    const incomplete = givenRemovals(prediction(['a'], 0.9, memberships), ['a'], {
      mutual: false,
      complete: false,
    });
    expect(incomplete.placement).toEqual([]);
    expect(incomplete.confidence).toBeCloseTo(0.6 * 0.8);
  });

  it('taken out of every sublist of a complete layer: no place is left, so it cannot be placed', () => {
    const given = givenRemovals(prediction(['a'], 0.7, { a: 0.7, b: 0.3 }), ['a', 'b'], {
      mutual: true,
      complete: true,
    });
    expect(given.placement).toEqual([]);
  });
});
