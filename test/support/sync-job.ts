import { QUEUES } from '../../src/jobs/queues.js';
import type { RunningSortingJobs } from '../../src/composition/sorting-jobs.js';

/** Sends a sync job for the user and waits until a worker finished it; returns its final state. */
export const runSyncJob = async (running: RunningSortingJobs, userId: string): Promise<string> => {
  const { boss } = running.jobs;
  let id = await running.jobs.queueSync(userId);
  // stately: a sync already queued (by the cron tick) takes this one's place; wait for it, then send ours.
  for (let tries = 0; id === null && tries < 200; tries++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    id = await running.jobs.queueSync(userId);
  }
  if (id === null) throw new Error(`could not queue a sync for ${userId}`);
  const deadline = Date.now() + 30_000;
  for (;;) {
    const [job] = await boss.findJobs(QUEUES.syncUser, { id });
    if (job && ['completed', 'failed', 'cancelled'].includes(job.state)) return job.state;
    if (Date.now() > deadline) throw new Error(`sync job still ${job?.state}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};
