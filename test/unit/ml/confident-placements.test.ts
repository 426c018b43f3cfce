import { describe, expect, it } from 'vitest';
import type { LayerMode } from '../../../src/core/layer.js';
import { type ConfidencePrediction, splitByPrecision } from '../../../src/ml/confident-placements.js';

const MUTUAL_INCOMPLETE: LayerMode = { mutual: true, complete: false };
const NON_MUTUAL_INCOMPLETE: LayerMode = { mutual: false, complete: false };

const prediction = (
  trackId: string,
  placement: string[],
  confidence: number,
  extra: Partial<ConfidencePrediction> = {},
): ConfidencePrediction => ({ trackId, placement, confidence, calibrated: true, ...extra });

describe('splitting predictions at a precision target', () => {
  it('places the sure sublist choices of a mutual layer, voids the sure voids, keeps the rest waiting', () => {
    const split = splitByPrecision(
      [
        prediction('a', ['x'], 0.9),
        prediction('b', ['y'], 0.79),
        prediction('c', [], 0.95),
        prediction('d', ['x'], 0.8),
        prediction('e', [], 0.5),
      ],
      MUTUAL_INCOMPLETE,
    );
    expect(split.placed.map((p) => [p.trackId, p.placement])).toEqual([
      ['a', ['x']],
      ['d', ['x']],
    ]);
    expect(split.voided.map((p) => p.trackId)).toEqual(['c']);
    expect(split.waiting.map((p) => p.trackId)).toEqual(['b', 'e']);
    expect(split.placements).toBe(2);
    expect(split.expectedPrecision).toBeCloseTo(0.85, 10);
  });

  it('decides each membership of a non-mutual layer on its own', () => {
    const split = splitByPrecision(
      [
        prediction('a', ['x', 'y'], 0.7, { memberships: { x: 0.95, y: 0.45, z: 0.01 } }),
        prediction('b', ['y'], 0.6, { memberships: { x: 0.1, y: 0.6, z: 0.1 } }),
        prediction('c', ['x', 'z'], 0.85, { memberships: { x: 0.85, y: 0.02, z: 0.85 } }),
      ],
      NON_MUTUAL_INCOMPLETE,
      0.8,
    );
    expect(split.placed.map((p) => [p.trackId, p.placement])).toEqual([
      ['a', ['x']],
      ['c', ['x', 'z']],
    ]);
    expect(split.waiting.map((p) => p.trackId)).toEqual(['b']);
    expect(split.placements).toBe(3);
    expect(split.expectedPrecision).toBeCloseTo((0.95 + 0.85 + 0.85) / 3, 10);
  });

  it('keeps uncalibrated predictions waiting and follows a stricter target', () => {
    const predictions = [prediction('a', ['x'], 0.99, { calibrated: false }), prediction('b', ['x'], 0.9)];
    expect(splitByPrecision(predictions, MUTUAL_INCOMPLETE).waiting.map((p) => p.trackId)).toEqual(['a']);
    const strict = splitByPrecision(predictions, MUTUAL_INCOMPLETE, 0.95);
    expect(strict.placed).toEqual([]);
    expect(strict.expectedPrecision).toBeUndefined();
  });

  it('never voids a track of a complete layer', () => {
    const split = splitByPrecision([prediction('a', [], 0.99)], { mutual: true, complete: true });
    expect(split.voided).toEqual([]);
    expect(split.waiting).toHaveLength(1);
  });
});
