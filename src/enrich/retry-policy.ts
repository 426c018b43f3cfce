import { ProviderError } from './provider-error.js';

export interface RetryPolicy {
  /** Total tries, the first included. */
  attempts: number;
  /** Pause before the first retry; doubles each time, with jitter. */
  baseDelayMs: number;
  /** Upper bound of any pause, Retry-After included. */
  maxDelayMs: number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export const retryDelayMs = (policy: RetryPolicy, retry: number, error: ProviderError): number => {
  const backoff = policy.baseDelayMs * 2 ** retry * (0.75 + Math.random() * 0.5);
  return Math.min(policy.maxDelayMs, Math.max(backoff, error.retryAfterMs ?? 0));
};

/** Runs `attempt` until it succeeds, fails for good, or the policy's tries are spent. */
export const withRetry = async <T>(policy: RetryPolicy, attempt: () => Promise<T>): Promise<T> => {
  for (let retry = 0; ; retry++) {
    try {
      return await attempt();
    } catch (error) {
      const retryable = error instanceof ProviderError && error.retryable;
      if (!retryable || retry + 1 >= policy.attempts) throw error;
      await sleep(retryDelayMs(policy, retry, error));
    }
  }
};
