import type { BlockAnswer } from '../core/enrichment-records.js';

export interface LookupFailure {
  provider: string;
  unavailable: number;
  error: Error | undefined;
}

export const answerOf = <T>(
  key: string | undefined,
  answers: ReadonlyMap<string, T | null>,
  unavailable: ReadonlySet<string>,
  isEmpty: (value: T) => boolean,
): BlockAnswer<T> => {
  if (key === undefined) return { status: 'absent' };
  if (unavailable.has(key)) return { status: 'unavailable' };
  const value = answers.get(key);
  return value === undefined || value === null || isEmpty(value)
    ? { status: 'absent' }
    : { status: 'found', value };
};
