import { describe, expect, it } from 'vitest';
import { calibrateThresholds, lowerThresholdsToExpectedCounts } from '../../../src/ml/decode.js';

const sublistIds = ['a', 'b'];
const incomplete = { mode: { mutual: false, complete: false }, sublistIds };

describe('thresholds of incomplete non-mutual layers', () => {
  it('can calibrate below 0.05 for a sublist whose members score low', () => {
    const probabilities = [0.03, 0.035, 0.01, 0.012, 0.011, 0.2].map((p) => Float32Array.of(p, 0.9));
    const targets = [1, 1, 0, 0, 0, 0].map((t) => Float32Array.of(t, 1));
    expect(calibrateThresholds(incomplete, probabilities, targets)[0]).toBeLessThan(0.05);
  });

  it('lowers a threshold that would place fewer unlabeled tracks than their probabilities expect', () => {
    // Sublist a: 10 tracks at 0.3 expect 3 members, none reaches 0.5; b already places enough.
    const unlabeled = Array.from({ length: 10 }, (_, i) => [0.3 - i * 0.001, i < 5 ? 0.9 : 0.05]);
    const lowered = lowerThresholdsToExpectedCounts(incomplete, unlabeled, [0.5, 0.5]);
    expect(lowered[0]).toBeCloseTo(0.298, 6);
    expect(unlabeled.filter((p) => (p[0] ?? 0) >= (lowered[0] ?? 1))).toHaveLength(3);
    expect(lowered[1]).toBe(0.5);
  });

  it('never raises a threshold and leaves other modes alone', () => {
    const unlabeled = [[0.9], [0.8], [0.1]];
    expect(lowerThresholdsToExpectedCounts({ ...incomplete, sublistIds: ['a'] }, unlabeled, [0.2])).toEqual([
      0.2,
    ]);
    const complete = { mode: { mutual: false, complete: true }, sublistIds: ['a'] };
    expect(lowerThresholdsToExpectedCounts(complete, [[0.3], [0.3], [0.3], [0.3]], [0.5])).toEqual([0.5]);
  });
});

describe('thresholds of complete non-mutual layers', () => {
  const complete = { mode: { mutual: false, complete: true }, sublistIds: ['a', 'b', 'c'] };

  it('are chosen for the placement decoding makes: the best sublist always, the thresholds only add', () => {
    // Each track belongs to one sublist, its best output. Three are won at only 0.2; the other
    // three also score 0.25 on a wrong sublist. Since the best sublist is placed anyway, any
    // threshold at or below 0.25 only adds the wrong ones: calibration must stay above it (a
    // calibration blind to the forced best sublist goes down to 0.2 to catch the weak ones).
    const probabilities = [
      [0.2, 0.1, 0.1],
      [0.1, 0.2, 0.1],
      [0.1, 0.1, 0.2],
      [0.9, 0.25, 0.1],
      [0.1, 0.9, 0.25],
      [0.25, 0.1, 0.9],
    ].map((row) => Float32Array.from(row));
    const targets = [
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ].map((row) => Float32Array.from(row));
    const thresholds = calibrateThresholds(complete, probabilities, targets);
    for (const threshold of thresholds) expect(threshold).toBeGreaterThan(0.25);
  });
});
