import type { Queue } from 'pg-boss';

/** pg-boss queue names and payloads. */
export const QUEUES = {
  /** Cron tick: sends `sync-user` for every user due. */
  syncTick: 'sync-tick',
  syncUser: 'sync-user',
  trainLayer: 'train-layer',
  /** A /train someone asked for; its result goes back to them. */
  trainRequest: 'train-request',
  /** At each start: finishes journaled sort runs left unfinished by a process that stopped, sends the DMs a start owes. */
  resumeRuns: 'resume-sort-runs',
  /** Enrichment of a user's library (or given tracks) after a sync. */
  enrichTracks: 'enrich-tracks',
} as const;

// MusicBrainz answers one ISRC a second, so the first enrichment of a large library takes a while.
export const ENRICH_EXPIRE_SECONDS = 6 * 60 * 60;

/** A /train that fails unexpectedly (or whose process dies) is tried this many more times. */
export const TRAIN_REQUEST_RETRY_LIMIT = 2;

/**
 * Seconds before a failed /train is tried again, doubled for the second retry (pg-boss's backoff,
 * up to twice that with its jitter): a result Discord could not show waits out a short outage
 * instead of spending every retry in a second.
 */
export const TRAIN_REQUEST_RETRY_DELAY_SECONDS = 10;

/** The queues' timings a process starts with; tests shorten them. */
export interface QueueTimings {
  /** JOB_HEARTBEAT_SECONDS (default DEFAULT_HEARTBEAT_SECONDS). */
  heartbeatSeconds?: number;
  /** Default TRAIN_REQUEST_RETRY_DELAY_SECONDS. */
  trainRetryDelaySeconds?: number;
}

/** JOB_HEARTBEAT_SECONDS' default. */
export const DEFAULT_HEARTBEAT_SECONDS = 30;

/** JOB_POLL_MS' default (pg-boss's own). */
export const DEFAULT_POLL_MS = 2_000;

/**
 * Each queue's settings, applied at every start (a changed value reaches existing databases too).
 * stately: at most one queued and one active job per key (user or layer); a duplicate send is dropped.
 */
export const queueSettings = ({
  heartbeatSeconds = DEFAULT_HEARTBEAT_SECONDS,
  trainRetryDelaySeconds = TRAIN_REQUEST_RETRY_DELAY_SECONDS,
}: QueueTimings = {}): Record<(typeof QUEUES)[keyof typeof QUEUES], Omit<Queue, 'name'>> => ({
  [QUEUES.syncUser]: { policy: 'stately', retryLimit: 2, retryBackoff: true, expireInSeconds: 15 * 60 },
  // A heartbeat too: a /train of the layer waits while one runs, so a dead one must not hold it 30 min.
  [QUEUES.trainLayer]: { policy: 'stately', retryLimit: 1, expireInSeconds: 30 * 60, heartbeatSeconds },
  // exclusive: one queued or running /train per layer. A process that dies mid-training stops its
  // heartbeat, and the job is retried by another (or the restarted) process.
  [QUEUES.trainRequest]: {
    policy: 'exclusive',
    retryLimit: TRAIN_REQUEST_RETRY_LIMIT,
    retryDelay: trainRetryDelaySeconds,
    retryBackoff: true,
    expireInSeconds: 30 * 60,
    heartbeatSeconds,
  },
  [QUEUES.syncTick]: { policy: 'short' },
  [QUEUES.resumeRuns]: { policy: 'short' },
  [QUEUES.enrichTracks]: {
    policy: 'stately',
    retryLimit: 2,
    retryBackoff: true,
    expireInSeconds: ENRICH_EXPIRE_SECONDS,
  },
});

export interface SyncUserJob {
  userId: string;
}

export interface TrainLayerJob {
  userId: string;
  layerId: string;
}
