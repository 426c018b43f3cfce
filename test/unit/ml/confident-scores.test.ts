import { describe, expect, it } from 'vitest';
import type { Placement } from '../../../src/core/layer.js';
import { calibrationError, scoreConfident } from '../../../src/ml/confident-scores.js';
import type { LayerPrediction } from '../../../src/ml/predict-layer.js';
import type { ScenarioLibrary } from '../../../src/ml/snapshot-library.js';

const library = (truth: Record<string, Placement>): ScenarioLibrary => ({
  name: 'test',
  mode: { mutual: false, complete: true },
  sublistIds: ['a', 'b'],
  items: [],
  truth: new Map(Object.entries(truth)),
  excludedPlaylists: [],
});

const prediction = (trackId: string, placement: Placement, memberships: number[]): LayerPrediction => ({
  trackId,
  placement,
  probabilities: memberships,
  confidence: memberships[0] ?? 0,
  calibrated: true,
  memberships,
  margin: 0,
});

describe('the calibration of every placement in the evaluation', () => {
  it('bins each placement of the full sort by its membership probability', () => {
    const scores = scoreConfident(library({ t1: ['a'], t2: ['b'], t3: ['a', 'b'] }), [
      prediction('t1', ['a'], [0.95, 0.1]),
      prediction('t2', ['a'], [0.55, 0.3]),
      prediction('t3', ['a', 'b'], [0.52, 0.58]),
    ]);
    expect(scores.bins).toHaveLength(10);
    expect(scores.bins[9]).toEqual({ placements: 1, right: 1, probabilitySum: 0.95 });
    expect(scores.bins[5]).toMatchObject({ placements: 3, right: 2 });
    expect(scores.bins[5]!.probabilitySum).toBeCloseTo(1.65);
    // Only the 0.95 placement reaches the default precision target.
    expect(scores.placements).toBe(1);
  });

  it('is the placement-weighted gap between promised and right, none without placements', () => {
    const bins = [
      { placements: 4, right: 2, probabilitySum: 3.2 },
      { placements: 6, right: 6, probabilitySum: 5.4 },
    ];
    expect(calibrationError(bins)).toBeCloseTo((1.2 + 0.6) / 10);
    expect(calibrationError([{ placements: 0, right: 0, probabilitySum: 0 }])).toBeUndefined();
  });
});
