import { describe, expect, it } from 'vitest';
import { calibrateThresholds, decodePlacement } from '../../../src/ml/decode.js';
import { scorePlacements } from '../../../src/ml/metrics.js';

describe('scoring', () => {
  it('counts the void as no label and reports its precision and recall', () => {
    const scores = scorePlacements(['a', 'b'], [['a'], [], ['b'], []], [['a'], ['a'], [], []]);
    // tp 1 (a), fn 1 (a sent to void), fp 1 (void placed in b)
    expect(scores.microF1).toBeCloseTo(0.5);
    expect(scores.macroF1).toBeCloseTo(2 / 3); // only a occurs in the truth
    expect(scores.voidPrecision).toBeCloseTo(0.5);
    expect(scores.voidRecall).toBeCloseTo(0.5);
  });

  it('decodes per mode', () => {
    const sublistIds = ['a', 'b'];
    expect(
      decodePlacement({ mode: { mutual: true, complete: false }, sublistIds }, [0.2, 0.1, 0.7], []),
    ).toEqual([]);
    expect(
      decodePlacement({ mode: { mutual: false, complete: true }, sublistIds }, [0.2, 0.1], [0.5, 0.5]),
    ).toEqual(['a']);
    expect(
      decodePlacement({ mode: { mutual: false, complete: false }, sublistIds }, [0.2, 0.1], [0.5, 0.5]),
    ).toEqual([]);
    expect(
      decodePlacement({ mode: { mutual: false, complete: false }, sublistIds }, [0.6, 0.9], [0.5, 0.5]),
    ).toEqual(['a', 'b']);
  });

  it('calibrates thresholds towards what separates held-out labels', () => {
    const outputs = { mode: { mutual: false, complete: false }, sublistIds: ['a'] };
    const probabilities = [0.1, 0.2, 0.25, 0.3, 0.8].map((p) => Float32Array.of(p));
    const targets = [0, 0, 1, 1, 1].map((t) => Float32Array.of(t));
    const [threshold] = calibrateThresholds(outputs, probabilities, targets);
    expect(threshold).toBeLessThan(0.5);
    expect(threshold).toBeGreaterThan(0.2);
  });
});
