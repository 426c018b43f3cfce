import { randomUUID } from 'node:crypto';
import type { PgBoss } from 'pg-boss';
import type { Logger } from '../logger.js';
import { withoutSecrets } from '../redaction.js';
import { referenceOf } from '../services/errors.js';

/**
 * What pg-boss stores (unencrypted, as the job's output) of a failed job: its reference, under which
 * the whole error was logged, and its message without secrets. A subclass may add fields the retry
 * reads; they are stored as they are.
 */
export class JobFailure extends Error {
  override name = 'JobFailure';
  constructor(
    readonly reference: string,
    message: string,
  ) {
    super(withoutSecrets(message));
  }
}

/** The failure to throw to pg-boss for `error`, already logged under `reference`. */
export const jobFailure = (error: unknown, reference: string): JobFailure =>
  error instanceof JobFailure
    ? error
    : new JobFailure(reference, error instanceof Error ? error.message : String(error));

/**
 * Every handler of `boss` throws only a JobFailure: any other error is logged whole with a reference
 * and replaced. Its handlers, registered here or in the queue's own files, now or later, need no
 * change; whether the job is retried is pg-boss's as before (any throw fails the attempt).
 */
export const storeFailuresWithoutSecrets = (boss: PgBoss, logger: Logger): void => {
  const work = boss.work.bind(boss) as (name: string, ...rest: unknown[]) => Promise<string>;
  const guarded = (name: string, ...rest: unknown[]): Promise<string> => {
    const handler = rest.pop() as (...args: unknown[]) => Promise<unknown>;
    const storable = async (...args: unknown[]) => {
      try {
        return await handler(...args);
      } catch (error) {
        if (error instanceof JobFailure) throw error;
        const reference = referenceOf(error) ?? randomUUID().slice(0, 8);
        logger.error({ queue: name, err: error, reference }, 'job failed');
        throw jobFailure(error, reference);
      }
    };
    return work(name, ...rest, storable);
  };
  boss.work = guarded as PgBoss['work'];
};
