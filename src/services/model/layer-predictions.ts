import type { Placement } from '../../core/layer.js';

/** What a layer's model says of tracks: the sort planner's, the caches' and the services' common input. */
export interface PlacementPrediction {
  trackId: string;
  placement: Placement;
  /** The probability that the placement is right (when `calibrated`). */
  confidence: number;
  /** False for models that promise nothing (stored before calibration, or too few labels). */
  calibrated: boolean;
  /** The probability of belonging in each live sublist, by sublist id. */
  memberships: Record<string, number>;
}

export interface LayerPredictions {
  modelId: string;
  modelVersion: number;
  predictions: PlacementPrediction[];
  /** How many of the tracks placed had enrichment the model uses (audio features or tags) to go by. */
  enriched: number;
}
