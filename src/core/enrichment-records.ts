import type { AudioFeatures, Track } from './track.js';

/** What a provider said about one track's block: a value, nothing, or no answer this time. */
export type BlockAnswer<T> = { status: 'found'; value: T } | { status: 'absent' } | { status: 'unavailable' };

/** The part of a track the providers are asked about. */
export type EnrichableTrack = Pick<Track, 'id' | 'name' | 'artists' | 'isrc'>;

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
