import type { Placement } from '../core/layer.js';
import { calibrateOutputs, placementProbability } from './calibration.js';
import type { LayerDataset } from './dataset.js';
import { decodePlacement } from './decode.js';
import type { LayerModel, ModelFeatureSpec } from './layer-model.js';
import { smoothOverGraph } from './propagation.js';
import { modelProbabilities } from './regression-blend.js';
import type { LayerOutputs } from './targets.js';

export interface LayerPrediction {
  trackId: string;
  placement: Placement;
  /** Per network output: sublists in order, then the void for mutual incomplete layers. */
  probabilities: number[];
  /**
   * The probability that the placement is right (non-mutual layers: the mean over its sublists of
   * the probability of belonging there; a void placement: of belonging nowhere), when `calibrated`.
   * Uncalibrated models (stored before calibration, trained on under 8 labels, or with
   * `calibrate: false`) give their `margin` here instead, as before.
   */
  confidence: number;
  /** Whether `confidence` and `memberships` are calibrated on out-of-fold predictions. */
  calibrated: boolean;
  /** Probability of belonging in each sublist, in layer order (the network's own when uncalibrated). */
  memberships: number[];
  /** 0 (a coin flip) to 1 (certain): how far the decided placement is from its decision boundaries. */
  margin: number;
}

const marginOf = (
  outputs: LayerOutputs,
  probabilities: Float32Array,
  thresholds: readonly number[],
): number => {
  if (outputs.mode.mutual) {
    const sorted = [...probabilities].sort((a, b) => b - a);
    return (sorted[0] ?? 0) - (sorted[1] ?? 0);
  }
  // The least certain sublist decision decides how sure the whole placement is.
  let least = 1;
  probabilities.forEach((p, o) => {
    const t = thresholds[o] ?? 0.5;
    const margin = p >= t ? (p - t) / (1 - t) : (t - p) / t;
    least = Math.min(least, margin);
  });
  return least;
};

const anchorRows = (spec: ModelFeatureSpec, dataset: LayerDataset): Map<number, number[]> => {
  const rows = new Map<number, number[]>();
  for (const [trackId, target] of Object.entries(spec.anchors ?? {})) {
    const row = dataset.rowOf.get(trackId);
    if (row !== undefined) rows.set(row, target);
  }
  return rows;
};

/** Predicts rows of a dataset encoded with the model's feature spec (all rows by default). */
export const predictLayer = (
  model: LayerModel,
  dataset: LayerDataset,
  rows?: readonly number[],
  /** `smooth: false` gives the network's own output, without the graph smoothing. */
  options: { smooth?: boolean } = {},
): LayerPrediction[] => {
  const { mode, sublistIds } = model.featureSpec;
  const outputs: LayerOutputs = { mode, sublistIds };
  const allRows = dataset.items.map((_, row) => row);
  const wanted = rows ?? allRows;
  const smoothing = options.smooth === false ? 0 : (model.featureSpec.smoothing ?? 0);
  // Smoothing needs the whole graph: predict every row, smooth, then keep the wanted ones.
  const probabilities =
    smoothing > 0
      ? ((all) => wanted.map((row) => all[row] as Float32Array))(
          smoothOverGraph(
            dataset.entities,
            modelProbabilities(model, dataset, allRows),
            smoothing,
            anchorRows(model.featureSpec, dataset),
          ),
        )
      : modelProbabilities(model, dataset, wanted);
  const { calibration } = model.featureSpec;
  return wanted.map((row, i) => {
    const p = probabilities[i] as Float32Array;
    const placement = model.featureSpec.trivial
      ? [...model.featureSpec.trivial.placement]
      : decodePlacement(outputs, p, model.thresholds);
    const margin = marginOf(outputs, p, model.thresholds);
    const calibrated = calibrateOutputs(outputs, p, calibration);
    return {
      trackId: dataset.items[row]?.track.id ?? '',
      placement,
      probabilities: Array.from(p),
      confidence: calibration ? placementProbability(calibrated, sublistIds, placement) : margin,
      calibrated: calibration !== undefined,
      memberships: calibrated.memberships,
      margin,
    };
  });
};
