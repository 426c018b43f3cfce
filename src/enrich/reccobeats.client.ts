import { AUDIO_FEATURE_KEYS, type AudioFeatures } from '../core/track.js';
import { getJson, unexpectedStatus } from './http-json.js';
import type { ProviderGate } from './provider-gate.js';
import { ProviderError } from './provider-error.js';

/** ReccoBeats answers at most this many ids a request and silently drops the rest. */
export const RECCOBEATS_MAX_IDS = 40;

export interface ReccoBeatsClientOptions {
  /** Without `/v1`, e.g. https://api.reccobeats.com */
  baseUrl: string;
  userAgent: string;
  timeoutMs: number;
}

const SPOTIFY_ID = /^[A-Za-z0-9]{22}$/;

/** The Spotify track id in an item's `href` (https://open.spotify.com/track/<id>). */
const spotifyIdOf = (href: unknown): string | undefined => {
  if (typeof href !== 'string') return undefined;
  const id = href
    .split(/[/?#]/)
    .filter(Boolean)
    .at(-1)
    ?.replace(/^spotify:track:/, '');
  return id && SPOTIFY_ID.test(id) ? id : undefined;
};

const featuresOf = (item: Record<string, unknown>): AudioFeatures | undefined => {
  const features: AudioFeatures = {};
  for (const key of AUDIO_FEATURE_KEYS) {
    const value = item[key];
    if (typeof value === 'number' && Number.isFinite(value)) features[key] = value;
  }
  return Object.keys(features).length > 0 ? features : undefined;
};

/** `GET /v1/audio-features?ids=` by Spotify track id; tracks ReccoBeats does not know are simply absent. */
export class ReccoBeatsClient {
  readonly provider = 'reccobeats';

  constructor(
    private readonly gate: ProviderGate,
    private readonly options: ReccoBeatsClientOptions,
  ) {}

  /** Audio features of up to RECCOBEATS_MAX_IDS Spotify track ids, keyed by Spotify id. */
  async audioFeatures(spotifyIds: readonly string[]): Promise<Map<string, AudioFeatures>> {
    const ids = spotifyIds.filter((id) => SPOTIFY_ID.test(id));
    if (ids.length > RECCOBEATS_MAX_IDS) throw new Error(`at most ${RECCOBEATS_MAX_IDS} ids a request`);
    if (ids.length === 0) return new Map();
    const url = `${this.options.baseUrl}/v1/audio-features?ids=${ids.map(encodeURIComponent).join(',')}`;
    return this.gate.run(async () => {
      const response = await getJson(url, {
        provider: this.provider,
        userAgent: this.options.userAgent,
        timeoutMs: this.options.timeoutMs,
      });
      // Unknown ids are left out of a 200; a 404 means the path is wrong (RECCOBEATS_API_URL).
      if (response.status === 404)
        throw new ProviderError(this.provider, `404 Not Found at ${new URL(url).pathname}`, false);
      if (response.status !== 200) throw unexpectedStatus(this.provider, response);
      return this.parse(response.body, new Set(ids));
    });
  }

  private parse(body: unknown, wanted: ReadonlySet<string>): Map<string, AudioFeatures> {
    const content = (body as { content?: unknown } | undefined)?.content;
    if (!Array.isArray(content))
      throw new ProviderError(this.provider, 'response without a content array', false);
    const result = new Map<string, AudioFeatures>();
    for (const item of content as unknown[]) {
      if (!item || typeof item !== 'object') continue;
      const record = item as Record<string, unknown>;
      const id = spotifyIdOf(record.href);
      const features = featuresOf(record);
      if (id && wanted.has(id) && features) result.set(id, features);
    }
    return result;
  }
}
