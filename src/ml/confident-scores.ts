import { splitByPrecision } from './confident-placements.js';
import type { LayerPrediction } from './predict-layer.js';
import type { ScenarioLibrary } from './snapshot-library.js';

/** What a sort at the default precision target writes of the unlabeled tracks (confident-placements.ts). */
export interface ConfidentScores {
  /** Unlabeled tracks, and those with at least one placement written. */
  tracks: number;
  placedTracks: number;
  /** Written (track, sublist) placements, the right ones, and the sum of their probabilities. */
  placements: number;
  right: number;
  probabilitySum: number;
  /**
   * Every (track, sublist) placement of the full sort (every song placed), by its calibrated
   * membership in tenths: placements, right ones, sum of probabilities. At the precision target
   * most rows write nothing, so this is what shows how the calibration holds below it.
   */
  bins: CalibrationBin[];
}

export interface CalibrationBin {
  placements: number;
  right: number;
  probabilitySum: number;
}

const CALIBRATION_BINS = 10;

/** Expected calibration error: the placement-weighted mean over bins of |mean probability − share right|. */
export const calibrationError = (bins: readonly CalibrationBin[]): number | undefined => {
  const placements = bins.reduce((total, b) => total + b.placements, 0);
  if (placements === 0) return undefined;
  return bins.reduce((total, b) => total + Math.abs(b.probabilitySum - b.right), 0) / placements;
};

/** Scores what a sort at the default precision target would write: precision, coverage, promise. */
export const scoreConfident = (
  library: ScenarioLibrary,
  predictions: readonly LayerPrediction[],
): ConfidentScores => {
  const withMemberships = predictions.map((p) => ({
    ...p,
    memberships: Object.fromEntries(library.sublistIds.map((id, o) => [id, p.memberships[o] ?? 0])),
  }));
  const split = splitByPrecision(withMemberships, library.mode);
  let right = 0;
  for (const { trackId, placement } of split.placed) {
    const truth = library.truth.get(trackId) ?? [];
    right += placement.filter((id) => truth.includes(id)).length;
  }
  const bins: CalibrationBin[] = Array.from({ length: CALIBRATION_BINS }, () => ({
    placements: 0,
    right: 0,
    probabilitySum: 0,
  }));
  for (const { trackId, placement, memberships } of predictions) {
    const truth = library.truth.get(trackId) ?? [];
    for (const id of placement) {
      const probability = memberships[library.sublistIds.indexOf(id)] ?? 0;
      const bin = bins[Math.min(CALIBRATION_BINS - 1, Math.floor(probability * CALIBRATION_BINS))];
      if (!bin) continue;
      bin.placements++;
      bin.probabilitySum += probability;
      if (truth.includes(id)) bin.right++;
    }
  }
  return {
    bins,
    tracks: predictions.length,
    placedTracks: split.placed.length,
    placements: split.placements,
    right,
    probabilitySum: (split.expectedPrecision ?? 0) * split.placements,
  };
};
