import type { Metrics } from './metrics.js';
import type {
  HandEditRecord,
  Label,
  Layer,
  Sublist,
  UserSettings,
  WaitingTrack,
} from '../../core/layer-records.js';
import type {
  DmRetry,
  NewSortRun,
  OwedPutBack,
  PutBackSong,
  SortRun,
  SortRunStatus,
  SortStep,
} from '../../core/run-records.js';
import type { PlannedStep, StepAction } from '../../core/sort-steps.js';
import type { LayerPredictions } from '../model/layer-predictions.js';
import type { WeakModelWarning } from './model-ports.js';
import type { Notifier } from './notifier.js';
import type { WaitingStore } from './layer.ports.js';

/** Spotify writes of one user's playlists (the Spotify side's playlist writer). */
export interface PlaylistWriter {
  /** Appends up to 100 tracks; returns the playlist's new snapshot id (null when unknown). */
  addTracks(userId: string, playlistId: string, trackIds: readonly string[]): Promise<string | null>;
  /** Removes every occurrence of up to 100 tracks; returns the new snapshot id. */
  removeTracks(userId: string, playlistId: string, trackIds: readonly string[]): Promise<string | null>;
  /** What the playlist holds now, read from Spotify (to resume a run that was cut short). */
  trackIds(userId: string, playlistId: string): Promise<string[]>;
  /** The playlist's current version on Spotify (one small read before each write). */
  snapshotId(userId: string, playlistId: string): Promise<string | null>;
}

export interface SortRunStore {
  create(run: NewSortRun, steps: readonly (PlannedStep & { playlistId: string })[]): Promise<SortRun>;
  /** Journals the steps and summary of a run created without them (an undo, planned once journaled). */
  setPlan(
    id: string,
    summary: unknown,
    steps: readonly (PlannedStep & { playlistId: string })[],
  ): Promise<void>;
  byId(id: string): Promise<SortRun | undefined>;
  /** Replaces the summary of a run being applied (one that wrote less than it planned). */
  setSummary(id: string, summary: unknown): Promise<void>;
  setStatus(id: string, status: SortRunStatus, error?: string | null): Promise<void>;
  /**
   * Counts one apply of the run that failed for no passing reason, with its error, in one
   * statement (what a crash leaves is counted or not, never half or twice); returns the count so far.
   */
  countFailure(id: string, error: string): Promise<number>;
  /**
   * Counts an apply of the run as it starts, in one statement, as cut short until `applyEnded`
   * gives it back; returns how many applies before it were cut short (the process died in them).
   */
  startApply(id: string): Promise<number>;
  /** The apply counted last by `startApply` ended with a cause seen: it no longer counts as cut short. */
  applyEnded(id: string): Promise<void>;
  /**
   * Ends a run as failed with its error and its new summary, makes `waiting` (the songs it could
   * not place) wait in its layer and takes `retaken` (departed songs it did not take out) back into
   * the layer's intake, in one transaction: a crash leaves all or none.
   */
  fail(
    id: string,
    failure: {
      error: string;
      summary: unknown;
      waiting: readonly WaitingTrack[];
      retaken?: readonly string[];
    },
  ): Promise<void>;
  /**
   * The run owes the put-back of `songs` (its moves made in part) from now on, its tries at it none
   * yet: stored before the run is marked failed, so that a crash in between loses none.
   */
  owePutBack(id: string, songs: readonly PutBackSong[]): Promise<void>;
  /** The failed runs that owe a put-back (of the layer, or of everyone), oldest first, with their user. */
  putBacksOwed(layerId?: string): Promise<OwedPutBack[]>;
  /**
   * Counts a try at the run's put-back as it starts, in one statement, until `putBackEnded` gives
   * it back; returns how many tries before it counted (the process died in them, or they failed).
   */
  startPutBack(id: string): Promise<number>;
  /** The try counted last by `startPutBack` failed for a reason that passes: it no longer counts. */
  putBackEnded(id: string): Promise<void>;
  /** The run owes no put-back any more (made, found made or undone by hand, or given up). */
  settlePutBack(id: string): Promise<void>;
  markUndone(id: string): Promise<void>;
  unfinished(): Promise<(SortRun & { userId: string })[]>;
  unfinishedFor(layerId: string): Promise<SortRun[]>;
  /** The layer's newest applied sort or sync run that changed something and is not undone. */
  lastUndoable(layerId: string): Promise<SortRun | undefined>;
  /** The layer's newest `/sort` run, a dry run included (a dry run's plan is kept for the next /sort). */
  lastSort(layerId: string): Promise<SortRun | undefined>;
  /** The layer's newest sync run that ended (done or failed). */
  lastSyncEnded(layerId: string): Promise<SortRun | undefined>;
  /** Correction runs of the layer made after `since` and not undone, oldest first. */
  correctionsSince(layerId: string, since: Date): Promise<SortRun[]>;
  /** A DM about the run is owed from now on (unless one was sent already). */
  oweDm(id: string): Promise<void>;
  /** Finished undo runs whose "undo finished" DM is still owed, with their user. */
  owedUndoDms(): Promise<(SortRun & { userId: string })[]>;
}

/** The DMs owed for runs (the sort-run repository), so that a crash or Discord down loses none. */
export interface RunDmStore {
  /** The layer's runs of `kind` (default sync: the new-songs DM; sort, undo, correction: a held run's) whose DM is still owed, oldest first. */
  pendingDms(layerId: string, kind?: 'sync' | 'sort' | 'undo' | 'correction'): Promise<SortRun[]>;
  /**
   * Counts one try, made at `at`, before sending; false when no longer owed, out of tries (then
   * given up: dropped at `at`) or too soon after the last try (nextDmTry: owed still).
   */
  claimDm(runId: string, retry: DmRetry, at: Date): Promise<boolean>;
  /** No longer owed: delivered at `sentAt`, or (null) not to be sent. */
  settleDm(runId: string, sentAt: Date | null): Promise<void>;
  /** No longer owed, and not delivered (at `at`): Discord refused it, or the pause outlasted its week (or, in claimDm, every try failed). */
  dropDm(runId: string, at: Date): Promise<void>;
  /** How many DMs of the user's runs were dropped at `since` or later (/status counts them). */
  droppedDmsSince(userId: string, since: Date): Promise<number>;
  /**
   * Gives back the try just claimed, which was not made (the notifier held DMs back): owed still,
   * its tries as before, and the next pass may try at once.
   */
  releaseDm(runId: string): Promise<void>;
}

export interface SortStepStore {
  listFor(runId: string): Promise<SortStep[]>;
  markDone(id: string, snapshotId: string | null): Promise<void>;
  /** Sets the step's songs Spotify took whose record failed (none: a sync has stored them since). */
  markUnrecorded(id: string, trackIds: readonly string[]): Promise<void>;
  /** The steps of the layer's runs with unrecorded songs. */
  unrecordedFor(layerId: string): Promise<SortStep[]>;
}

export interface PlaylistContentsStore {
  contentsOf(userId: string, playlistIds: readonly string[]): Promise<Map<string, Set<string>>>;
  /**
   * Of these playlists, those the user's library lists as last synced (a sublist the bot created
   * since is listed at once) and the linked Spotify account owns: one deleted or unfollowed in
   * Spotify is not, nor one another account owns (after `/link` with another account: Spotify
   * refuses its writes there). With no account linked, ownership is not asked.
   */
  listedPlaylists(userId: string, playlistIds: readonly string[]): Promise<Set<string>>;
  /** The playlist version those contents were read at (null: never read). */
  snapshotOf(userId: string, playlistId: string): Promise<string | null>;
  /**
   * Records the bot's own write. `snapshotId` is stored as the version the contents stand for
   * only when given: null leaves the stored version, so the next sync reads the playlist again.
   */
  recordWrite(
    userId: string,
    playlistId: string,
    action: StepAction,
    trackIds: readonly string[],
    snapshotId: string | null,
  ): Promise<void>;
}

export interface HandEditStore {
  record(edits: readonly HandEditRecord[]): Promise<void>;
  listFor(layerId: string): Promise<HandEditRecord[]>;
  forget(sublistIds: readonly string[], trackId: string): Promise<void>;
}

export interface RunLockProvider {
  tryLock(key: string): Promise<(() => Promise<void>) | undefined>;
}

export interface SortRunDeps {
  layers: { byId(id: string): Promise<Layer | undefined>; listFor(userId: string): Promise<Layer[]> };
  sublists: { listFor(layerId: string): Promise<Sublist[]> };
  labels: {
    listFor(layerId: string): Promise<Label[]>;
    get(layerId: string, trackId: string): Promise<Label | undefined>;
    put(
      layerId: string,
      trackId: string,
      sublistIds: readonly string[],
      source: Label['source'],
    ): Promise<void>;
  };
  settings: { get(userId: string): Promise<UserSettings> };
  model: {
    predictions(userId: string, layer: Layer, trackIds?: readonly string[]): Promise<LayerPredictions>;
    /** Set when the active model is below the quality floor: the sort's outcome warns with it. */
    weakness(layer: Layer): Promise<WeakModelWarning | undefined>;
  };
  motherlist: {
    trackIdsOf(userId: string, sourceId: string): Promise<string[]>;
    /** Of `trackIds`, those the source holds (as last read and the bot's writes left it). */
    holding(userId: string, sourceId: string, trackIds: readonly string[]): Promise<Set<string>>;
    namesOf(trackIds: readonly string[]): Promise<Map<string, string>>;
  };
  contents: PlaylistContentsStore;
  handEdits: HandEditStore;
  /** The layer's waiting songs, changed outside a run (songs taken out of every sublist by hand). */
  waiting: Pick<WaitingStore, 'record'>;
  runs: SortRunStore & Pick<RunDmStore, 'pendingDms' | 'claimDm' | 'settleDm' | 'releaseDm' | 'dropDm'>;
  steps: SortStepStore;
  writer: PlaylistWriter;
  locks: RunLockProvider;
  /** Tells a user how a run finished after its answer went (none: the DM stays owed). */
  notifier?: Notifier;
  /** The clock of hand edits found by an undo and of DMs sent (default: the system clock). */
  now?: () => Date;
  /** Times each sort run. */
  metrics?: Pick<Metrics, 'sortFinished'>;
  /**
   * Queues a retraining once a correction's answer is stored and enough answers came in
   * (AnswerRetraining); none: the model learns the answers at the next training.
   */
  retraining?: { afterAnswers(userId: string, layerId: string): Promise<boolean> };
}
