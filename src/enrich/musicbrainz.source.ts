import type { BlockAnswer, EnrichableTrack } from '../core/enrichment-records.js';
import type { TagSource } from '../services/ports/enrichment.ports.js';
import { type LookupFailure, answerOf } from './block-answer.js';
import { cachedLookup } from './cached-lookup.js';
import type { CacheFreshness, EnrichmentCacheStore } from './enrichment-cache.js';
import { type MusicBrainzClient, type RecordingTags, normalizeIsrc } from './musicbrainz.client.js';

/** Genres then tags of a track's recording, looked up by ISRC in MusicBrainz through the cache. */
export class MusicBrainzSource implements TagSource {
  readonly provider: string;

  constructor(
    private readonly client: MusicBrainzClient,
    private readonly store: EnrichmentCacheStore,
    private readonly freshness: CacheFreshness,
    private readonly onFailure: (failure: LookupFailure) => void = () => {},
  ) {
    this.provider = client.provider;
  }

  async tags(tracks: readonly EnrichableTrack[]): Promise<Map<string, BlockAnswer<string[]>>> {
    const keyOf = (isrc: string | undefined) => (isrc ? normalizeIsrc(isrc) : undefined);
    const result = await cachedLookup<RecordingTags>({
      provider: this.provider,
      keys: tracks.flatMap((t) => keyOf(t.isrc) ?? []),
      store: this.store,
      freshness: this.freshness,
      batchSize: 1,
      concurrency: 1,
      fetchBatch: async ([isrc]) => {
        const found = isrc === undefined ? undefined : await this.client.recordingTags(isrc);
        return new Map(found && isrc !== undefined ? [[isrc, found]] : []);
      },
    });
    if (result.unavailable.size > 0)
      this.onFailure({
        provider: this.provider,
        unavailable: result.unavailable.size,
        error: result.failure,
      });
    const tags = new Map<string, string[] | null>();
    for (const [isrc, answer] of result.answers) tags.set(isrc, answer && answer.tags);
    return new Map(
      tracks.map((t) => [
        t.id,
        answerOf(keyOf(t.isrc), tags, result.unavailable, (list) => list.length === 0),
      ]),
    );
  }
}
