import type { IntakeChange, WaitingChange } from './layer-records.js';
import type { StepAction } from './sort-steps.js';

export type SortRunKind = 'sort' | 'sync' | 'undo' | 'correction';
export type SortRunStatus = 'planned' | 'applying' | 'done' | 'failed' | 'dry-run';

/** One application of a model to a layer (or an undo, or a correction), as it is journaled. */
export interface SortRun {
  id: string;
  layerId: string;
  modelId: string | null;
  kind: SortRunKind;
  status: SortRunStatus;
  revertsRunId: string | null;
  undoneAt: Date | null;
  summary: unknown;
  error: string | null;
  createdAt: Date;
  finishedAt: Date | null;
  /** Its new-songs DM is still owed (sync runs only). */
  dmPending: boolean;
  dmSentAt: Date | null;
}

/** How a run's DM that failed for a passing reason (Discord down…) is tried again. */
export interface DmRetry {
  /** Tries in all, the first included. */
  maxAttempts: number;
  /** The wait after the first failed try; each later wait doubles it. */
  firstWaitMs: number;
}

/**
 * Five tries, waiting 10, 20, 40 then 80 minutes between them: about 2.5 hours in all, which
 * outlasts a Discord outage of an hour or two. Tries go with the passes of a layer (a sync, every
 * 10 minutes by default: config.ts SYNC_INTERVAL_MINUTES), so a first wait below that would change
 * nothing at the default, and a user who syncs every minute no longer spends all five in as many
 * minutes.
 */
export const DM_RETRY: DmRetry = { maxAttempts: 5, firstWaitMs: 10 * 60_000 };

/**
 * How long a run's DM stays owed while the notifier holds DMs back after a refusal (DMs closed):
 * a week, so that a user who opens DMs again hears what happened meanwhile, and summaries of a user
 * who never does are not kept for ever.
 */
export const DM_OWED_FOR_MS = 7 * 24 * 60 * 60 * 1000;

/** When the try after `attempts` tries (one at least) may go at the soonest, the last at `at`. */
export const nextDmTry = (retry: DmRetry, attempts: number, at: Date): Date =>
  new Date(at.getTime() + retry.firstWaitMs * 2 ** (attempts - 1));

export interface NewSortRun {
  layerId: string;
  modelId: string | null;
  kind: SortRunKind;
  /** `planned` to apply, `dry-run` to only show. */
  status: 'planned' | 'dry-run';
  revertsRunId?: string | null;
  summary: unknown;
  /** Motherlist tracks the run takes in (or out) for its layer, committed with the journal. */
  intake?: IntakeChange;
  /** What the run changes in the layer's waiting songs, committed with the journal (not for a dry run). */
  waiting?: WaitingChange;
  /** The run's new-songs DM is owed once it is applied (ignored for a dry run). */
  dmPending?: boolean;
}

/**
 * A song whose move a run that ended failed made only in part (added where it goes but not taken
 * out of where it was, or the reverse): owed a put-back where it was. Playlists by Spotify id.
 */
export interface PutBackSong {
  trackId: string;
  trackName: string;
  /** The playlists the run's steps write it to or from (not one the mutual check kept it out of). */
  playlists: string[];
  /** Of those, the ones that held it as the run ended. */
  held: string[];
  /** Of those, the ones that hold it once it is put back where it was. */
  back: string[];
}

/** A failed run that still owes the put-back of the songs it moved in part, with its user. */
export interface OwedPutBack {
  run: PendingRun;
  songs: PutBackSong[];
}

/** A run with its user, as resuming needs it. */
export interface PendingRun extends SortRun {
  userId: string;
}

/** One journaled batch of a run: at most 100 tracks added to or removed from one sublist. */
export interface SortStep {
  id: string;
  runId: string;
  seq: number;
  sublistId: string;
  playlistId: string;
  action: StepAction;
  trackIds: string[];
  done: boolean;
  snapshotId: string | null;
  /**
   * Songs of a step not done that Spotify took and whose record in the stored playlist contents
   * failed when its run ended: until a sync stores the playlist as read, a change of one of them
   * is the bot's, not the user's hand edit.
   */
  unrecorded: string[];
}
