import type { EnrichmentKind } from '../core/model-records.js';
import type { EnrichmentArrival, EnrichmentProgress } from '../services/model/layer-model.service.js';
import type { EnrichmentHealth, EnrichmentProviderStatus } from '../services/account/status.service.js';
import type { EnrichmentTrackStore } from '../services/sync/enrich-tracks.service.js';
import type { EnrichableTrack } from '../core/enrichment-records.js';
import type { CachedAnswer, EnrichmentCacheStore } from './enrichment-cache.js';
import { trackKey } from './lastfm.source.js';
import { normalizeIsrc } from './musicbrainz.client.js';
import type { ProviderHealth } from './provider-health.js';

/** The cache key each provider files a track's answer under. */
const KEY_OF: Record<string, (track: EnrichableTrack) => string | undefined> = {
  reccobeats: (track) => track.id,
  musicbrainz: (track) => (track.isrc ? normalizeIsrc(track.isrc) : undefined),
  lastfm: trackKey,
};

/** The kind of enrichment each provider brings. */
const KIND_OF: Record<string, EnrichmentKind> = { reccobeats: 'audio', musicbrainz: 'tags', lastfm: 'tags' };

/**
 * Each provider's state in this process, with how many of a person's tracks its cached answers
 * cover; and which kinds of enrichment are still arriving (a provider that is not off has not yet
 * answered, found or not, for every track it can look up).
 */
export class EnrichmentCoverage implements EnrichmentHealth, EnrichmentProgress {
  constructor(
    private readonly store: EnrichmentCacheStore & Omit<EnrichmentTrackStore, 'writeEnrichment'>,
    private readonly health: ProviderHealth,
  ) {}

  async providersFor(userId: string): Promise<EnrichmentProviderStatus[]> {
    const providers = await this.cachedFor(userId);
    return providers.map(({ state, keys, cached, total }) => {
      const covered = keys.filter((key) => (cached.get(key)?.payload ?? null) !== null).length;
      return { ...state, covered, total };
    });
  }

  async arriving(userId: string): Promise<EnrichmentArrival> {
    const arriving = new Set<EnrichmentKind>();
    const failing = new Map<EnrichmentKind, string[]>();
    for (const { state, keys, cached } of await this.cachedFor(userId)) {
      const kind = KIND_OF[state.provider];
      if (!kind || state.state === 'off' || keys.every((key) => cached.has(key))) continue;
      if (state.state === 'failing') failing.set(kind, [...(failing.get(kind) ?? []), state.provider]);
      else arriving.add(kind);
    }
    return {
      arriving: [...arriving],
      stalled: [...failing]
        .filter(([kind]) => !arriving.has(kind))
        .map(([kind, providers]) => ({ kind, providers })),
    };
  }

  /** Per provider: the keys of the user's library tracks and its cached answers for them. */
  private async cachedFor(userId: string) {
    const tracks = await this.store.tracksForEnrichment(await this.store.libraryTrackIds(userId));
    return Promise.all(
      this.health.states().map(async (state) => {
        const keyOf = KEY_OF[state.provider] ?? (() => undefined);
        const keys = tracks.flatMap((track) => keyOf(track) ?? []);
        const cached: ReadonlyMap<string, CachedAnswer> =
          state.state === 'off' ? new Map() : await this.store.readCache(state.provider, keys);
        return { state, keys, cached, total: tracks.length };
      }),
    );
  }
}
