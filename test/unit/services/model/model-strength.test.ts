import { describe, expect, it } from 'vitest';
import type { Placement } from '../../../../src/core/layer.js';
import { weakModelWarning } from '../../../../src/services/model/model-strength.js';

const sublists = [
  { id: 'a', name: 'calm' },
  { id: 'b', name: 'loud' },
];
const answers = (...placements: Placement[]) => new Map(placements.map((p, i) => [`t${i}`, p]));
const repeat = (n: number, placement: Placement): Placement[] => Array.from({ length: n }, () => placement);

describe('weakModelWarning', () => {
  it('is silent above the quality floor when the model beats every trivial answer', () => {
    const input = { mode: { mutual: true, complete: true }, sublists, quality: 0.5, trivial: false };
    expect(weakModelWarning({ ...input, labels: answers(['a'], ['b']) })).toBeUndefined();
  });

  it('below the floor: counts what the thin sublists and the void of an incomplete layer lack', () => {
    const warning = weakModelWarning({
      mode: { mutual: false, complete: false },
      sublists,
      labels: answers(['a', 'b'], ['a'], [], ...repeat(12, ['b'])),
      quality: 0.49,
      trivial: false,
    });
    // calm 2, loud 13, void 1: (10 − 1) + (10 − 2).
    expect(warning).toEqual({
      quality: 0.49,
      trivial: false,
      moreLabels: 17,
      thin: [
        { name: 'void', labels: 1 },
        { name: 'calm', labels: 2 },
      ],
    });
  });

  it('a model no better than a trivial answer is weak whatever its score; with every sublist full, as many answers again', () => {
    const warning = weakModelWarning({
      mode: { mutual: true, complete: true },
      sublists,
      labels: answers(...repeat(10, ['a']), ...repeat(14, ['b'])),
      quality: 0.8,
      trivial: true,
    });
    expect(warning).toMatchObject({ trivial: true, moreLabels: 24, thin: [] });
    const unmeasured = weakModelWarning({
      mode: { mutual: true, complete: true },
      sublists,
      labels: answers(['a']),
      quality: undefined,
      trivial: false,
    });
    expect(unmeasured?.moreLabels).toBe(19);
  });
});
