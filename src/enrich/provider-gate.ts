import Bottleneck from 'bottleneck';
import { CircuitBreaker, type CircuitBreakerOptions, type CircuitState } from './circuit-breaker.js';
import { ProviderUnavailableError } from './provider-error.js';
import type { ProviderHealth } from './provider-health.js';
import { type RetryPolicy, withRetry } from './retry-policy.js';

export interface RateLimit {
  maxConcurrent: number;
  /** Minimum pause between the starts of two requests. */
  minTimeMs: number;
}

export interface ProviderPolicy {
  rateLimit: RateLimit;
  retry: RetryPolicy;
  breaker: CircuitBreakerOptions;
}

/**
 * Everything a request to one provider goes through: its circuit breaker, then its retry policy,
 * each try taking a slot of the provider's own rate limiter.
 */
export class ProviderGate {
  private readonly limiter: Bottleneck;
  private readonly breaker: CircuitBreaker;

  constructor(
    readonly provider: string,
    private readonly policy: ProviderPolicy,
    /** Hears how each call ended (calls the open circuit stopped are not calls). */
    private readonly health?: ProviderHealth,
  ) {
    this.limiter = new Bottleneck({
      maxConcurrent: policy.rateLimit.maxConcurrent,
      minTime: policy.rateLimit.minTimeMs,
    });
    this.breaker = new CircuitBreaker(policy.breaker);
  }

  get circuit(): CircuitState {
    return this.breaker.state;
  }

  /** Runs one logical request; throws ProviderUnavailableError without calling when the circuit is open. */
  async run<T>(request: () => Promise<T>): Promise<T> {
    if (!this.breaker.tryAcquire()) throw new ProviderUnavailableError(this.provider);
    // Requests queued behind the limiter while other calls opened the circuit must not go out either.
    const attempt = () =>
      this.limiter.schedule(() =>
        this.breaker.state === 'open'
          ? Promise.reject(new ProviderUnavailableError(this.provider))
          : request(),
      );
    try {
      const result = await withRetry(this.policy.retry, attempt);
      this.breaker.recordSuccess();
      this.health?.succeeded(this.provider);
      return result;
    } catch (error) {
      if (error instanceof ProviderUnavailableError) this.breaker.release();
      else {
        this.breaker.recordFailure();
        this.health?.failed(this.provider, error);
      }
      throw error;
    }
  }
}
