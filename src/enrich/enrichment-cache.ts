/** One cached provider answer; `payload` null means the provider said "not found". */
export interface CachedAnswer {
  payload: unknown;
  fetchedAt: Date;
}

export interface CacheEntry extends CachedAnswer {
  key: string;
}

/** Storage of provider answers (the `enrichment_cache` table in production). */
export interface EnrichmentCacheStore {
  readCache(provider: string, keys: readonly string[]): Promise<Map<string, CachedAnswer>>;
  writeCache(provider: string, entries: readonly CacheEntry[]): Promise<void>;
}

export interface CacheFreshness {
  /** How long a found answer is trusted. */
  foundMaxAgeMs: number;
  /** How long a "not found" is trusted; shorter, since providers learn about new tracks. */
  notFoundMaxAgeMs: number;
}

const DAY_MS = 86_400_000;

export const DEFAULT_FRESHNESS: CacheFreshness = {
  foundMaxAgeMs: 180 * DAY_MS,
  notFoundMaxAgeMs: 30 * DAY_MS,
};

export const isFresh = (answer: CachedAnswer, freshness: CacheFreshness, now: Date): boolean =>
  now.getTime() - answer.fetchedAt.getTime() <
  (answer.payload === null ? freshness.notFoundMaxAgeMs : freshness.foundMaxAgeMs);
