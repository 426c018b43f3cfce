/** pg-boss queue names and payloads. */
export const QUEUES = {
  /** Cron tick: sends `sync-user` for every user due. */
  syncTick: 'sync-tick',
  syncUser: 'sync-user',
  trainLayer: 'train-layer',
  /** Finishes journaled sort runs left unfinished by a process that stopped. */
  resumeRuns: 'resume-sort-runs',
} as const;

export interface SyncUserJob {
  userId: string;
}

export interface TrainLayerJob {
  userId: string;
  layerId: string;
}
