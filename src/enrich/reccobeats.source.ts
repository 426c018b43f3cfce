import type { AudioFeatures } from '../core/track.js';
import type { BlockAnswer, EnrichableTrack } from '../core/enrichment-records.js';
import type { AudioFeatureSource } from '../services/ports/enrichment.ports.js';
import { type LookupFailure, answerOf } from './block-answer.js';
import { cachedLookup } from './cached-lookup.js';
import type { CacheFreshness, EnrichmentCacheStore } from './enrichment-cache.js';
import { RECCOBEATS_MAX_IDS, type ReccoBeatsClient } from './reccobeats.client.js';

/** Audio features by Spotify id from ReccoBeats, through the cache, 40 ids a request. */
export class ReccoBeatsSource implements AudioFeatureSource {
  readonly provider: string;

  constructor(
    private readonly client: ReccoBeatsClient,
    private readonly store: EnrichmentCacheStore,
    private readonly freshness: CacheFreshness,
    private readonly onFailure: (failure: LookupFailure) => void = () => {},
  ) {
    this.provider = client.provider;
  }

  async audioFeatures(tracks: readonly EnrichableTrack[]): Promise<Map<string, BlockAnswer<AudioFeatures>>> {
    const result = await cachedLookup<AudioFeatures>({
      provider: this.provider,
      keys: tracks.map((t) => t.id),
      store: this.store,
      freshness: this.freshness,
      batchSize: RECCOBEATS_MAX_IDS,
      concurrency: 1,
      fetchBatch: (ids) => this.client.audioFeatures(ids),
    });
    if (result.unavailable.size > 0)
      this.onFailure({
        provider: this.provider,
        unavailable: result.unavailable.size,
        error: result.failure,
      });
    return new Map(
      tracks.map((t) => [
        t.id,
        answerOf(t.id, result.answers, result.unavailable, (f) => Object.keys(f).length === 0),
      ]),
    );
  }
}
