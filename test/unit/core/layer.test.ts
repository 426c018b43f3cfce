import { describe, expect, it } from 'vitest';
import { placementOfPicks, placementProblem, type LayerMode } from '../../../src/core/layer.js';

const mutualComplete: LayerMode = { mutual: true, complete: true };
const mutualIncomplete: LayerMode = { mutual: true, complete: false };
const severalIncomplete: LayerMode = { mutual: false, complete: false };
const severalComplete: LayerMode = { mutual: false, complete: true };

describe('a layer’s mode', () => {
  it('a mutual layer allows at most one sublist, a complete one no void, none a sublist twice', () => {
    expect(placementProblem(mutualIncomplete, ['a', 'b'])).toBe('mutual');
    expect(placementProblem(mutualIncomplete, ['a'])).toBeUndefined();
    expect(placementProblem(mutualIncomplete, [])).toBeUndefined();
    expect(placementProblem(severalComplete, [])).toBe('complete');
    expect(placementProblem(severalComplete, ['a', 'b'])).toBeUndefined();
    expect(placementProblem(severalIncomplete, ['a', 'a'])).toBe('repeated-sublist');
  });
});

describe('a menu’s picks', () => {
  const sublists = ['a', 'b'];

  it('mean the sublists picked, or the void picked alone', () => {
    expect(placementOfPicks(severalIncomplete, sublists, { void: false, sublistIds: ['a', 'b'] })).toEqual({
      placement: ['a', 'b'],
    });
    expect(placementOfPicks(mutualIncomplete, sublists, { void: true, sublistIds: [] })).toEqual({
      placement: [],
    });
  });

  it('refuse the void with a sublist, a sublist the layer no longer has, and what the mode forbids', () => {
    expect(placementOfPicks(severalIncomplete, sublists, { void: true, sublistIds: ['a'] })).toEqual({
      problem: 'void-alone',
    });
    expect(placementOfPicks(severalIncomplete, sublists, { void: false, sublistIds: ['a', 'gone'] })).toEqual(
      {
        problem: 'sublist-gone',
      },
    );
    expect(placementOfPicks(mutualComplete, sublists, { void: true, sublistIds: [] })).toEqual({
      problem: 'complete',
    });
    expect(placementOfPicks(mutualComplete, sublists, { void: false, sublistIds: ['a', 'b'] })).toEqual({
      problem: 'mutual',
    });
  });
});
