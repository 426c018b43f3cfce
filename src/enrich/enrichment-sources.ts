import type { AudioFeatureSource, TagSource } from '../services/ports/enrichment.ports.js';
import type { LookupFailure } from './block-answer.js';
import { type CacheFreshness, DEFAULT_FRESHNESS, type EnrichmentCacheStore } from './enrichment-cache.js';
import { LastfmClient } from './lastfm.client.js';
import { LastfmSource } from './lastfm.source.js';
import { MusicBrainzClient } from './musicbrainz.client.js';
import { MusicBrainzSource } from './musicbrainz.source.js';
import { ProviderGate, type ProviderPolicy } from './provider-gate.js';
import type { ProviderHealth } from './provider-health.js';
import { ReccoBeatsClient } from './reccobeats.client.js';
import { ReccoBeatsSource } from './reccobeats.source.js';

/** The shape of `Config.enrichment` plus the public URL named in the User-Agent. */
export interface EnrichmentSettings {
  reccobeatsApiUrl: string;
  musicbrainzApiUrl: string;
  lastfmApiKey: string | undefined;
  lastfmApiUrl: string;
  publicUrl: string;
}

export type ProviderName = 'reccobeats' | 'musicbrainz' | 'lastfm';

const MINUTE_MS = 60_000;

const policy = (minTimeMs: number, baseDelayMs: number): ProviderPolicy => ({
  rateLimit: { maxConcurrent: 1, minTimeMs },
  retry: { attempts: 4, baseDelayMs, maxDelayMs: 30_000 },
  breaker: { failureThreshold: 5, cooldownMs: 10 * MINUTE_MS },
});

/** Production policies: MusicBrainz asks for at most one request a second; the others publish no number. */
export const DEFAULT_POLICIES: Record<ProviderName, ProviderPolicy> = {
  reccobeats: policy(250, 1_000),
  musicbrainz: policy(1_000, 2_000),
  lastfm: policy(250, 1_000),
};

export interface EnrichmentSourceOptions {
  policies?: Partial<Record<ProviderName, ProviderPolicy>>;
  freshness?: CacheFreshness;
  timeoutMs?: number;
  onFailure?: (failure: LookupFailure) => void;
  /** Hears how each provider's calls end; providers left out are marked off. */
  health?: ProviderHealth;
}

export interface EnrichmentSources {
  audio: AudioFeatureSource[];
  tags: TagSource[];
  gates: ProviderGate[];
}

export const userAgentFor = (publicUrl: string): string => `Motherlist/0.1 ( ${publicUrl} )`;

/** Builds each configured provider with its own limiter, retry policy and circuit breaker. */
export const createEnrichmentSources = (
  settings: EnrichmentSettings,
  store: EnrichmentCacheStore,
  options: EnrichmentSourceOptions = {},
): EnrichmentSources => {
  const userAgent = userAgentFor(settings.publicUrl);
  const timeoutMs = options.timeoutMs ?? 15_000;
  const freshness = options.freshness ?? DEFAULT_FRESHNESS;
  const gate = (name: ProviderName) =>
    new ProviderGate(name, options.policies?.[name] ?? DEFAULT_POLICIES[name], options.health);
  options.health?.on('reccobeats');
  options.health?.on('musicbrainz');

  const reccobeatsGate = gate('reccobeats');
  const musicbrainzGate = gate('musicbrainz');
  const reccobeats = new ReccoBeatsClient(reccobeatsGate, {
    baseUrl: settings.reccobeatsApiUrl,
    userAgent,
    timeoutMs,
  });
  const musicbrainz = new MusicBrainzClient(musicbrainzGate, {
    baseUrl: settings.musicbrainzApiUrl,
    userAgent,
    timeoutMs,
  });
  const sources: EnrichmentSources = {
    audio: [new ReccoBeatsSource(reccobeats, store, freshness, options.onFailure)],
    tags: [new MusicBrainzSource(musicbrainz, store, freshness, options.onFailure)],
    gates: [reccobeatsGate, musicbrainzGate],
  };
  if (!settings.lastfmApiKey) options.health?.off('lastfm', 'no LASTFM_API_KEY');
  else {
    options.health?.on('lastfm');
    const lastfmGate = gate('lastfm');
    const lastfm = new LastfmClient(lastfmGate, {
      baseUrl: settings.lastfmApiUrl,
      apiKey: settings.lastfmApiKey,
      userAgent,
      timeoutMs,
      minCount: 10,
      limit: 10,
    });
    sources.tags.push(new LastfmSource(lastfm, store, freshness, options.onFailure));
    sources.gates.push(lastfmGate);
  }
  return sources;
};
