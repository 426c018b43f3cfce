import type { Placement } from '../core/layer.js';
import { blendWithRegression } from './blend-choice.js';
import { type ModelCalibration, fitCalibration } from './calibration.js';
import { calibrateThresholds, decodePlacement } from './decode.js';
import type { ModelMetrics } from './layer-model.js';
import { confusionCounts, scorePlacements } from './metrics.js';
import { fitFolds } from './network-fit.js';
import type { NetworkWeights } from './network.js';
import { SMOOTHING_GRID, smoothOverGraph } from './propagation.js';
import { type Example, type Prepared, type TrainLayerInput, prepare } from './training-examples.js';
import {
  RANDOM_GUARD_CONFIDENCE,
  type TrivialDecoding,
  chooseTrivialDecoding,
  guardSample,
} from './trivial-guard.js';

export interface CrossValidation {
  thresholds: number[];
  /** Chosen strength of the graph smoothing; 0 without propagation. */
  smoothing: number;
  /** The chosen blend with the logistic regression; absent when the network alone did best. */
  blend?: { network: number; l2: number };
  /** The fold models' networks (each trained on the other folds). */
  foldNetworks?: NetworkWeights[];
  /** Fitted on the out-of-fold probabilities at the chosen smoothing. */
  calibration?: ModelCalibration;
  trivial?: TrivialDecoding;
  /** The out-of-fold probabilities at the chosen smoothing and the labels' targets. */
  outOfFold?: { probabilities: Float32Array[]; targets: Float32Array[] };
  quality?: NonNullable<ModelMetrics['crossValidated']>;
}

export const crossValidatePrepared = async (
  input: TrainLayerInput,
  prepared: Prepared,
): Promise<CrossValidation> => {
  const { options, outputs, examples } = prepared;
  const { dataset } = input;
  const folds = Math.min(options.folds, Math.floor(examples.length / 4));
  if (folds < 2) return { thresholds: new Array<number>(outputs.sublistIds.length).fill(0.5), smoothing: 0 };
  const foldRuns = await fitFolds(input, prepared, folds);
  const truthOf = (example: Example): Placement =>
    input.labels.get(dataset.items[example.row]?.track.id ?? '') ?? [];
  const { blend, priors } = options.blend
    ? blendWithRegression(dataset, prepared, foldRuns)
    : { blend: undefined, priors: foldRuns.map((run) => run.probabilities) };
  const evaluate = (smoothing: number) => {
    const heldOut: { run: (typeof foldRuns)[number]; example: Example; probabilities: Float32Array }[] = [];
    foldRuns.forEach((run, f) => {
      const prior = priors[f] as Float32Array[];
      const probabilities = options.propagate
        ? smoothOverGraph(
            dataset.entities,
            prior,
            smoothing,
            new Map(run.train.map((e) => [e.row, e.label.target])),
          )
        : prior;
      const position = new Map(run.rows.map((row, i) => [row, i]));
      for (const example of run.test)
        heldOut.push({
          run,
          example,
          probabilities: probabilities[position.get(example.row) ?? -1] as Float32Array,
        });
    });
    const thresholds = calibrateThresholds(
      outputs,
      heldOut.map((h) => h.probabilities),
      heldOut.map((h) => h.example.label.target),
    );
    const decoded = heldOut.map((h) => decodePlacement(outputs, h.probabilities, thresholds));
    const truth = heldOut.map((h) => truthOf(h.example));
    const scores = scorePlacements(outputs.sublistIds, decoded, truth);
    return { thresholds, scores, heldOut, decoded, truth };
  };
  const guardOf = (heldOut: ReturnType<typeof evaluate>['heldOut']) => {
    const scored = guardSample(
      heldOut,
      (h) => dataset.items[h.example.row]?.track.id ?? '',
      input.randomlyDrawn,
    );
    const crossFitted = new Map(
      foldRuns.map((run) => {
        const others = heldOut.filter((h) => h.run !== run);
        return [
          run,
          calibrateThresholds(
            outputs,
            others.map((h) => h.probabilities),
            others.map((h) => h.example.label.target),
          ),
        ];
      }),
    );
    const decide = (sample: readonly (typeof heldOut)[number][], confidence: number) =>
      chooseTrivialDecoding(
        outputs,
        foldRuns.map((run) => {
          const mine = sample.filter((h) => h.run === run);
          return {
            train: run.train.map(truthOf),
            test: mine.map((h) => truthOf(h.example)),
            // Thresholds chosen on the other folds' held-out tracks: the model's score is then as
            // honest as the trivial answers', not raised by choosing thresholds on the same tracks.
            predicted: mine.map((h) => decodePlacement(outputs, h.probabilities, crossFitted.get(run) ?? [])),
          };
        }),
        examples.map(truthOf),
        confidence,
      );
    // A trivial answer replaces the model only when it scores better on every held-out label and,
    // once enough were drawn at random, surely better on those too (trivial-guard.ts).
    const trivial =
      scored === heldOut ? decide(heldOut, 0) : decide(scored, RANDOM_GUARD_CONFIDENCE) && decide(heldOut, 0);
    return trivial ? { trivial } : {};
  };
  const [first = 0, ...others] = options.propagate ? SMOOTHING_GRID : [0];
  let smoothing = first;
  let best = evaluate(first);
  for (const strength of others) {
    const candidate = evaluate(strength);
    if (candidate.scores.microF1 > best.scores.microF1 + 1e-9) {
      best = candidate;
      smoothing = strength;
    }
  }
  return {
    thresholds: best.thresholds,
    smoothing,
    ...(blend ? { blend } : {}),
    foldNetworks: foldRuns.map((run) => run.network),
    ...guardOf(best.heldOut),
    outOfFold: {
      probabilities: best.heldOut.map((h) => h.probabilities),
      targets: best.heldOut.map((h) => h.example.label.target),
    },
    calibration: fitCalibration(
      outputs,
      best.heldOut.map((h) => h.probabilities),
      best.heldOut.map((h) => h.example.label.target),
    ),
    quality: {
      microF1: best.scores.microF1,
      macroF1: best.scores.macroF1,
      perSublist: best.scores.perSublist,
      ...(best.scores.void && !input.mode.complete ? { void: best.scores.void } : {}),
      ...(input.mode.mutual
        ? { confusion: confusionCounts(outputs.sublistIds, best.decoded, best.truth) }
        : {}),
    },
  };
};

/** Out-of-fold quality and calibrated thresholds for these labels and options, without a final model. */
export const crossValidateLayer = (input: TrainLayerInput): Promise<CrossValidation> =>
  crossValidatePrepared(input, prepare(input));
