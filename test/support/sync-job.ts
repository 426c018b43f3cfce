import { pino } from 'pino';
import { QUEUES } from '../../src/jobs/queues.js';
import type { RunningSortingJobs, SortingJobsDeps } from '../../src/composition/sorting-jobs.js';
import { SpotifyPlaylistWriter } from '../../src/spotify/playlist-writer.js';
import type { SpotifyHarness } from './spotify/spotify-harness.js';

/**
 * How often the test's workers look for new jobs (pg-boss's minimum, as the e2e processes poll): a sync
 * sent by runSyncJob waits for the workers' next look, 1 s on average at the default 2 s.
 */
const POLL_MS = 500;

/**
 * The sorting jobs' dependencies over a Spotify harness, as the job tests and the quota bench
 * build them: silent logs, writes through the harness's sessions, syncs every 10 minutes within a
 * budget of 1,000, workers that look for jobs every POLL_MS (the bench brings its own queue);
 * `options` adds or overrides the rest.
 */
export const sortingJobsOver = (
  harness: Pick<SpotifyHarness, 'database' | 'sessions' | 'sync'>,
  options: Pick<SortingJobsDeps, 'notifier' | 'modelWork'> & Partial<SortingJobsDeps>,
): SortingJobsDeps => ({
  database: harness.database,
  logger: pino({ level: 'silent' }),
  writer: new SpotifyPlaylistWriter(harness.sessions),
  library: harness.sync,
  syncIntervalMinutes: 10,
  spotifyDailyBudget: 1_000,
  pollMs: POLL_MS,
  ...options,
});

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
