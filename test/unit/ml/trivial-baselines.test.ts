import { describe, expect, it } from 'vitest';
import type { LayerMode, Placement } from '../../../src/core/layer.js';
import { majoritySublist, trivialPlacement } from '../../../src/ml/baseline-trivial.js';
import { pairedTrivialScores, runTrivialBaseline } from '../../../src/ml/evaluate-trivial.js';
import { scorePlacements } from '../../../src/ml/metrics.js';
import { createRandom, shuffled } from '../../../src/ml/random.js';
import { layerForMode } from './fixture.js';

const SUBLISTS = ['a', 'b', 'c'];
const INCOMPLETE: LayerMode = { mutual: false, complete: false };
// Five songs: one in a, one in a and b, one in b, two in the void.
const TRUTH: Placement[] = [['a'], ['a', 'b'], ['b'], [], []];

const score = (placement: Placement | undefined) => {
  if (placement === undefined) throw new Error('no placement');
  return scorePlacements(
    SUBLISTS,
    TRUTH.map(() => placement),
    TRUTH,
  );
};

describe('trivial baselines on a hand-made layer', () => {
  it('everywhere: 4 right, 11 wrong of 15 placements, no song missed', () => {
    const scores = score(trivialPlacement('everywhere', INCOMPLETE, SUBLISTS, TRUTH));
    expect(scores.microF1).toBeCloseTo(8 / 19, 10);
    expect(scores.voidPrecision).toBe(0);
    expect(scores.voidRecall).toBe(0);
  });

  it('all-void: nothing placed, every void song found, and no answer for complete layers', () => {
    const scores = score(trivialPlacement('all-void', INCOMPLETE, SUBLISTS, TRUTH));
    expect(scores.microF1).toBe(0);
    expect(scores.voidPrecision).toBeCloseTo(2 / 5, 10);
    expect(scores.voidRecall).toBe(1);
    expect(trivialPlacement('all-void', { mutual: true, complete: true }, SUBLISTS, TRUTH)).toBeUndefined();
  });

  it('majority: the most labeled sublist (ties to the first), the void when every label is void', () => {
    expect(majoritySublist(SUBLISTS, TRUTH)).toBe('a');
    expect(majoritySublist(SUBLISTS, [['c'], ['b'], ['c']])).toBe('c');
    expect(trivialPlacement('majority', INCOMPLETE, SUBLISTS, [[], []])).toEqual([]);
    const scores = score(trivialPlacement('majority', INCOMPLETE, SUBLISTS, TRUTH));
    // 2 right (songs 1 and 2 in a), 3 wrong, 2 missed (b of songs 2 and 3).
    expect(scores.microF1).toBeCloseTo(4 / 9, 10);
  });
});

describe('trivial baselines in the evaluation', () => {
  it('score the unlabeled songs at every budget, 10 and 25 included', () => {
    const { library } = layerForMode({ mutual: true, complete: false });
    const results = runTrivialBaseline('everywhere', library, [10, 25], 1);
    expect(results.map((r) => [r.budget, r.scores.tracks])).toEqual([
      [10, library.items.length - 10],
      [25, library.items.length - 25],
    ]);
    const voidResults = runTrivialBaseline('all-void', library, [10], 1);
    expect(voidResults[0]?.scores.microF1).toBe(0);
    expect(voidResults[0]?.scores.voidRecall).toBe(1);
    const complete = layerForMode({ mutual: true, complete: true }).library;
    expect(runTrivialBaseline('all-void', complete, [10], 1)).toEqual([]);
    const majority = runTrivialBaseline('majority', complete, [25], 1)[0];
    // On the complete mutual slice every song has one genre: majority's micro-F1 is its accuracy.
    expect(majority?.scores.microF1).toBeGreaterThan(0.1);
    expect(majority?.scores.microF1).toBeLessThan(0.3);
  });

  it('score each answer on given tracks: on the protocol’s own unlabeled songs, exactly its rows', () => {
    const { library } = layerForMode({ mutual: false, complete: false });
    // The protocol's random labels: the first 25 of the seed's shuffle (evaluation.ts, randomOrder).
    const order = shuffled(
      library.items.map((i) => i.track.id),
      createRandom(3),
    );
    const unlabeled = order.slice(25);
    const paired = pairedTrivialScores(library, 25, 3, unlabeled);
    for (const method of ['majority', 'all-void', 'everywhere'] as const)
      expect(paired[method]).toBe(runTrivialBaseline(method, library, [25], 3)[0]?.scores.microF1);
    // Other tracks, other scores; and no all-void answer in a complete layer.
    expect(pairedTrivialScores(library, 25, 3, unlabeled.slice(0, 20)).everywhere).not.toBe(
      paired.everywhere,
    );
    const complete = layerForMode({ mutual: true, complete: true }).library;
    expect(pairedTrivialScores(complete, 25, 3, unlabeled)['all-void']).toBeUndefined();
  });
});
