import type { BlockAnswer, EnrichableTrack } from '../../core/enrichment-records.js';
import type { AudioFeatures } from '../../core/track.js';

export interface AudioFeatureSource {
  readonly provider: string;
  audioFeatures(tracks: readonly EnrichableTrack[]): Promise<Map<string, BlockAnswer<AudioFeatures>>>;
}

/** Tags in the provider's order of relevance, genres before free tags. */
export interface TagSource {
  readonly provider: string;
  tags(tracks: readonly EnrichableTrack[]): Promise<Map<string, BlockAnswer<string[]>>>;
}
