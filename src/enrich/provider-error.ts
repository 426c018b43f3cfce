/** A failed provider request; `retryable` failures are tried again after a pause. */
export class ProviderError extends Error {
  override name = 'ProviderError';
  constructor(
    readonly provider: string,
    message: string,
    readonly retryable: boolean,
    /** The pause the provider asked for (Retry-After), if it said. */
    readonly retryAfterMs?: number,
  ) {
    super(`${provider}: ${message}`);
  }
}

/** The provider's circuit breaker is open: the call was not attempted. */
export class ProviderUnavailableError extends Error {
  override name = 'ProviderUnavailableError';
  constructor(readonly provider: string) {
    super(`${provider} is unavailable (circuit open)`);
  }
}
