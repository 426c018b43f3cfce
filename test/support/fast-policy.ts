import type { ProviderPolicy } from '../../src/enrich/provider-gate.js';

/** Production shapes with millisecond pauses, so retry and circuit tests stay quick. */
export const fastPolicy = (overrides: Partial<ProviderPolicy> = {}): ProviderPolicy => ({
  rateLimit: { maxConcurrent: 1, minTimeMs: 0 },
  retry: { attempts: 3, baseDelayMs: 5, maxDelayMs: 20 },
  breaker: { failureThreshold: 3, cooldownMs: 60_000 },
  ...overrides,
});
