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
const THRESHOLD_GRID = [0.01, 0.02, 0.03, ...Array.from({ length: 19 }, (_, i) => 0.05 + i * 0.05), 1.01];
/** How many positives a sublist needs before its own threshold outweighs the shared one. */
const THRESHOLD_SHRINKAGE = 8;

interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

const f1Of = ({ tp, fp, fn }: Counts): number => (2 * tp) / Math.max(1, 2 * tp + fp + fn);

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

const argmax = (values: ArrayLike<number>): number => {
  let best = 0;
  for (let o = 1; o < values.length; o++) if ((values[o] ?? 0) > (values[best] ?? 0)) best = o;
  return best;
};

/**
 * Per-sublist sigmoid thresholds chosen on held-out (out-of-fold) probabilities: a shared
 * threshold maximising micro-F1, then each sublist's F1-best threshold shrunk towards it by how
 * few positives back it. They are chosen for the placement `decodePlacement` makes: in a complete
 * layer a track always gets its best sublist, so the thresholds only decide the further ones.
 */
export const calibrateThresholds = (
  outputs: LayerOutputs,
  heldOutProbabilities: readonly Float32Array[],
  heldOutTargets: readonly Float32Array[],
): number[] => {
  const count = outputs.sublistIds.length;
  if (outputs.mode.mutual || heldOutProbabilities.length === 0) return new Array<number>(count).fill(0.5);
  const forced = heldOutProbabilities.map((p) => (outputs.mode.complete ? argmax(p) : -1));
  const countsOf = (o: number, threshold: number): Counts => {
    const counts = { tp: 0, fp: 0, fn: 0 };
    heldOutProbabilities.forEach((p, i) => {
      const predicted = forced[i] === o || (p[o] ?? 0) >= threshold;
      const truth = (heldOutTargets[i]?.[o] ?? 0) > 0;
      if (predicted && truth) counts.tp++;
      else if (predicted) counts.fp++;
      else if (truth) counts.fn++;
    });
    return counts;
  };
  const shared = bestThreshold((threshold) => {
    const total = { tp: 0, fp: 0, fn: 0 };
    for (let o = 0; o < count; o++) {
      const c = countsOf(o, threshold);
      total.tp += c.tp;
      total.fp += c.fp;
      total.fn += c.fn;
    }
    return f1Of(total);
  });
  return outputs.sublistIds.map((_, o) => {
    const positives = heldOutTargets.filter((t) => (t[o] ?? 0) > 0).length;
    if (positives === 0) return shared;
    const own = bestThreshold((threshold) => f1Of(countsOf(o, threshold)));
    return (positives * own + THRESHOLD_SHRINKAGE * shared) / (positives + THRESHOLD_SHRINKAGE);
  });
};

/** The threshold `expected` of these tracks reach (at least the grid's floor); none below one track. */
const countMatchedThreshold = (column: readonly number[], expected: number): number | undefined => {
  const sorted = [...column].sort((a, b) => b - a);
  const count = Math.round(expected);
  if (count < 1) return undefined;
  return Math.max(THRESHOLD_GRID[0] as number, sorted[Math.min(count, sorted.length) - 1] as number);
};

/**
 * Thresholds of an incomplete non-mutual layer checked against the unlabeled tracks: labels
 * chosen by active learning over-represent placed tracks, so thresholds calibrated on them can
 * send nearly every unlabeled track to the void. For each sublist the expected number of
 * unlabeled members is the sum of their membership probabilities (`expectedCounts`: the
 * calibrated ones, fitted on out-of-fold answers; by default the network's own outputs, which its
 * positive weights bias); a threshold that would place fewer than that is lowered to the one that
 * places that many (never raised, never below the grid's floor).
 */
export const lowerThresholdsToExpectedCounts = (
  outputs: LayerOutputs,
  unlabeledProbabilities: readonly ArrayLike<number>[],
  thresholds: readonly number[],
  expectedCounts?: readonly number[],
): number[] => {
  if (outputs.mode.mutual || outputs.mode.complete || unlabeledProbabilities.length === 0)
    return [...thresholds];
  return thresholds.map((threshold, o) => {
    const column = unlabeledProbabilities.map((p) => p[o] ?? 0);
    const expected = expectedCounts?.[o] ?? column.reduce((sum, p) => sum + p, 0);
    return Math.min(threshold, countMatchedThreshold(column, expected) ?? threshold);
  });
};

/**
 * Thresholds of a non-mutual layer with too few labels to cross-validate (under 8): instead of
 * 0.5 on outputs that the positive weights inflate, each sublist takes the share of the unlabeled
 * tracks that the labels put there, smoothed by half a pseudo-answer each way (4 labels, none in
 * a sublist: 10 %). The void of an incomplete layer then holds about the share of void answers.
 * A sublist whose share rounds to no track gets a threshold nothing reaches.
 */
export const priorThresholds = (
  outputs: LayerOutputs,
  unlabeledProbabilities: readonly ArrayLike<number>[],
  labelTargets: readonly ArrayLike<number>[],
): number[] =>
  outputs.sublistIds.map((_, o) => {
    const positives = labelTargets.filter((t) => (t[o] ?? 0) > 0).length;
    const share = (positives + 0.5) / (labelTargets.length + 1);
    const column = unlabeledProbabilities.map((p) => p[o] ?? 0);
    return countMatchedThreshold(column, share * column.length) ?? (THRESHOLD_GRID.at(-1) as number);
  });
