import type { PgBoss } from 'pg-boss';
import { secondsSince, type Metrics } from '../services/ports/metrics.js';

type Handler = (jobs: unknown[], ...rest: unknown[]) => Promise<unknown>;

/**
 * Counts every job this process works, by queue and outcome, with its duration. It wraps
 * `boss.work` itself, so that every worker (registered here or in the queue's own files, now or
 * later) is counted the same way, with no change to its handler. The outcome is pg-boss's: a
 * handler that throws has failed (the queue retries it or gives up), one that returns completed.
 */
export const measureJobs = (boss: PgBoss, metrics: Pick<Metrics, 'jobFinished'>): void => {
  const work = boss.work.bind(boss) as (name: string, ...rest: unknown[]) => Promise<string>;
  const measured = (name: string, ...rest: unknown[]): Promise<string> => {
    const handler = rest.pop() as Handler;
    const counted: Handler = async (jobs, ...more) => {
      const startedAt = performance.now();
      const finished = (outcome: 'completed' | 'failed') => {
        const seconds = secondsSince(startedAt);
        for (let i = 0; i < jobs.length; i++) metrics.jobFinished(name, outcome, seconds);
      };
      try {
        const result = await handler(jobs, ...more);
        finished('completed');
        return result;
      } catch (error) {
        finished('failed');
        throw error;
      }
    };
    return work(name, ...rest, counted);
  };
  boss.work = measured as PgBoss['work'];
};
