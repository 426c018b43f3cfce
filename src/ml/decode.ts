import type { Placement } from '../core/layer.js';
import { type LayerOutputs, outputCount, voidOutput } from './targets.js';

/**
 * Turns output probabilities into a placement allowed by the layer's mode:
 * mutual = argmax (the void class wins -> void); non-mutual = every sublist whose probability
 * reaches its threshold, the best one when a complete layer would otherwise be void.
 */
export const decodePlacement = (
  outputs: LayerOutputs,
  probabilities: ArrayLike<number>,
  thresholds: readonly number[],
): Placement => {
  const count = outputCount(outputs);
  let best = 0;
  for (let o = 1; o < count; o++) if ((probabilities[o] ?? 0) > (probabilities[best] ?? 0)) best = o;
  if (outputs.mode.mutual) {
    return best === voidOutput(outputs) ? [] : [outputs.sublistIds[best] as string];
  }
  const passing = outputs.sublistIds.filter((_, o) => (probabilities[o] ?? 0) >= (thresholds[o] ?? 0.5));
  if (passing.length === 0 && outputs.mode.complete) return [outputs.sublistIds[best] as string];
  return passing;
};

/** Low thresholds too: a sublist holding a few percent of an incomplete layer rarely reaches 0.05. */
const THRESHOLD_GRID = [0.01, 0.02, 0.03, ...Array.from({ length: 19 }, (_, i) => 0.05 + i * 0.05)];
/** How many positives a sublist needs before its own threshold outweighs the shared one. */
const THRESHOLD_SHRINKAGE = 8;

const f1Counts = (probabilities: readonly number[], truth: readonly boolean[], threshold: number) => {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  probabilities.forEach((p, i) => {
    const predicted = p >= threshold;
    if (predicted && truth[i]) tp++;
    else if (predicted) fp++;
    else if (truth[i]) fn++;
  });
  return { tp, fp, fn };
};

const bestThreshold = (score: (threshold: number) => number): number => {
  let best = 0.5;
  let bestScore = -1;
  for (const threshold of THRESHOLD_GRID) {
    const value = score(threshold);
    // Prefer thresholds near 0.5 on ties.
    if (
      value > bestScore + 1e-9 ||
      (Math.abs(value - bestScore) <= 1e-9 && Math.abs(threshold - 0.5) < Math.abs(best - 0.5))
    ) {
      best = threshold;
      bestScore = value;
    }
  }
  return best;
};

/**
 * Per-sublist sigmoid thresholds chosen on held-out (out-of-fold) probabilities: a shared
 * threshold maximising micro-F1, then each sublist's F1-best threshold shrunk towards it by how
 * few positives back it.
 */
export const calibrateThresholds = (
  outputs: LayerOutputs,
  heldOutProbabilities: readonly Float32Array[],
  heldOutTargets: readonly Float32Array[],
): number[] => {
  const count = outputs.sublistIds.length;
  if (outputs.mode.mutual || heldOutProbabilities.length === 0) return new Array<number>(count).fill(0.5);
  const column = (rows: readonly Float32Array[], o: number) => rows.map((row) => row[o] ?? 0);
  const shared = bestThreshold((threshold) => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (let o = 0; o < count; o++) {
      const c = f1Counts(column(heldOutProbabilities, o), column(heldOutTargets, o).map(Boolean), threshold);
      tp += c.tp;
      fp += c.fp;
      fn += c.fn;
    }
    return (2 * tp) / Math.max(1, 2 * tp + fp + fn);
  });
  return outputs.sublistIds.map((_, o) => {
    const truth = column(heldOutTargets, o).map(Boolean);
    const positives = truth.filter(Boolean).length;
    if (positives === 0) return shared;
    const own = bestThreshold((threshold) => {
      const c = f1Counts(column(heldOutProbabilities, o), truth, threshold);
      return (2 * c.tp) / Math.max(1, 2 * c.tp + c.fp + c.fn);
    });
    return (positives * own + THRESHOLD_SHRINKAGE * shared) / (positives + THRESHOLD_SHRINKAGE);
  });
};

/**
 * Thresholds of an incomplete non-mutual layer checked against the unlabeled tracks: labels
 * chosen by active learning over-represent placed tracks, so thresholds calibrated on them can
 * send nearly every unlabeled track to the void. For each sublist the expected number of
 * unlabeled members is the sum of their probabilities; a threshold that would place fewer than
 * that is lowered to the one that places that many (never raised, never below the grid's floor).
 */
export const lowerThresholdsToExpectedCounts = (
  outputs: LayerOutputs,
  unlabeledProbabilities: readonly ArrayLike<number>[],
  thresholds: readonly number[],
): number[] => {
  if (outputs.mode.mutual || outputs.mode.complete || unlabeledProbabilities.length === 0)
    return [...thresholds];
  return thresholds.map((threshold, o) => {
    const column = unlabeledProbabilities.map((p) => p[o] ?? 0).sort((a, b) => b - a);
    const expected = Math.round(column.reduce((sum, p) => sum + p, 0));
    if (expected < 1) return threshold;
    const matching = Math.max(THRESHOLD_GRID[0] as number, column[expected - 1] as number);
    return Math.min(threshold, matching);
  });
};
