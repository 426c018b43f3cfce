import { RUN_APPLY_TRIES } from '../../src/services/sorting/run-applier.js';

/**
 * What each pass at a failing run ended with, the error or undefined: `first` (the command that
 * journaled it, when given), then `again` (a later pass of its layer) until `passes` in all.
 */
export const passesAt = async (
  passes: number,
  again: () => Promise<unknown>,
  first: () => Promise<unknown> = again,
): Promise<unknown[]> => {
  const outcomes = [
    await first().then(
      () => undefined,
      (error: unknown) => error,
    ),
  ];
  while (outcomes.length < passes)
    outcomes.push(
      await again().then(
        () => undefined,
        (error: unknown) => error,
      ),
    );
  return outcomes;
};

/** Each outcome by its error's name (undefined: the pass threw nothing). */
export const namesOf = (outcomes: readonly unknown[]): unknown[] =>
  outcomes.map((e) => (e instanceof Error ? e.name : e));

/**
 * The names of `passes` passes at a run failing every try for a cause of ours, from its try `from`
 * on: each a try until try RUN_APPLY_TRIES ends it, after which no pass tries it again.
 */
export const endingAtLastTry = (passes: number, from = 1): unknown[] =>
  Array.from({ length: passes }, (_, i) =>
    from + i < RUN_APPLY_TRIES
      ? 'RunTryFailedError'
      : from + i === RUN_APPLY_TRIES
        ? 'RunFailedError'
        : undefined,
  );
