import { getJson, unexpectedStatus } from './http-json.js';
import { ProviderError } from './provider-error.js';
import type { ProviderGate } from './provider-gate.js';

export interface LastfmClientOptions {
  /** The `/2.0` endpoint, e.g. https://ws.audioscrobbler.com/2.0 */
  baseUrl: string;
  apiKey: string;
  userAgent: string;
  timeoutMs: number;
  /** Tags below this share of the top tag's count are noise (Last.fm counts are 0–100). */
  minCount: number;
  /** At most this many tags per answer. */
  limit: number;
}

/** Last.fm error codes that mean "no such track/artist": an answer, cached as not found. */
const NOT_FOUND = new Set([6]);
/** Rate limit exceeded, service offline, temporarily unavailable, operation failed. */
const RETRYABLE = new Set([29, 11, 16, 8]);

interface TopTag {
  name?: unknown;
  count?: unknown;
}

/** `track.getTopTags` and `artist.getTopTags`; used only when an API key is configured. */
export class LastfmClient {
  readonly provider = 'lastfm';

  constructor(
    private readonly gate: ProviderGate,
    private readonly options: LastfmClientOptions,
  ) {}

  /** Top tags of a track; undefined when Last.fm does not know it. */
  trackTopTags(artist: string, track: string): Promise<string[] | undefined> {
    return this.topTags({ method: 'track.getTopTags', artist, track });
  }

  /** Top tags of an artist; undefined when Last.fm does not know it. */
  artistTopTags(artist: string): Promise<string[] | undefined> {
    return this.topTags({ method: 'artist.getTopTags', artist });
  }

  private topTags(params: Record<string, string>): Promise<string[] | undefined> {
    const query = new URLSearchParams({
      ...params,
      autocorrect: '1',
      api_key: this.options.apiKey,
      format: 'json',
    });
    const url = `${this.options.baseUrl}/?${query.toString()}`;
    return this.gate.run(async () => {
      const response = await getJson(url, {
        provider: this.provider,
        userAgent: this.options.userAgent,
        timeoutMs: this.options.timeoutMs,
      });
      const body = response.body as
        { error?: unknown; message?: unknown; toptags?: { tag?: unknown } } | undefined;
      // Last.fm reports errors in the body, with status 200 or 4xx/5xx alike.
      if (typeof body?.error === 'number') {
        if (NOT_FOUND.has(body.error)) return undefined;
        throw new ProviderError(
          this.provider,
          `error ${body.error}: ${String(body.message ?? '')}`,
          RETRYABLE.has(body.error),
          response.retryAfterMs,
        );
      }
      if (response.status !== 200) throw unexpectedStatus(this.provider, response);
      if (!body?.toptags) throw new ProviderError(this.provider, 'response without toptags', false);
      return this.strongest(body.toptags.tag);
    });
  }

  private strongest(tags: unknown): string[] {
    // A single tag may come as an object rather than a one-element array.
    const list = (Array.isArray(tags) ? tags : tags ? [tags] : []) as TopTag[];
    return list
      .map((t) => ({ name: typeof t?.name === 'string' ? t.name.trim() : '', count: Number(t?.count ?? 0) }))
      .filter((t) => t.name !== '' && Number.isFinite(t.count) && t.count >= this.options.minCount)
      .sort((a, b) => b.count - a.count)
      .slice(0, this.options.limit)
      .map((t) => t.name);
  }
}
