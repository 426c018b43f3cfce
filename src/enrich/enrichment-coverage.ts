import type { EnrichmentHealth, EnrichmentProviderStatus } from '../services/status.service.js';
import type { EnrichmentTrackStore } from '../services/enrich-tracks.service.js';
import type { EnrichableTrack } from '../core/enrichment-records.js';
import type { EnrichmentCacheStore } from './enrichment-cache.js';
import { trackKey } from './lastfm.source.js';
import { normalizeIsrc } from './musicbrainz.client.js';
import type { ProviderHealth } from './provider-health.js';

/** The cache key each provider files a track's answer under. */
const KEY_OF: Record<string, (track: EnrichableTrack) => string | undefined> = {
  reccobeats: (track) => track.id,
  musicbrainz: (track) => (track.isrc ? normalizeIsrc(track.isrc) : undefined),
  lastfm: trackKey,
};

/** Each provider's state in this process, with how many of a person's tracks its cached answers cover. */
export class EnrichmentCoverage implements EnrichmentHealth {
  constructor(
    private readonly store: EnrichmentCacheStore & Omit<EnrichmentTrackStore, 'writeEnrichment'>,
    private readonly health: ProviderHealth,
  ) {}

  async providersFor(userId: string): Promise<EnrichmentProviderStatus[]> {
    const tracks = await this.store.tracksForEnrichment(await this.store.libraryTrackIds(userId));
    return Promise.all(
      this.health.states().map(async (state) => {
        const keyOf = KEY_OF[state.provider] ?? (() => undefined);
        const keys = tracks.flatMap((track) => keyOf(track) ?? []);
        const cached = state.state === 'off' ? new Map() : await this.store.readCache(state.provider, keys);
        const covered = keys.filter((key) => (cached.get(key)?.payload ?? null) !== null).length;
        return { ...state, covered, total: tracks.length };
      }),
    );
  }
}
