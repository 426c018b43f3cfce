import { type LayerOutputs, voidOutput } from './targets.js';

/**
 * Turning the network's (smoothed) probabilities into the probability that a placement is right,
 * fitted on out-of-fold predictions of the labeled tracks. Platt scaling was tried first: the
 * out-of-fold scores of a few dozen labels spread over a narrow range, its slope grew to fit them,
 * and the final model's wider scores were extrapolated to certainty (seven-playlists, 100 labels:
 * 0.999 promised, 0.27 right). A shrunk isotonic curve cannot promise more than a block earned.
 */

/**
 * A monotone map from a network probability to the share of right answers, as knots: the mean
 * score of each block of out-of-fold predictions and the share right in it. Linear between
 * knots, flat beyond the ends (no extrapolation: a score above every out-of-fold one promises no
 * more than the highest block earned).
 */
export interface CalibrationCurve {
  scores: number[];
  values: number[];
}

export interface ModelCalibration {
  /**
   * `top-label` (mutual layers): the probability that the chosen class is right, one curve when a
   * sublist is chosen and, for incomplete layers, one when the void is. `membership` (non-mutual
   * layers): one curve, shared by the sublists, for the probability of belonging in a sublist.
   */
  kind: 'top-label' | 'membership';
  curves: CalibrationCurve[];
  /** Out-of-fold predictions the curves were fitted on. */
  examples: number;
}

/**
 * Pseudo-answers at the layer's overall rate added to every block: a block of three right answers
 * promises 0.6–0.8, not 1, and a curve from a handful of labels stays near the overall rate.
 */
export const PRIOR_WEIGHT = 2;

/**
 * Below this many out-of-fold answers (held-out tracks, and observations of the curve) a curve is
 * flat at its prior rate: the model promises its average share right and ranks nothing above it.
 * 10 labels in 2 folds put 5 answers in a fold, and a top block of 6 lucky answers promised 0.86
 * where 0.30 were right on seven-playlists; a mutual incomplete layer whose labels chose no sublist
 * out of fold had an empty sublist curve and promised the network's own 0.98.
 */
export const MINIMUM_CURVE_EXAMPLES = 20;

interface Observation {
  score: number;
  truth: number;
}

/** Isotonic regression (pool adjacent violators), each block shrunk towards `prior`. */
const fitCurve = (
  observations: readonly Observation[],
  prior: number,
  priorWeight: number,
  /** Held-out tracks behind the observations (a non-mutual layer has one per sublist and track). */
  tracks: number = observations.length,
): CalibrationCurve => {
  if (tracks < MINIMUM_CURVE_EXAMPLES || observations.length < MINIMUM_CURVE_EXAMPLES)
    return { scores: [0], values: [prior] };
  const sorted = [...observations].sort((a, b) => a.score - b.score);
  const blocks: { scoreSum: number; right: number; n: number }[] = [];
  for (const { score, truth } of sorted) {
    blocks.push({ scoreSum: score, right: truth, n: 1 });
    while (blocks.length > 1) {
      const last = blocks[blocks.length - 1] as (typeof blocks)[number];
      const previous = blocks[blocks.length - 2] as (typeof blocks)[number];
      if (previous.right / previous.n < last.right / last.n) break;
      blocks.pop();
      previous.scoreSum += last.scoreSum;
      previous.right += last.right;
      previous.n += last.n;
    }
  }
  const scores: number[] = [];
  const values: number[] = [];
  let floor = 0;
  for (const { scoreSum, right, n } of blocks) {
    // Shrinking blocks of different sizes can break the order by a hair: keep it monotone.
    floor = Math.max(floor, (right + priorWeight * prior) / (n + priorWeight));
    scores.push(scoreSum / n);
    values.push(floor);
  }
  return { scores, values };
};

const readCurve = (curve: CalibrationCurve | undefined, score: number, fallback: number): number => {
  if (!curve || curve.scores.length === 0) return fallback;
  const { scores, values } = curve;
  const last = scores.length - 1;
  if (score <= (scores[0] as number)) return values[0] as number;
  if (score >= (scores[last] as number)) return values[last] as number;
  let high = 1;
  while ((scores[high] as number) < score) high++;
  const [x0, x1] = [scores[high - 1] as number, scores[high] as number];
  const [y0, y1] = [values[high - 1] as number, values[high] as number];
  return x1 > x0 ? y0 + ((y1 - y0) * (score - x0)) / (x1 - x0) : y1;
};

const argmax = (values: ArrayLike<number>): number => {
  let best = 0;
  for (let o = 1; o < values.length; o++) if ((values[o] ?? 0) > (values[best] ?? 0)) best = o;
  return best;
};

const shareOf = (values: ArrayLike<number>, o: number): number => {
  let total = 0;
  for (let i = 0; i < values.length; i++) total += values[i] ?? 0;
  return total > 0 ? (values[o] ?? 0) / total : 0;
};

const rate = (observations: readonly Observation[]): number =>
  observations.reduce((sum, o) => sum + o.truth, 0) / Math.max(1, observations.length);

/** Fits the calibration of a layer's model on out-of-fold probabilities and the labels' targets. */
export const fitCalibration = (
  outputs: LayerOutputs,
  heldOutProbabilities: readonly ArrayLike<number>[],
  heldOutTargets: readonly ArrayLike<number>[],
  priorWeight: number = PRIOR_WEIGHT,
): ModelCalibration => {
  const examples = heldOutProbabilities.length;
  if (outputs.mode.mutual) {
    const voidIndex = voidOutput(outputs);
    const chosenSublist: Observation[] = [];
    const chosenVoid: Observation[] = [];
    heldOutProbabilities.forEach((p, i) => {
      const chosen = argmax(p);
      const observation = {
        score: shareOf(p, chosen),
        truth: (heldOutTargets[i]?.[chosen] ?? 0) > 0 ? 1 : 0,
      };
      (chosen === voidIndex ? chosenVoid : chosenSublist).push(observation);
    });
    // Each curve is shrunk towards its own rate, itself shrunk towards a blind guess among the
    // classes: shrinking sublist choices towards a rate that the void's easy answers raise promised
    // 0.98 for placements none of which were right (a held-back cell, 25 labels).
    const chance = 1 / (outputs.sublistIds.length + (voidIndex === undefined ? 0 : 1));
    const priorOf = (observations: readonly Observation[]) =>
      (observations.reduce((sum, o) => sum + o.truth, 0) + priorWeight * chance) /
      (observations.length + priorWeight);
    const fit = (observations: Observation[]) =>
      fitCurve(observations, priorOf(observations), priorWeight, examples);
    const curves = [fit(chosenSublist)];
    if (voidIndex !== undefined) curves.push(fit(chosenVoid));
    return { kind: 'top-label', curves, examples };
  }
  const observations = heldOutProbabilities.flatMap((p, i) =>
    outputs.sublistIds.map((_, o) => ({
      score: p[o] ?? 0,
      truth: (heldOutTargets[i]?.[o] ?? 0) > 0 ? 1 : 0,
    })),
  );
  return {
    kind: 'membership',
    curves: [fitCurve(observations, rate(observations), priorWeight, examples)],
    examples,
  };
};

export interface CalibratedOutputs {
  /** Probability that the track belongs in each sublist, in layer order. */
  memberships: number[];
  /** Probability that it belongs in none (the void). */
  voidProbability: number;
}

/**
 * Calibrated membership probabilities from the network's probabilities. Without a calibration
 * (older stored models, or too few labels to cross-validate) the network's own probabilities are
 * taken as they are: see `LayerPrediction.calibrated`.
 */
export const calibrateOutputs = (
  outputs: LayerOutputs,
  probabilities: ArrayLike<number>,
  calibration: ModelCalibration | undefined,
): CalibratedOutputs => {
  const count = outputs.sublistIds.length;
  if (outputs.mode.mutual) {
    const voidIndex = voidOutput(outputs);
    const shares = Array.from({ length: count + (voidIndex === undefined ? 0 : 1) }, (_, o) =>
      shareOf(probabilities, o),
    );
    const chosen = argmax(shares);
    const raw = shares[chosen] ?? 0;
    const top =
      calibration?.kind === 'top-label'
        ? readCurve(calibration.curves[chosen === voidIndex ? 1 : 0], raw, raw)
        : raw;
    // The other classes share what the chosen one leaves, in the network's proportions.
    const rest = 1 - raw;
    const spread = shares.map((p, o) =>
      o === chosen ? top : rest > 0 ? ((1 - top) * p) / rest : (1 - top) / Math.max(1, shares.length - 1),
    );
    return {
      memberships: spread.slice(0, count),
      voidProbability: voidIndex === undefined ? 0 : (spread[voidIndex] ?? 0),
    };
  }
  const curve = calibration?.kind === 'membership' ? calibration.curves[0] : undefined;
  const memberships = Array.from({ length: count }, (_, o) => {
    const p = probabilities[o] ?? 0;
    return curve ? readCurve(curve, p, p) : p;
  });
  // Sublist memberships taken as independent; a complete layer has no void.
  const voidProbability = outputs.mode.complete
    ? 0
    : memberships.reduce((product, q) => product * (1 - q), 1);
  return { memberships, voidProbability };
};

/** Probability that a placement is right: the mean of its sublists' memberships, or the void's. */
export const placementProbability = (
  calibrated: CalibratedOutputs,
  sublistIds: readonly string[],
  placement: readonly string[],
): number => {
  if (placement.length === 0) return calibrated.voidProbability;
  let sum = 0;
  for (const id of placement) sum += calibrated.memberships[sublistIds.indexOf(id)] ?? 0;
  return sum / placement.length;
};
