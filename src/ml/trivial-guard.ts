import type { Placement } from '../core/layer.js';
import { type TrivialBaseline, trivialPlacement } from './baseline-trivial.js';
import { scorePlacements } from './metrics.js';
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

/** `all-void` is never better than a model by micro-F1 (it has no true positive), so it is not tried. */
const CANDIDATES: readonly TrivialBaseline[] = ['majority', 'everywhere'];

/**
 * The guard against sorting worse than a trivial answer (issue 21): with a few labels a model can
 * score below "everything into the biggest sublist" or, in a non-mutual layer, "every song
 * everywhere". Each answer is scored out of fold like the model (majority taken from the training
 * folds), and the best one replaces the model's decoding when it scores strictly better. A mutual
 * layer never gets "everywhere": a song cannot be in every sublist of a mutual layer.
 */
export const chooseTrivialDecoding = (
  outputs: LayerOutputs,
  folds: readonly GuardFold[],
  allLabels: readonly Placement[],
): TrivialDecoding | undefined => {
  const truth = folds.flatMap((f) => f.test);
  const scoreOf = (predicted: readonly Placement[]) =>
    scorePlacements(outputs.sublistIds, predicted, truth).microF1;
  const model = scoreOf(folds.flatMap((f) => f.predicted));
  let best: TrivialDecoding | undefined;
  for (const answer of CANDIDATES) {
    if (answer === 'everywhere' && outputs.mode.mutual) continue;
    const predicted = folds.flatMap((f) => {
      const placement = trivialPlacement(answer, outputs.mode, outputs.sublistIds, f.train) ?? [];
      return f.test.map(() => placement);
    });
    const score = scoreOf(predicted);
    const placement = trivialPlacement(answer, outputs.mode, outputs.sublistIds, allLabels);
    if (placement && score > model && score > (best?.outOfFold.answer ?? -1))
      best = { answer, placement, outOfFold: { model, answer: score } };
  }
  return best;
};
