import type { AudioFeatures } from '../core/track.js';
import type { EnrichableTrack } from './block-answer.js';

/** A track with its current enrichment columns. */
export interface TrackEnrichmentState extends EnrichableTrack {
  audioFeatures: AudioFeatures | null;
  tags: string[] | null;
}

/** New column values; undefined leaves a column as it is. */
export interface TrackEnrichmentUpdate {
  trackId: string;
  audioFeatures?: AudioFeatures | null;
  tags?: string[] | null;
}
