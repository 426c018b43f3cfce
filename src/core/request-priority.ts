import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Who a Spotify request is for, highest first: a person waiting for an answer, the sorting of
 * new likes, the check for hand edits in playlists, and anything else (re-reads, look-ups).
 * When the daily budget runs low the lowest stops first.
 */
export const RequestPriority = {
  Interactive: 'interactive',
  NewLikes: 'new-likes',
  HandEdits: 'hand-edits',
  Background: 'background',
} as const;

export type RequestPriority = (typeof RequestPriority)[keyof typeof RequestPriority];

/** Highest first. */
export const PRIORITY_ORDER: readonly RequestPriority[] = [
  RequestPriority.Interactive,
  RequestPriority.NewLikes,
  RequestPriority.HandEdits,
  RequestPriority.Background,
];

const current = new AsyncLocalStorage<RequestPriority>();

/** The priority of the work running now; work nobody marked is a person's (a command, a button). */
export const currentPriority = (): RequestPriority => current.getStore() ?? RequestPriority.Interactive;

/** Runs `work` (and every request it makes) at `priority`. */
export const withPriority = <T>(priority: RequestPriority, work: () => Promise<T>): Promise<T> =>
  current.run(priority, work);

/** Runs `work` at `priority` or the current one, whichever is lower. */
export const atMostPriority = <T>(priority: RequestPriority, work: () => Promise<T>): Promise<T> => {
  const now = currentPriority();
  return current.run(PRIORITY_ORDER.indexOf(priority) > PRIORITY_ORDER.indexOf(now) ? priority : now, work);
};
