import {
  type CacheEntry,
  type CacheFreshness,
  type EnrichmentCacheStore,
  isFresh,
} from './enrichment-cache.js';

export interface CachedLookupOptions<T> {
  provider: string;
  keys: readonly string[];
  store: EnrichmentCacheStore;
  freshness: CacheFreshness;
  /** Keys per provider request. */
  batchSize: number;
  /** Requests in flight at once; keep it at the provider's concurrency so a failing provider is noticed early. */
  concurrency: number;
  /** Answers one batch: the payload of each key found; keys left out are "not found". */
  fetchBatch: (keys: readonly string[]) => Promise<Map<string, T>>;
  now?: () => Date;
}

export interface CachedLookupResult<T> {
  /** Every key with an answer: its payload, or null for "not found". */
  answers: Map<string, T | null>;
  /** Keys the provider could not answer this time (down, rate-limited, circuit open). */
  unavailable: Set<string>;
  /** The first failure, for logs. */
  failure: Error | undefined;
}

const chunks = <T>(items: readonly T[], size: number): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
};

/** Answers keys from the cache where fresh, asks the provider for the rest, and caches its answers. */
export const cachedLookup = async <T>(options: CachedLookupOptions<T>): Promise<CachedLookupResult<T>> => {
  const now = options.now ?? (() => new Date());
  const keys = [...new Set(options.keys)];
  const answers = new Map<string, T | null>();
  const unavailable = new Set<string>();
  const cached = await options.store.readCache(options.provider, keys);
  const missing: string[] = [];
  for (const key of keys) {
    const answer = cached.get(key);
    if (answer && isFresh(answer, options.freshness, now())) answers.set(key, answer.payload as T | null);
    else missing.push(key);
  }
  const queue = chunks(missing, options.batchSize);
  let failure: Error | undefined;
  const worker = async (): Promise<void> => {
    for (let batch = queue.shift(); batch; batch = queue.shift()) {
      let found: Map<string, T>;
      try {
        found = await options.fetchBatch(batch);
      } catch (error) {
        failure ??= error as Error;
        for (const key of batch) unavailable.add(key);
        continue;
      }
      const fetchedAt = now();
      const entries: CacheEntry[] = batch.map((key) => ({ key, payload: found.get(key) ?? null, fetchedAt }));
      await options.store.writeCache(options.provider, entries);
      for (const entry of entries) answers.set(entry.key, entry.payload as T | null);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, worker));
  return { answers, unavailable, failure };
};
