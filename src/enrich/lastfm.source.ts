import type { BlockAnswer, EnrichableTrack } from '../core/enrichment-records.js';
import type { TagSource } from '../services/ports/enrichment.ports.js';
import { type LookupFailure, answerOf } from './block-answer.js';
import { cachedLookup } from './cached-lookup.js';
import type { CacheFreshness, EnrichmentCacheStore } from './enrichment-cache.js';
import type { LastfmClient } from './lastfm.client.js';

const SEPARATOR = '\u001f';

/** The cache key of a track's own tags (artist tags are the fallback). */
export const trackKey = (t: EnrichableTrack): string | undefined => {
  const artist = t.artists[0]?.name;
  return artist ? `track${SEPARATOR}${artist.toLowerCase()}${SEPARATOR}${t.name.toLowerCase()}` : undefined;
};

const artistKey = (t: EnrichableTrack): string | undefined => {
  const artist = t.artists[0]?.name;
  return artist ? `artist${SEPARATOR}${artist.toLowerCase()}` : undefined;
};

/**
 * Last.fm top tags of the track, then of its first artist (cached once per artist, and often the
 * only tags a little-known track has). The track's answer decides availability.
 */
export class LastfmSource implements TagSource {
  readonly provider: string;

  constructor(
    private readonly client: LastfmClient,
    private readonly store: EnrichmentCacheStore,
    private readonly freshness: CacheFreshness,
    private readonly onFailure: (failure: LookupFailure) => void = () => {},
  ) {
    this.provider = client.provider;
  }

  async tags(tracks: readonly EnrichableTrack[]): Promise<Map<string, BlockAnswer<string[]>>> {
    const names = new Map<string, { artist: string; track: string }>();
    for (const t of tracks) {
      const key = trackKey(t);
      const artist = t.artists[0]?.name;
      if (key && artist) names.set(key, { artist, track: t.name });
      const aKey = artistKey(t);
      if (aKey && artist) names.set(aKey, { artist, track: '' });
    }
    const result = await cachedLookup<string[]>({
      provider: this.provider,
      keys: [...names.keys()],
      store: this.store,
      freshness: this.freshness,
      batchSize: 1,
      concurrency: 1,
      fetchBatch: async ([key]) => {
        const name = key === undefined ? undefined : names.get(key);
        if (key === undefined || !name) return new Map();
        const found = key.startsWith('artist')
          ? await this.client.artistTopTags(name.artist)
          : await this.client.trackTopTags(name.artist, name.track);
        return new Map(found ? [[key, found]] : []);
      },
    });
    if (result.unavailable.size > 0)
      this.onFailure({
        provider: this.provider,
        unavailable: result.unavailable.size,
        error: result.failure,
      });
    const empty = (list: string[]) => list.length === 0;
    return new Map(
      tracks.map((t): [string, BlockAnswer<string[]>] => {
        const own = answerOf(trackKey(t), result.answers, result.unavailable, empty);
        if (own.status === 'unavailable') return [t.id, own];
        const artist = answerOf(artistKey(t), result.answers, result.unavailable, empty);
        const tags = [
          ...(own.status === 'found' ? own.value : []),
          ...(artist.status === 'found' ? artist.value : []),
        ];
        return [t.id, tags.length > 0 ? { status: 'found', value: tags } : { status: 'absent' }];
      }),
    );
  }
}
