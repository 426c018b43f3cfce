import type { LayerMode, Placement } from '../core/layer.js';

/** The share of written placements that should be right, unless the person chooses another. */
export const DEFAULT_PRECISION_TARGET = 0.8;

/** What the split needs of a prediction (a `LayerPrediction` or a pool task's `TrackPrediction`). */
export interface ConfidencePrediction {
  trackId: string;
  placement: Placement;
  /** The probability that `placement` is right. */
  confidence: number;
  /** Whether `confidence` is calibrated; an uncalibrated prediction promises nothing and waits. */
  calibrated?: boolean;
  /** Non-mutual layers: the probability of belonging in each sublist, by sublist id. */
  memberships?: Readonly<Record<string, number>>;
}

export interface PlacedTrack<P> {
  trackId: string;
  /** The sublists to write now: the whole placement (mutual), the sure memberships (non-mutual). */
  placement: Placement;
  /** Mean probability that these sublists are right. */
  confidence: number;
  prediction: P;
}

export interface ConfidenceSplit<P> {
  /** Tracks with at least one placement sure enough to write. */
  placed: PlacedTrack<P>[];
  /** Tracks sure enough to belong nowhere (incomplete layers): nothing to write, nothing to ask. */
  voided: P[];
  /** Everything else: kept until labels make the model sure (or a sort of everything places them). */
  waiting: P[];
  /** Written (track, sublist) placements. */
  placements: number;
  /** Share of the written placements expected to be right (mean probability); undefined when none. */
  expectedPrecision: number | undefined;
}

/**
 * Splits predictions into what a sort writes now and what waits, so that the written placements
 * are right at least `precisionTarget` of the time by the model's calibrated probabilities.
 * Every written placement reaches the target on its own, so any subset (one sublist's part, one
 * day's new likes) keeps the promise too. In a mutual layer a track's one sublist is written when
 * its probability reaches the target; in a non-mutual layer each sublist membership is decided on
 * its own, so a track may be written into the sublists it surely belongs to while the others wait.
 */
export const splitByPrecision = <P extends ConfidencePrediction>(
  predictions: readonly P[],
  mode: LayerMode,
  precisionTarget: number = DEFAULT_PRECISION_TARGET,
): ConfidenceSplit<P> => {
  const placed: PlacedTrack<P>[] = [];
  const voided: P[] = [];
  const waiting: P[] = [];
  let probabilitySum = 0;
  let placements = 0;
  for (const prediction of predictions) {
    if (prediction.calibrated === false) {
      waiting.push(prediction);
      continue;
    }
    const sure: [string, number][] =
      !mode.mutual && prediction.memberships
        ? Object.entries(prediction.memberships).filter(([, p]) => p >= precisionTarget)
        : prediction.placement.length > 0 && prediction.confidence >= precisionTarget
          ? prediction.placement.map((id): [string, number] => [id, prediction.confidence])
          : [];
    if (sure.length > 0) {
      const sum = sure.reduce((total, [, p]) => total + p, 0);
      placed.push({
        trackId: prediction.trackId,
        placement: sure.map(([id]) => id),
        confidence: sum / sure.length,
        prediction,
      });
      probabilitySum += sum;
      placements += sure.length;
    } else if (
      !mode.complete &&
      prediction.placement.length === 0 &&
      prediction.confidence >= precisionTarget
    ) {
      voided.push(prediction);
    } else {
      waiting.push(prediction);
    }
  }
  return {
    placed,
    voided,
    waiting,
    placements,
    expectedPrecision: placements > 0 ? probabilitySum / placements : undefined,
  };
};
