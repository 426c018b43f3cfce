import type { Placement } from '../core/layer.js';
import { TRIVIAL_BASELINES, type TrivialBaseline, trivialPlacement } from './baseline-trivial.js';
import { scorePlacements } from './metrics.js';
import { createRandom } from './random.js';
import type { LayerOutputs } from './targets.js';

/** A trivial answer the model decodes to instead of its own, because it scored better out of fold. */
export interface TrivialDecoding {
  answer: TrivialBaseline;
  /** Every track's placement under that answer. */
  placement: Placement;
  /** Out-of-fold micro-F1 of the model's own decoding and of the answer, when it was chosen. */
  outOfFold: { model: number; answer: number };
}

export interface GuardFold {
  /** The answers the fold's model was trained on, and the held-out ones with its decoded placements. */
  train: readonly Placement[];
  test: readonly Placement[];
  predicted: readonly Placement[];
}

/** The trivial answers the mode allows: no void in a complete layer, no song everywhere in a mutual one. */
export const validTrivialAnswers = (outputs: LayerOutputs): TrivialBaseline[] =>
  TRIVIAL_BASELINES.filter(
    (answer) =>
      !(answer === 'all-void' && outputs.mode.complete) && !(answer === 'everywhere' && outputs.mode.mutual),
  );

/**
 * The answers the guard may decode to: in a non-mutual layer not `majority`. On the 8 tuning
 * cells it replaced the model there 8 times in 128 sessions (10–100 labels) and lowered micro-F1
 * every time (−0.012 to −0.146 on the other songs): the model's out-of-fold thresholds are fitted
 * on a third of a few answers, so its out-of-fold score is low while its final thresholds place
 * well, and one sublist for every song is rarely the better answer in a layer whose songs may be
 * in several.
 */
export const guardAnswers = (outputs: LayerOutputs): TrivialBaseline[] =>
  validTrivialAnswers(outputs).filter((answer) => outputs.mode.mutual || answer !== 'majority');

/** Below this many held-out labels drawn at random the guard scores on every held-out label. */
export const MINIMUM_RANDOM_GUARD_LABELS = 8;

/**
 * Share of paired bootstrap resamples of the random-drawn held-out labels in which a trivial
 * answer must beat the model: at most 30 of them (100 labels) are noisy, and the fold models
 * they score are weaker than the final one. On 8 tuning cells (2 seeds, 25–100 labels) deciding
 * on them by the point estimate alone cost 0.05–0.09 micro-F1 in 4 of 24 rows.
 */
export const RANDOM_GUARD_CONFIDENCE = 0.84;

/**
 * The held-out labels the guard scores on: those drawn at random when there are at least
 * MINIMUM_RANDOM_GUARD_LABELS of them, else all. The active learner asks mostly about songs the
 * model doubts, so on all labels the model and the trivial answers are scored on the hard songs,
 * not on the ones a sort places (seven-playlists/non-mutual-complete/0 at 10 labels: the model
 * 0.67 out of fold and 0.36 on the other songs); the random part of each round is a sample of them.
 * With them, a trivial answer replaces the model only when it wins on both (cross-validation.ts).
 */
export const guardSample = <T>(
  heldOut: readonly T[],
  trackIdOf: (held: T) => string,
  randomlyDrawn: ReadonlySet<string> | undefined,
): readonly T[] => {
  if (!randomlyDrawn) return heldOut;
  const drawn = heldOut.filter((held) => randomlyDrawn.has(trackIdOf(held)));
  return drawn.length >= MINIMUM_RANDOM_GUARD_LABELS ? drawn : heldOut;
};

const TIE = 1e-9;
const BOOTSTRAP_RESAMPLES = 200;

/** Right placements, wrong ones and missed memberships of one track. */
const countsOf = (predicted: Placement, truth: Placement): [number, number, number] => {
  let tp = 0;
  for (const id of predicted) if (truth.includes(id)) tp++;
  return [tp, predicted.length - tp, truth.length - tp];
};

/**
 * Share of paired bootstrap resamples of the tracks in which `answer` has the higher micro-F1
 * than `model` (seeded: the same tracks give the same share).
 */
export const winShare = (
  truth: readonly Placement[],
  answer: readonly Placement[],
  model: readonly Placement[],
): number => {
  const a = truth.map((t, i) => countsOf(answer[i] ?? [], t));
  const m = truth.map((t, i) => countsOf(model[i] ?? [], t));
  const microF1 = ([tp, fp, fn]: number[]) =>
    (2 * (tp ?? 0)) / Math.max(1, 2 * (tp ?? 0) + (fp ?? 0) + (fn ?? 0));
  const random = createRandom(truth.length);
  let wins = 0;
  for (let r = 0; r < BOOTSTRAP_RESAMPLES; r++) {
    const sa = [0, 0, 0];
    const sm = [0, 0, 0];
    for (let k = 0; k < truth.length; k++) {
      const i = Math.floor(random() * truth.length);
      for (let c = 0; c < 3; c++) {
        sa[c] = (sa[c] ?? 0) + (a[i]?.[c] ?? 0);
        sm[c] = (sm[c] ?? 0) + (m[i]?.[c] ?? 0);
      }
    }
    if (microF1(sa) > microF1(sm) + TIE) wins++;
  }
  return wins / BOOTSTRAP_RESAMPLES;
};

interface OutOfFold {
  microF1: number;
  /** Placements into a sublist the track is not in. */
  wrong: number;
}

/** Micro-F1 first; on a tie, fewer wrong placements: a song left in the void costs nothing to undo. */
const better = (a: OutOfFold, b: OutOfFold): boolean =>
  a.microF1 > b.microF1 + TIE || (Math.abs(a.microF1 - b.microF1) <= TIE && a.wrong < b.wrong);

/**
 * The guard against sorting worse than a trivial answer (issue 21): with a few labels a model can
 * score below "everything into the biggest sublist", "every song everywhere" (non-mutual layers)
 * or "nothing placed" (incomplete layers). Each answer valid for the mode is scored out of fold
 * like the model (majority taken from the training folds), and the best one replaces the model's
 * decoding when it scores better. Actively chosen labels are no sample of the library (on a
 * seven-playlists tuning cell the model scored 0.67 out of fold at 10 labels and 0.36 on the other
 * songs, "majority" 0.70 and 0.37), so the guard misses some losses; asking the model to lead by
 * a standard error (paired bootstrap over the held-out tracks) lost more on the tuning cells than
 * it saved, and taking "majority" from every other label (leave-one-out) failed a near tie: each
 * held-out member of the biggest sublist made another one the biggest. By micro-F1 the void never
 * wins outright (it has no true positive), so ties are broken by wrong placements: a model none of
 * whose out-of-fold placements is right loses to the void in an incomplete layer.
 */
export const chooseTrivialDecoding = (
  outputs: LayerOutputs,
  folds: readonly GuardFold[],
  /** Every label (the final answer's "majority" is taken from all of them). */
  allLabels: readonly Placement[],
  /**
   * Share of paired bootstrap resamples of the held-out tracks in which an answer must score
   * better than the model to replace it; 0 = on the held-out tracks as they are.
   */
  confidence = 0,
): TrivialDecoding | undefined => {
  const truth = folds.flatMap((f) => f.test);
  const modelPredicted = folds.flatMap((f) => f.predicted);
  const scoreOf = (predicted: readonly Placement[]): OutOfFold => {
    const scores = scorePlacements(outputs.sublistIds, predicted, truth);
    let wrong = 0;
    predicted.forEach((placement, i) => {
      for (const id of placement) if (!(truth[i] ?? []).includes(id)) wrong++;
    });
    return { microF1: scores.microF1, wrong };
  };
  const model = scoreOf(modelPredicted);
  let best: { decoding: TrivialDecoding; score: OutOfFold } | undefined;
  for (const answer of guardAnswers(outputs)) {
    const placement = trivialPlacement(answer, outputs.mode, outputs.sublistIds, allLabels);
    if (!placement) continue;
    const predicted = folds.flatMap((f) => {
      const foldPlacement = trivialPlacement(answer, outputs.mode, outputs.sublistIds, f.train) ?? [];
      return f.test.map(() => foldPlacement);
    });
    const score = scoreOf(predicted);
    if (
      better(score, model) &&
      (confidence <= 0 || winShare(truth, predicted, modelPredicted) >= confidence) &&
      (!best || better(score, best.score))
    )
      best = {
        decoding: { answer, placement, outOfFold: { model: model.microF1, answer: score.microF1 } },
        score,
      };
  }
  return best?.decoding;
};
