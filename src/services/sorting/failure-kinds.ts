import { isUserError } from '../errors.js';

/** 4xx answers other than 429 will not succeed on a retry: the run cannot finish. */
export const isPermanent = (error: unknown): boolean => {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' && status >= 400 && status < 500 && status !== 429;
};

/**
 * Failures that pass, waited out however long they last: Spotify's 5xx and 429, no answer (the
 * adapter marks those `retryable`), the database's deadlocks, serialization failures and lost
 * connections (the db adapter marks those `retryable`), and what the person is told about
 * otherwise (Spotify's limit and the bot's budget, an expired link: user errors).
 */
export const isPassing = (error: unknown): boolean => {
  if (isUserError(error)) return true;
  const { status, retryable } = (error ?? {}) as { status?: unknown; retryable?: unknown };
  return retryable === true || (typeof status === 'number' && (status === 429 || status >= 500));
};
