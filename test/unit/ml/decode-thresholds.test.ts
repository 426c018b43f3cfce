import { describe, expect, it } from 'vitest';
import {
  calibrateThresholds,
  decodePlacement,
  lowerThresholdsToExpectedCounts,
  priorThresholds,
} from '../../../src/ml/decode.js';

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
  it('lowers to the expected counts it is given (calibrated memberships), not the inflated outputs', () => {
    // The network says 0.3 for 10 tracks (3 expected), the calibration 0.1 each (1 expected).
    const unlabeled = Array.from({ length: 10 }, (_, i) => [0.3 - i * 0.001, 0.9]);
    const lowered = lowerThresholdsToExpectedCounts(incomplete, unlabeled, [0.5, 0.5], [1, 10]);
    expect(unlabeled.filter((p) => (p[0] ?? 0) >= (lowered[0] ?? 1))).toHaveLength(1);
    expect(lowered[1]).toBe(0.5);
  });
});

describe('thresholds with too few labels to cross-validate', () => {
  // 20 unlabeled tracks whose outputs rank them; the network's outputs are all above 0.5.
  const unlabeled = Array.from({ length: 20 }, (_, i) => [0.99 - i * 0.02, 0.6 + i * 0.001]);

  it('place the share of the unlabeled tracks the labels put in each sublist, not 0.5', () => {
    // 6 labels: 2 in a, none in b, 4 void: a takes (2 + 0.5) / 7 of the tracks, b (0 + 0.5) / 7.
    const targets = [
      [1, 0],
      [1, 0],
      [0, 0],
      [0, 0],
      [0, 0],
      [0, 0],
    ];
    const thresholds = priorThresholds(incomplete, unlabeled, targets);
    const placed = unlabeled.map((p) => decodePlacement(incomplete, p, thresholds));
    expect(placed.filter((p) => p.includes('a'))).toHaveLength(Math.round((2.5 / 7) * 20));
    expect(placed.filter((p) => p.includes('b'))).toHaveLength(Math.round((0.5 / 7) * 20));
    // The void holds most tracks, as most answers were void; at 0.5 every track was in both.
    expect(placed.filter((p) => p.length === 0).length).toBeGreaterThanOrEqual(11);
    expect(unlabeled.every((p) => decodePlacement(incomplete, p, [0.5, 0.5]).length === 2)).toBe(true);
  });

  it('keep a sublist no label holds nearly empty and follow the ranking, not the raw level', () => {
    const thresholds = priorThresholds(incomplete, unlabeled, [[0, 1]]);
    // (0 + 0.5) / 2 of 20 tracks in a: the 5 it ranks highest.
    const inA = unlabeled.filter((p) => (p[0] ?? 0) >= (thresholds[0] ?? 1));
    expect(inA).toEqual(unlabeled.slice(0, 5));
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
