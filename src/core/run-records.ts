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
}
