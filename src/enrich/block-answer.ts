import type { AudioFeatures, Track } from '../core/track.js';

/** What a provider said about one track's block: a value, nothing, or no answer this time. */
export type BlockAnswer<T> = { status: 'found'; value: T } | { status: 'absent' } | { status: 'unavailable' };

/** The part of a track the providers are asked about. */
export type EnrichableTrack = Pick<Track, 'id' | 'name' | 'artists' | 'isrc'>;

export interface AudioFeatureSource {
  readonly provider: string;
  audioFeatures(tracks: readonly EnrichableTrack[]): Promise<Map<string, BlockAnswer<AudioFeatures>>>;
}

/** Tags in the provider's order of relevance, genres before free tags. */
export interface TagSource {
  readonly provider: string;
  tags(tracks: readonly EnrichableTrack[]): Promise<Map<string, BlockAnswer<string[]>>>;
}

export interface LookupFailure {
  provider: string;
  unavailable: number;
  error: Error | undefined;
}

export const answerOf = <T>(
  key: string | undefined,
  answers: ReadonlyMap<string, T | null>,
  unavailable: ReadonlySet<string>,
  isEmpty: (value: T) => boolean,
): BlockAnswer<T> => {
  if (key === undefined) return { status: 'absent' };
  if (unavailable.has(key)) return { status: 'unavailable' };
  const value = answers.get(key);
  return value === undefined || value === null || isEmpty(value)
    ? { status: 'absent' }
    : { status: 'found', value };
};
