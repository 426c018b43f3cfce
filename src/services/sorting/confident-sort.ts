import type { LayerMode } from '../../core/layer.js';
import type { WaitingTrack } from '../../core/layer-records.js';
import type { DesiredPlacement } from '../../core/sort-plan.js';
import { splitByPrecision } from '../../ml/confident-placements.js';
import type { PlacementPrediction } from '../model/layer-predictions.js';

export interface ConfidentDecision {
  /** Model placements to write (labels are overlaid by the caller). */
  desired: Map<string, DesiredPlacement>;
  waiting: WaitingTrack[];
  /** Mean probability of the model's written placements; undefined when none or uncalibrated. */
  expectedPrecision: number | undefined;
}

/** A non-mutual guess's probability of each of its sublists (a sort decides each on its own). */
const membershipsOf = (
  mode: LayerMode,
  prediction: PlacementPrediction,
  placement: readonly string[],
): { memberships?: Record<string, number> } =>
  mode.mutual || placement.length === 0
    ? {}
    : {
        memberships: Object.fromEntries(
          placement.map((id) => [id, sublistProbability(mode, prediction, id)]),
        ),
      };

const sublistProbability = (mode: LayerMode, prediction: PlacementPrediction, sublistId: string): number =>
  mode.mutual ? prediction.confidence : (prediction.memberships[sublistId] ?? prediction.confidence);

/**
 * Every prediction placed as the model guesses (a sort of everything), with the share of its
 * written placements expected to be right: undefined when the model promises nothing.
 */
export const placeEverything = (
  predictions: readonly PlacementPrediction[],
  mode: LayerMode,
): ConfidentDecision => {
  const desired = new Map<string, DesiredPlacement>();
  let sum = 0;
  let count = 0;
  let calibrated = true;
  for (const p of predictions) {
    desired.set(p.trackId, {
      placement: p.placement,
      confidence: p.confidence,
      source: 'model',
      ...membershipsOf(mode, p, p.placement),
    });
    if (!p.calibrated) calibrated = false;
    for (const id of p.placement) {
      sum += sublistProbability(mode, p, id);
      count++;
    }
  }
  return { desired, waiting: [], expectedPrecision: calibrated && count > 0 ? sum / count : undefined };
};

/**
 * The placements sure enough to write at the layer's precision target (and the sure void); the
 * rest wait. In a non-mutual layer a partly sure track goes into its sure sublists and stays as
 * it is in those the model is sure of neither way; it leaves those it surely does not belong in.
 */
export const placeConfident = (
  predictions: readonly PlacementPrediction[],
  mode: LayerMode,
  precisionTarget: number,
): ConfidentDecision => {
  const split = splitByPrecision(predictions, mode, precisionTarget);
  const desired = new Map<string, DesiredPlacement>();
  for (const placed of split.placed) {
    const { prediction } = placed;
    const unsure = mode.mutual
      ? []
      : Object.entries(prediction.memberships)
          .filter(([id, p]) => p > 1 - precisionTarget && !placed.placement.includes(id))
          .map(([id]) => id);
    desired.set(placed.trackId, {
      placement: placed.placement,
      confidence: placed.confidence,
      source: 'model',
      ...membershipsOf(mode, prediction, placed.placement),
      ...(unsure.length > 0 ? { unsure } : {}),
    });
  }
  for (const voided of split.voided)
    desired.set(voided.trackId, { placement: [], confidence: voided.confidence, source: 'model' });
  return {
    desired,
    waiting: split.waiting.map((p) => ({
      trackId: p.trackId,
      guess: p.placement,
      confidence: p.confidence,
      ...membershipsOf(mode, p, p.placement),
    })),
    expectedPrecision: split.expectedPrecision,
  };
};
