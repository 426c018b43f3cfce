import { isUserError } from '../errors.js';

/**
 * What the bot counts for its operator (Prometheus at `/metrics`, src/metrics). Every label value
 * comes from a short fixed list (a command name, a component kind, an endpoint template, a queue),
 * never from a user, a track or a raw URL.
 */
export type InteractionKind = 'command' | 'component' | 'autocomplete' | 'other';

/** `user-error`: the person was told what to fix; `error`: unexpected, logged with a reference. */
export type Outcome = 'ok' | 'user-error' | 'error';

/** The request budget as every process shares it (SpotifyRequestBudget.use()). */
export interface BudgetReading {
  spent: number;
  budget: number;
  /** What a person's own request may still spend (the interactive share). */
  left: number;
  blockedUntil: Date | undefined;
}

export interface Metrics {
  /** An interaction answered after `seconds`; `name` is the command or the component kind. */
  interactionHandled(kind: InteractionKind, name: string, outcome: Outcome, seconds: number): void;
  /** One answer from Spotify (each attempt, retries included); `status` 0: no answer (network, timeout). */
  spotifyAnswered(method: string, endpointTemplate: string, status: number): void;
  /** A job of `queue` ended: `completed`, or `failed` (the queue retries it or gives up). */
  jobFinished(queue: string, outcome: 'completed' | 'failed', seconds: number): void;
  trainingFinished(outcome: Outcome, seconds: number): void;
  /** A sort run planned and applied: a whole layer (`/sort`) or the new likes of a sync. */
  sortFinished(kind: 'layer' | 'new-likes', outcome: Outcome, seconds: number): void;
  /** A DM the bot sent on its own: delivered, or why not. */
  dmSent(outcome: 'delivered' | 'dms-closed' | 'suppressed' | 'failed'): void;
  /** The shared daily budget, read at every scrape. */
  readBudgetWith(read: () => Promise<BudgetReading>): void;
}

/** Seconds since `startedAt` (a `performance.now()`), for the durations above. */
export const secondsSince = (startedAt: number): number => (performance.now() - startedAt) / 1000;

/** How a failure counts: a user error (told what to fix) or an unexpected one. */
export const outcomeOf = (error: unknown): Outcome => (isUserError(error) ? 'user-error' : 'error');

/** Runs `work` and records how it ended and how long it took (unless `counts` says its result did nothing). */
export const timed = async <T>(
  record: ((outcome: Outcome, seconds: number) => void) | undefined,
  work: () => Promise<T>,
  counts: (result: T) => boolean = () => true,
): Promise<T> => {
  const startedAt = performance.now();
  try {
    const result = await work();
    if (counts(result)) record?.('ok', secondsSince(startedAt));
    return result;
  } catch (error) {
    record?.(outcomeOf(error), secondsSince(startedAt));
    throw error;
  }
};
