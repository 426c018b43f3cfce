import type { LayerMode } from '../core/layer.js';
import type { ModelCalibration } from './calibration.js';
import type { FeatureBlockName, FeatureSpec } from './features.js';
import type { SublistScore } from './metrics.js';
import type { LabelNeighbourhood } from './neighbourhood.js';
import type { NetworkWeights } from './network.js';
import type { TrivialDecoding } from './trivial-guard.js';

/**
 * A layer's model as it is stored and its options. Trained by train-layer.ts: training-examples.ts
 * turns the labels into examples, cross-validation.ts fits a network per fold (network-fit.ts,
 * on network-inputs.ts), chooses the blend with the logistic regression (blend-choice.ts,
 * regression-blend.ts), the smoothing, thresholds and calibration; predict-layer.ts applies it.
 */
export const MODEL_VERSION = 'motherlist-layer-model/1';

export interface ModelOptions {
  /** Hidden layer sizes; [] is a (multinomial or one-vs-rest) logistic regression. */
  hidden: number[];
  epochs: number;
  learningRate: number;
  l2: number;
  /** Add label-propagation context features (placements of labeled tracks sharing entities). */
  useContext: boolean;
  /** Add the track's degree in the library graph (library-degree.ts): needs no labels. */
  useDegree: boolean;
  /** Track feature blocks fed to the network; undefined = all of the spec. */
  blocks?: readonly FeatureBlockName[];
  /** Cross-validate to calibrate thresholds and measure quality; off for quick active-learning rounds. */
  calibrate: boolean;
  folds: number;
  /**
   * Smooth predictions over the library graph (multi-hop propagation through the unlabeled
   * motherlist), its strength chosen by cross-validation; needs `calibrate`.
   */
  propagate: boolean;
  /** Average the cross-validation fold models into the final one (needs `calibrate`). */
  ensemble: boolean;
  /**
   * Blend a sparse one-vs-rest logistic regression on the track features into the network's
   * output before smoothing, its weight chosen by cross-validation (needs `calibrate`).
   */
  blend: boolean;
  /** Network weights the cross-validation chooses from (1 = the network alone). */
  blendGrid: readonly number[];
  /** L2 penalties of the logistic regression, chosen by out-of-fold log loss. */
  logisticL2Grid: readonly number[];
}

export const DEFAULT_MODEL_OPTIONS: ModelOptions = {
  hidden: [32],
  // Full-batch Adam: 60 steps at 0.02 fit 25–2,000 labels as well as 100 at 0.01, in less time.
  epochs: 60,
  learningRate: 0.02,
  // Hashed artist/album/token inputs are wide for a few hundred labels: a firmer penalty. 3e-3
  // with the blend below: +0.005 mean micro-F1 at 100 labels over 1e-3 on the tuning cells.
  l2: 3e-3,
  useContext: true,
  useDegree: true,
  calibrate: true,
  folds: 3,
  propagate: true,
  ensemble: true,
  blend: true,
  blendGrid: [1, 0.75, 0.5, 0.25, 0],
  logisticL2Grid: [0.01, 0.03, 0.1],
};

/** Everything besides the weights needed to turn tracks into inputs and outputs into placements. */
export interface ModelFeatureSpec {
  tracks: FeatureSpec;
  blocks: FeatureBlockName[] | null;
  mode: LayerMode;
  sublistIds: string[];
  network: { layerSizes: number[]; output: NetworkWeights['output'] };
  neighbourhood: LabelNeighbourhood | null;
  /** Whether the inputs end with the degree features (library-degree.ts); absent in older models. */
  degree?: boolean;
  /** Strength of the graph smoothing of predictions (see propagation.ts); absent or 0 = none. */
  smoothing?: number;
  /** The labeled tracks' targets by track id: they hold their answer while the graph is smoothed. */
  anchors?: Record<string, number[]>;
  /**
   * Maps the (smoothed) outputs to the probability that a placement is right, fitted on
   * out-of-fold predictions (calibration.ts); absent in older models and below 8 labels.
   */
  calibration?: ModelCalibration;
  /** A trivial answer that scored better out of fold than the model's own decoding (trivial-guard.ts). */
  trivial?: TrivialDecoding;
  /**
   * The network's weight in its blend with the logistic regression of `LayerModel.logistic`
   * (its L2 for the record); absent in older models and when the network alone did best.
   */
  blend?: { network: number; l2: number };
}

export interface ModelMetrics {
  labels: number;
  /** Cross-validated (out-of-fold) quality on the labeled tracks; absent without calibration. */
  crossValidated?: {
    microF1: number;
    macroF1: number;
    /** By sublist id; precision, recall and predicted are absent in older models. */
    perSublist: Record<string, { f1: number; support: number } & Partial<SublistScore>>;
    /** The void's, for an incomplete layer; absent in older models. */
    void?: SublistScore;
    /**
     * A mutual layer's held-out answers by true sublist (rows) and placement (columns), in
     * `featureSpec.sublistIds` order with the void last; absent in older models.
     */
    confusion?: number[][];
  };
  trainMs: number;
}

/** One-vs-rest logistic regression over the track feature columns: weights dimension × outputs, row-major. */
export interface LogisticWeights {
  weights: Float32Array;
  bias: Float32Array;
}

export interface LayerModel {
  version: typeof MODEL_VERSION;
  featureSpec: ModelFeatureSpec;
  network: NetworkWeights;
  /** Present with `featureSpec.blend`. */
  logistic?: LogisticWeights;
  thresholds: number[];
  metrics: ModelMetrics;
}
