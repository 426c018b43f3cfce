import { describe, expect, it } from 'vitest';
import type { Placement } from '../../src/core/layer.js';
import { predictLayer, trainLayerModel } from '../../src/ml/layer-model.js';
import { MAX_PRIOR_SHIFT, softmaxPriorShift } from '../../src/ml/prior-shift.js';
import { layerForMode } from './fixture.js';
import { useTestBackend } from './setup-backend.js';

useTestBackend();

/** Row-major probabilities: `count` copies of each given row. */
const rows = (...groups: [number, number[]][]): Float32Array =>
  Float32Array.from(groups.flatMap(([count, row]) => Array.from({ length: count }, () => row).flat()));

describe('prior shift of a softmax layer', () => {
  const leansFirst = [0.7, 0.25, 0.05];
  const leansSecond = [0.25, 0.7, 0.05];
  const labeled = rows([50, leansFirst], [50, leansSecond]);

  it('raises a class the unlabeled tracks hold more of than the labels, and lowers the other', () => {
    const shift = softmaxPriorShift(labeled, rows([160, leansFirst], [40, leansSecond]), 3, [
      true,
      true,
      false,
    ]);
    expect(shift[0]).toBeGreaterThan(0.1);
    expect(shift[1]).toBeLessThan(-0.1);
    // No label holds the third class: nothing to re-estimate it from.
    expect(shift[2]).toBe(0);
  });

  it('leaves the priors alone when the unlabeled tracks look like the labeled ones', () => {
    const shift = softmaxPriorShift(labeled, rows([100, leansFirst], [100, leansSecond]), 3, [
      true,
      true,
      true,
    ]);
    for (const delta of shift) expect(Math.abs(delta)).toBeLessThan(1e-3);
  });

  it('never moves a log-prior further than the cap, nor without unlabeled tracks', () => {
    const shift = softmaxPriorShift(labeled, rows([200, [0.99, 0.005, 0.005]]), 3, [true, true, true]);
    for (const delta of shift) expect(Math.abs(delta)).toBeLessThanOrEqual(MAX_PRIOR_SHIFT + 1e-9);
    expect(shift[1]).toBe(-MAX_PRIOR_SHIFT);
    expect(softmaxPriorShift(labeled, new Float32Array(0), 3, [true, true, true])).toEqual([0, 0, 0]);
  });

  it('brings a mutual layer trained on skewed labels closer to the true shares of its sublists', async () => {
    const mode = { mutual: true, complete: true };
    const { library, dataset } = layerForMode(mode);
    // Labels as a biased session would give them: the first sublist asked about six times as often.
    const [first] = library.sublistIds;
    const perSublist = new Map<string, number>();
    const labels = new Map<string, Placement>();
    for (const [id, placement] of library.truth) {
      const sublist = placement[0] ?? '';
      const wanted = sublist === first ? 24 : 4;
      if ((perSublist.get(sublist) ?? 0) >= wanted) continue;
      perSublist.set(sublist, (perSublist.get(sublist) ?? 0) + 1);
      labels.set(id, placement);
    }
    const unlabeled = [...library.truth.keys()].filter((id) => !labels.has(id));
    const trueShare =
      unlabeled.filter((id) => library.truth.get(id)?.[0] === first).length / unlabeled.length;
    const predictedShare = async (shiftPriors: boolean) => {
      const model = await trainLayerModel({
        dataset,
        mode,
        sublistIds: library.sublistIds,
        labels,
        seed: 2,
        options: { shiftPriors },
      });
      const predictions = predictLayer(model, dataset).filter((p) => !labels.has(p.trackId));
      return predictions.filter((p) => p.placement[0] === first).length / predictions.length;
    };
    const [shifted, unshifted] = [await predictedShare(true), await predictedShare(false)];
    expect(unshifted).toBeGreaterThan(trueShare);
    expect(Math.abs(shifted - trueShare)).toBeLessThan(Math.abs(unshifted - trueShare));
  });
});
