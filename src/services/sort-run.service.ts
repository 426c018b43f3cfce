import { AsyncLocalStorage } from 'node:async_hooks';
import { placementProblem, type Placement } from '../core/layer.js';
import type { IntakeChange, Layer, Sublist, WaitingChange, WaitingTrack } from '../core/layer-records.js';
import { type DesiredPlacement, type SortPlan, applySortPlan, buildSortPlan } from '../core/sort-plan.js';
import { type PlannedStep, buildUndoChanges, stepsOfChanges } from '../core/sort-steps.js';
import { placeConfident, placeEverything, type ConfidentDecision } from './confident-sort.js';
import { InvalidInputError, NotYoursError, StaleComponentError, UserError, UserErrorCode } from './errors.js';
import type { PlacementPrediction } from './layer-model.service.js';
import type {
  LayerSorter,
  SortConfidence,
  SortCounts,
  SortOptions,
  SortOutcome,
  UndoOutcome,
} from './model-ports.js';
import type { SortRun, SortRunKind } from '../core/run-records.js';
import type { HandEditRecord, SortRunDeps } from './sort-run.ports.js';

/** What a run did, stored with it for summaries, DMs and the chart. */
export interface RunSummary {
  perSublist: { sublistId: string; name: string; added: number; removed: number; total: number }[];
  /** Tracks the run placed in no sublist. */
  voidCount: number;
  /** The least certain placements the model made, least certain first. */
  uncertain: { trackId: string; trackName: string; sublistIds: string[]; confidence: number }[];
  /** Every track the run placed and where (the sync DM lists them). */
  placed: { trackId: string; trackName: string; sublistIds: string[] }[];
  /** Changes that hand edits forbade. */
  heldBack: number;
  /** How much the model placed and how sure it is; absent in runs without model guesses. */
  confidence?: SortConfidence;
  /** The first songs left waiting for an answer, least sure first (the sync DM lists them). */
  waiting?: { trackId: string; trackName: string; sublistIds: string[]; confidence: number }[];
  /** An undo run's: the runs it reverts (the run and the corrections made on it since). */
  reverted?: string[];
}

/** The summary an undo run is journaled with before its plan is known (reading Spotify takes long). */
const UNDO_NOT_PLANNED = { undoPlanned: false } as const;

const isUnplannedUndo = (run: SortRun): boolean =>
  run.kind === 'undo' && (run.summary as { undoPlanned?: boolean } | null)?.undoPlanned === false;

export interface RunResult {
  run: SortRun;
  summary: RunSummary;
}

const UNCERTAIN_SHOWN = 5;
const PLACED_KEPT = 200;
const WAITING_KEPT = 25;

/**
 * How long a correction or a sync waits for the layer's running run before giving up: two menus
 * picked at once both apply, one after the other. A /sort or /undo does not wait: it says busy.
 */
const QUEUED_WAIT_MS = 30_000;
/** Tries at the DM of an undo finished after a restart (Discord down…) before giving up. */
const UNDO_DM_ATTEMPTS = 5;
const LOCK_POLL_MS = 50;

/** The lock that makes a layer's runs (plan, journal and apply) happen one at a time. */
const layerLockKey = (layerId: string): string => `sort-layer:${layerId}`;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class RunBusyError extends UserError {
  constructor() {
    super(UserErrorCode.Busy, 'A sort of this layer is running; try again when it is done.');
    this.name = 'RunBusyError';
  }
}

const nested = (edits: readonly HandEditRecord[], action: 'add' | 'remove'): Map<string, Set<string>> => {
  const map = new Map<string, Set<string>>();
  for (const edit of edits) {
    if (edit.action !== action) continue;
    const set = map.get(edit.sublistId) ?? new Set<string>();
    set.add(edit.trackId);
    map.set(edit.sublistId, set);
  }
  return map;
};

/** The tracks a run's stored summary says it placed (the void included). */
const placedTrackIds = (summary: unknown): string[] => {
  const placed = (summary as Partial<RunSummary> | null)?.placed;
  return Array.isArray(placed) ? placed.map((p) => p.trackId) : [];
};

/** 4xx answers other than 429 will not succeed on a retry: the run cannot finish. */
const isPermanent = (error: unknown): boolean => {
  const status = (error as { status?: unknown }).status;
  return typeof status === 'number' && status >= 400 && status < 500 && status !== 429;
};

/**
 * Sort runs: plan → journal (sort_runs + sort_steps) → apply in writes of ≤ 100, each step
 * marked done as it succeeds. A run cut short anywhere is finished by `resume` with no
 * duplicate and nothing lost: a step not marked done is checked against the playlist first.
 */
export class SortRunService implements LayerSorter {
  /** The layers whose lock the current call chain holds (a sync holds its layers' across its runs). */
  private readonly held = new AsyncLocalStorage<ReadonlySet<string>>();

  constructor(private readonly deps: SortRunDeps) {}

  // ---- LayerSorter (the bot's /sort and /undo) ----

  async sort(userId: string, layer: Layer, options: SortOptions): Promise<SortOutcome> {
    const result = await this.sortLayer(userId, layer, options);
    return this.toOutcome(result, options.dryRun);
  }

  async undoLast(userId: string, layer: Layer): Promise<UndoOutcome> {
    return this.underLayerLock(layer.id, 0, async () => {
      await this.finishLocked(userId, layer.id);
      const last = await this.deps.runs.lastUndoable(layer.id);
      if (!last) throw new UserError(UserErrorCode.NothingToUndo, `Nothing to undo in “${layer.name}”.`);
      return this.undoLocked(userId, last.id);
    });
  }

  /**
   * Reverts a sort or sync run's own changes where the playlists still show them, together with
   * the playlist moves of the corrections made since on its tracks, so that the playlists are as
   * before the run; hand edits since stay. The corrections' labels stay too: they are the user's
   * answers about those tracks, whatever became of the run (the next /sort applies them).
   */
  async undoRun(userId: string, runId: string): Promise<UndoOutcome> {
    const run = await this.deps.runs.byId(runId);
    if (!run) throw new StaleComponentError('That run no longer exists.');
    return this.underLayerLock(run.layerId, 0, async () => {
      await this.finishLocked(userId, run.layerId);
      return this.undoLocked(userId, runId);
    });
  }

  // ---- plans ----

  /**
   * Sorts the whole motherlist of a layer with its active model; labels win over predictions.
   * `defer` journals the plan without applying it (a worker's `apply` or `resumeAll` does).
   */
  async sortLayer(
    userId: string,
    layer: Layer,
    options: SortOptions & { defer?: boolean },
  ): Promise<RunResult> {
    return this.underLayerLock(layer.id, 0, async () => {
      await this.finishLocked(userId, layer.id);
      return this.sortLayerLocked(userId, layer, options);
    });
  }

  private async sortLayerLocked(
    userId: string,
    layer: Layer,
    options: SortOptions & { defer?: boolean },
  ): Promise<RunResult> {
    const motherlist = await this.deps.motherlist.trackIdsOf(userId, layer.motherlistId);
    const { modelId, predictions } = await this.deps.model.predictions(userId, layer);
    const everything = options.everything ?? false;
    const { desired, decision, confidence } = await this.decide(
      layer,
      predictions,
      new Set(motherlist),
      everything,
    );
    const prepared = await this.prepare(userId, layer, desired, new Set());
    return this.journalAndApply(userId, layer, prepared.sublists, prepared.plan, desired, prepared.contents, {
      kind: 'sort',
      modelId,
      dryRun: options.dryRun,
      revertsRunId: null,
      defer: options.defer ?? false,
      // The whole motherlist is placed or waits: none of it is news to the next sync.
      intake: { add: motherlist, remove: [] },
      waiting: { replace: true, add: decision.waiting, remove: [] },
      confidence,
    });
  }

  /**
   * What a run writes: the user's answers, and the model's guesses sure enough at the layer's
   * precision target (every guess when `everything`); the other songs wait.
   */
  private async decide(
    layer: Layer,
    predictions: readonly PlacementPrediction[],
    scope: ReadonlySet<string>,
    everything: boolean,
  ): Promise<{
    desired: Map<string, DesiredPlacement>;
    decision: ConfidentDecision;
    confidence: SortConfidence;
  }> {
    const answers = await this.answersIn(layer, scope);
    const guessed = predictions.filter((p) => !answers.has(p.trackId));
    const decision = everything
      ? placeEverything(guessed, layer.mode)
      : placeConfident(guessed, layer.mode, layer.precisionTarget);
    const desired = new Map([...decision.desired, ...answers]);
    return {
      desired,
      decision,
      confidence: {
        considered: guessed.length + answers.size,
        answered: answers.size,
        placed: decision.desired.size,
        waiting: decision.waiting.length,
        expectedPrecision: decision.expectedPrecision,
        precisionTarget: layer.precisionTarget,
        everything,
      },
    };
  }

  /**
   * Places newly liked tracks with the active model and takes departed ones out (when the user's
   * setting says so). `intake` (the tracks the layer takes in or out) is journaled with the plan,
   * so that a sync failing before this point finds the same tracks new on its retry. Returns
   * undefined when there was nothing to do (then nothing was journaled, `intake` included).
   */
  async sortNewTracks(
    userId: string,
    layer: Layer,
    newTrackIds: readonly string[],
    departed: ReadonlySet<string>,
    intake?: IntakeChange,
    /** `dm`: the run's new-songs DM is owed once applied (journaled with the plan). */
    options: { dm?: boolean } = {},
  ): Promise<RunResult | undefined> {
    return this.underLayerLock(layer.id, QUEUED_WAIT_MS, async () => {
      await this.finishLocked(userId, layer.id);
      return this.sortNewTracksLocked(userId, layer, newTrackIds, departed, intake, options);
    });
  }

  private async sortNewTracksLocked(
    userId: string,
    layer: Layer,
    newTrackIds: readonly string[],
    departed: ReadonlySet<string>,
    intake: IntakeChange | undefined,
    options: { dm?: boolean },
  ): Promise<RunResult | undefined> {
    let desired = new Map<string, DesiredPlacement>();
    let modelId: string | null = null;
    let waitingTracks: WaitingTrack[] = [];
    let confidence: SortConfidence | undefined;
    if (newTrackIds.length > 0) {
      const predicted = await this.deps.model.predictions(userId, layer, newTrackIds);
      modelId = predicted.modelId;
      const decided = await this.decide(layer, predicted.predictions, new Set(newTrackIds), false);
      ({ desired, confidence } = decided);
      waitingTracks = decided.decision.waiting;
    }
    const prepared = await this.prepare(userId, layer, desired, departed);
    if (desired.size === 0 && waitingTracks.length === 0 && prepared.plan.changes.length === 0)
      return undefined;
    const waiting = new Set(waitingTracks.map((w) => w.trackId));
    return this.journalAndApply(userId, layer, prepared.sublists, prepared.plan, desired, prepared.contents, {
      kind: 'sync',
      modelId,
      dryRun: false,
      revertsRunId: null,
      ...(intake ? { intake } : {}),
      ...(options.dm ? { dmPending: true } : {}),
      waiting: {
        replace: false,
        add: waitingTracks,
        remove: [...newTrackIds.filter((id) => !waiting.has(id)), ...departed],
      },
      ...(confidence ? { confidence } : {}),
    });
  }

  /** Moves a track where the user says (a DM button, a summary button) and stores that as a label. */
  async correctPlacement(
    userId: string,
    layerId: string,
    trackId: string,
    sublistIds: readonly string[],
  ): Promise<RunResult> {
    const layer = await this.deps.layers.byId(layerId);
    if (!layer || layer.userId !== userId)
      throw new UserError(UserErrorCode.UnknownLayer, 'That layer no longer exists.');
    const sublists = await this.deps.sublists.listFor(layerId);
    const known = new Set(sublists.map((s) => s.id));
    const unique = [...new Set(sublistIds)];
    if (unique.some((id) => !known.has(id)))
      throw new UserError(UserErrorCode.UnknownSublist, 'That sublist no longer exists.');
    const problem = placementProblem(layer.mode, unique);
    if (problem) throw new InvalidInputError(`Cannot place it there: ${problem}.`);
    // Corrections of one layer queue behind each other and behind its runs: each plans against
    // what the one before left, so that the last word wins in the label and in the playlists.
    return this.underLayerLock(layerId, QUEUED_WAIT_MS, async () => {
      await this.finishLocked(userId, layerId);
      await this.deps.labels.put(layerId, trackId, unique, 'correction');
      // The user said exactly where it goes: that supersedes what they did by hand before.
      await this.deps.handEdits.forget([...known], trackId);
      const desired = new Map<string, DesiredPlacement>([
        [trackId, { placement: unique, confidence: 1, source: 'label' }],
      ]);
      return this.planAndApply(userId, layer, {
        kind: 'correction',
        modelId: null,
        desired,
        departed: new Set(),
        dryRun: false,
      });
    });
  }

  private async undoLocked(userId: string, runId: string): Promise<UndoOutcome> {
    const run = await this.deps.runs.byId(runId);
    const layer = run ? await this.deps.layers.byId(run.layerId) : undefined;
    // Whose run it is comes first: a stranger learns nothing about it, not even that it is gone.
    if (layer && layer.userId !== userId) throw new NotYoursError();
    if (!run || !layer) throw new StaleComponentError('That run no longer exists.');
    const last = await this.deps.runs.lastUndoable(layer.id);
    if (!last || last.id !== runId) {
      throw new UserError(
        UserErrorCode.NothingToUndo,
        'Only the latest sort or sync of a layer can be undone (and only once).',
      );
    }
    // Journaled before anything is read, so that a restart finishes an undo cut short anywhere.
    const journaled = await this.deps.runs.create(
      {
        layerId: layer.id,
        modelId: null,
        kind: 'undo',
        status: 'planned',
        revertsRunId: runId,
        summary: UNDO_NOT_PLANNED,
      },
      [],
    );
    await this.applyLocked(userId, journaled.id);
    const finished = (await this.deps.runs.byId(journaled.id)) ?? journaled;
    return this.undoOutcome(finished, layer.name, run);
  }

  /** An undo run's outcome, with the run it reverted (a sort or a sync) and what it changed. */
  private undoOutcome(undoRun: SortRun, layerName: string, reverted: SortRun): UndoOutcome {
    return {
      runId: undoRun.id,
      layerName,
      undid: { kind: reverted.kind === 'sync' ? 'sync' : 'sort', at: reverted.createdAt },
      perSublist: this.toOutcome({ run: undoRun, summary: undoRun.summary as RunSummary }, false).perSublist,
    };
  }

  /**
   * Plans a journaled undo: reverts the run's own changes where the playlists still show them,
   * with the playlist moves of the corrections made since on its tracks; hand edits since stay.
   */
  private async planUndo(userId: string, undoRun: SortRun): Promise<void> {
    const runId = undoRun.revertsRunId as string;
    const run = await this.deps.runs.byId(runId);
    const layer = await this.deps.layers.byId(undoRun.layerId);
    if (!run || !layer) {
      await this.deps.runs.setPlan(undoRun.id, { ...this.emptySummary(), reverted: [] }, []);
      return;
    }
    const appliedOf = async (id: string): Promise<PlannedStep[]> =>
      (await this.deps.steps.listFor(id))
        .filter((s) => s.done)
        .map((s) => ({ sublistId: s.sublistId, action: s.action, trackIds: s.trackIds }));
    const tracksOf = (steps: readonly PlannedStep[], summary: unknown) =>
      new Set([...steps.flatMap((s) => s.trackIds), ...placedTrackIds(summary)]);
    const applied = await appliedOf(runId);
    const runTracks = tracksOf(applied, run.summary);
    const corrections: string[] = [];
    for (const correction of await this.deps.runs.correctionsSince(layer.id, run.createdAt)) {
      const steps = await appliedOf(correction.id);
      if (![...tracksOf(steps, correction.summary)].some((id) => runTracks.has(id))) continue;
      corrections.push(correction.id);
      applied.push(...steps);
    }
    const sublists = await this.deps.sublists.listFor(layer.id);
    const touchedSublists = sublists.filter((s) => applied.some((step) => step.sublistId === s.id));
    const recorded = await this.deps.contents.contentsOf(
      userId,
      touchedSublists.map((s) => s.playlistId),
    );
    const live = new Map<string, Set<string>>();
    const touchedByHand = new Map<string, Set<string>>();
    for (const sublist of touchedSublists) {
      // Read Spotify itself: the user may have edited since the last sync.
      const now = new Set(await this.deps.writer.trackIds(userId, sublist.playlistId));
      live.set(sublist.id, now);
      const before = recorded.get(sublist.playlistId) ?? new Set<string>();
      const addedByHand = [...now].filter((id) => !before.has(id));
      const removedByHand = [...before].filter((id) => !now.has(id));
      touchedByHand.set(sublist.id, new Set([...addedByHand, ...removedByHand]));
      // Edits not seen by a sync yet: recorded now so that no run undoes them before the next
      // sync, which reads the playlist again (the undo keeps its stored version) and turns them
      // into labels.
      const detectedAt = new Date();
      await this.deps.handEdits.record([
        ...addedByHand.map((trackId) => ({
          layerId: layer.id,
          sublistId: sublist.id,
          trackId,
          action: 'add' as const,
          detectedAt,
        })),
        ...removedByHand.map((trackId) => ({
          layerId: layer.id,
          sublistId: sublist.id,
          trackId,
          action: 'remove' as const,
          detectedAt,
        })),
      ]);
    }
    for (const edit of await this.deps.handEdits.listFor(layer.id)) {
      if (edit.detectedAt >= run.createdAt) touchedByHand.get(edit.sublistId)?.add(edit.trackId);
    }
    const changes = buildUndoChanges(applied, live, touchedByHand);
    const plan: SortPlan = { changes, placements: new Map(), heldBack: [] };
    const summary = await this.summarize(sublists, plan, new Map(), live, []);
    await this.deps.runs.setPlan(
      undoRun.id,
      { ...summary, reverted: [runId, ...corrections] },
      this.stepsOf(sublists, plan),
    );
  }

  private emptySummary(): RunSummary {
    return { perSublist: [], voidCount: 0, uncertain: [], placed: [], heldBack: 0 };
  }

  // ---- applying ----

  /** Finishes every journaled run that is not done (at start, and before a layer's next run). */
  async resumeAll(): Promise<number> {
    let resumed = 0;
    for (const run of await this.deps.runs.unfinished()) {
      // Nobody waits for an undo finished after a restart: the user is told by DM.
      if (run.kind === 'undo') await this.deps.runs.oweDm(run.id);
      if (await this.apply(run.userId, run.id)) resumed++;
    }
    for (const run of await this.deps.runs.owedUndoDms()) await this.tellUndoFinished(run.userId, run);
    return resumed;
  }

  /** The one DM of an undo finished after a restart (claimed first: at most one per run). */
  private async tellUndoFinished(userId: string, run: SortRun): Promise<void> {
    const { notifier } = this.deps;
    if (!notifier) return;
    if (run.status !== 'done') {
      await this.deps.runs.settleDm(run.id, null);
      return;
    }
    if (!(await this.deps.runs.claimDm(run.id, UNDO_DM_ATTEMPTS))) return;
    const layer = await this.deps.layers.byId(run.layerId);
    const reverted = run.revertsRunId ? await this.deps.runs.byId(run.revertsRunId) : undefined;
    const sent = await notifier.sendDm(userId, {
      kind: 'undo-finished',
      outcome: this.undoOutcome(run, layer?.name ?? '?', reverted ?? run),
    });
    if (sent.delivered) await this.deps.runs.settleDm(run.id, new Date());
    else if (sent.reason !== 'failed') await this.deps.runs.settleDm(run.id, null);
  }

  /** Finishes a layer's journaled runs that were cut short (each sync starts with this). */
  async finishUnfinished(userId: string, layerId: string): Promise<void> {
    await this.underLayerLock(layerId, QUEUED_WAIT_MS, () => this.finishLocked(userId, layerId));
  }

  /**
   * Applies the pending steps of a run; false when another run of its layer is under way (that
   * one finishes this one first). A run found `applying` was cut short: its pending steps are
   * checked against Spotify so that nothing is written twice.
   */
  async apply(userId: string, runId: string): Promise<boolean> {
    const run = await this.deps.runs.byId(runId);
    if (!run) return true;
    try {
      await this.underLayerLock(run.layerId, 0, () => this.applyLocked(userId, runId));
      return true;
    } catch (error) {
      if (error instanceof RunBusyError) return false;
      throw error;
    }
  }

  /**
   * Runs `work` holding the locks of these layers: a sync reads the playlists, records what the
   * user did by hand and sorts new likes with no run of those layers writing meanwhile (it would
   * take the run's own writes for hand edits). Waits up to QUEUED_WAIT_MS, then busy.
   */
  async whileLayersLocked<T>(layerIds: readonly string[], work: () => Promise<T>): Promise<T> {
    const [first, ...rest] = [...new Set(layerIds)].sort();
    if (first === undefined) return work();
    return this.underLayerLock(first, QUEUED_WAIT_MS, () => this.whileLayersLocked(rest, work));
  }

  /**
   * Runs `work` holding the layer's lock: one plan, journal and apply at a time per layer, in
   * this process and every other on the same database. Waits up to `waitMs` for it, then busy.
   * Re-entrant within one call chain.
   */
  private async underLayerLock<T>(layerId: string, waitMs: number, work: () => Promise<T>): Promise<T> {
    const held = this.held.getStore() ?? new Set<string>();
    if (held.has(layerId)) return work();
    const deadline = Date.now() + waitMs;
    let release = await this.deps.locks.tryLock(layerLockKey(layerId));
    while (!release && Date.now() < deadline) {
      await pause(LOCK_POLL_MS);
      release = await this.deps.locks.tryLock(layerLockKey(layerId));
    }
    if (!release) throw new RunBusyError();
    try {
      return await this.held.run(new Set([...held, layerId]), work);
    } finally {
      await release();
    }
  }

  /** finishUnfinished, the layer's lock held. */
  private async finishLocked(userId: string, layerId: string): Promise<void> {
    for (const run of await this.deps.runs.unfinishedFor(layerId)) await this.applyLocked(userId, run.id);
  }

  /** apply, the layer's lock held. */
  private async applyLocked(userId: string, runId: string): Promise<void> {
    let run = await this.deps.runs.byId(runId);
    if (!run || (run.status !== 'planned' && run.status !== 'applying')) return;
    if (isUnplannedUndo(run)) {
      await this.planUndo(userId, run);
      run = (await this.deps.runs.byId(runId)) ?? run;
    }
    const resuming = run.status === 'applying';
    await this.deps.runs.setStatus(runId, 'applying');
    const live = new Map<string, Set<string>>();
    const liveContents = async (playlistId: string) => {
      let set = live.get(playlistId);
      if (!set) live.set(playlistId, (set = new Set(await this.deps.writer.trackIds(userId, playlistId))));
      return set;
    };
    const ownVersion = new Set<string>();
    try {
      for (const step of await this.deps.steps.listFor(runId)) {
        if (step.done) continue;
        // The contents we hold are the last sync's plus the bot's own writes, at a stored
        // version. When Spotify's version differs, someone (the user, or an earlier attempt of
        // this run) changed the playlist since: write only what is still missing or present,
        // record only the bot's own change, and keep the stored version so that the next sync
        // reads the playlist again and sees what the user did as a hand edit.
        // A playlist this apply has just written holds the version that write returned: its
        // next steps follow within moments and skip the check (one read per playlist, not per step).
        const unseen =
          resuming ||
          (!ownVersion.has(step.playlistId) &&
            (await this.playlistChangedSinceRead(userId, step.playlistId, live.has(step.playlistId))));
        let trackIds = step.trackIds;
        if (unseen) {
          const present = await liveContents(step.playlistId);
          trackIds = trackIds.filter((id) => (step.action === 'add' ? !present.has(id) : present.has(id)));
        }
        let snapshotId: string | null = null;
        if (trackIds.length > 0) {
          snapshotId =
            step.action === 'add'
              ? await this.deps.writer.addTracks(userId, step.playlistId, trackIds)
              : await this.deps.writer.removeTracks(userId, step.playlistId, trackIds);
        }
        const present = live.get(step.playlistId);
        for (const id of trackIds) {
          if (step.action === 'add') present?.add(id);
          else present?.delete(id);
        }
        await this.deps.contents.recordWrite(
          userId,
          step.playlistId,
          step.action,
          // Resuming, an earlier attempt may have written the rest of the step: all of it is ours.
          resuming ? step.trackIds : trackIds,
          unseen ? null : snapshotId,
        );
        if (!unseen && snapshotId !== null) ownVersion.add(step.playlistId);
        await this.deps.steps.markDone(step.id, snapshotId);
      }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await this.deps.runs.setStatus(runId, isPermanent(error) ? 'failed' : 'applying', message);
      throw error;
    }
    await this.deps.runs.setStatus(runId, 'done');
    for (const id of (run.summary as Partial<RunSummary> | null)?.reverted ?? [])
      await this.deps.runs.markUndone(id);
  }

  /**
   * Whether the playlist may hold changes the stored contents do not show: its version on Spotify
   * is not the one stored (by the last sync or the bot's last write). `knownLive`: its live
   * contents were read during this apply already, so it counts as changed (they are used).
   */
  private async playlistChangedSinceRead(
    userId: string,
    playlistId: string,
    knownLive: boolean,
  ): Promise<boolean> {
    if (knownLive) return true;
    const stored = await this.deps.contents.snapshotOf(userId, playlistId);
    if (stored === null) return true;
    return (await this.deps.writer.snapshotId(userId, playlistId)) !== stored;
  }

  // ---- shared ----

  /** The user's own answers for the tracks in scope: they replace the model's guesses. */
  private async answersIn(layer: Layer, scope: ReadonlySet<string>): Promise<Map<string, DesiredPlacement>> {
    const answers = new Map<string, DesiredPlacement>();
    for (const label of await this.deps.labels.listFor(layer.id)) {
      if (!scope.has(label.trackId) || placementProblem(layer.mode, label.sublistIds)) continue;
      answers.set(label.trackId, { placement: [...label.sublistIds], confidence: 1, source: 'label' });
    }
    return answers;
  }

  private async planAndApply(
    userId: string,
    layer: Layer,
    request: {
      kind: SortRunKind;
      modelId: string | null;
      desired: Map<string, DesiredPlacement>;
      departed: ReadonlySet<string>;
      dryRun: boolean;
      defer?: boolean;
      intake?: IntakeChange;
    },
  ): Promise<RunResult> {
    const prepared = await this.prepare(userId, layer, request.desired, request.departed);
    return this.journalAndApply(
      userId,
      layer,
      prepared.sublists,
      prepared.plan,
      request.desired,
      prepared.contents,
      {
        kind: request.kind,
        modelId: request.modelId,
        dryRun: request.dryRun,
        revertsRunId: null,
        defer: request.defer ?? false,
        ...(request.intake ? { intake: request.intake } : {}),
      },
    );
  }

  private async prepare(
    userId: string,
    layer: Layer,
    desired: Map<string, DesiredPlacement>,
    departed: ReadonlySet<string>,
  ): Promise<{ sublists: Sublist[]; plan: SortPlan; contents: Map<string, Set<string>> }> {
    const sublists = await this.deps.sublists.listFor(layer.id);
    const known = new Set(sublists.map((s) => s.id));
    for (const [trackId, want] of desired) {
      // A sublist deleted since the label was given is no longer a place.
      const placement = want.placement.filter((id) => known.has(id));
      if (placementProblem(layer.mode, placement)) desired.delete(trackId);
      else desired.set(trackId, { ...want, placement });
    }
    const byPlaylist = await this.deps.contents.contentsOf(
      userId,
      sublists.map((s) => s.playlistId),
    );
    const contents = new Map(sublists.map((s) => [s.id, byPlaylist.get(s.playlistId) ?? new Set<string>()]));
    const edits = await this.deps.handEdits.listFor(layer.id);
    const settings = await this.deps.settings.get(userId);
    const plan = buildSortPlan({
      mode: layer.mode,
      sublistIds: sublists.map((s) => s.id),
      desired,
      contents,
      handRemoved: nested(edits, 'remove'),
      handAdded: nested(edits, 'add'),
      departed,
      removeDeparted: settings.removeUnliked,
    });
    return { sublists, plan, contents };
  }

  private async journalAndApply(
    userId: string,
    layer: Layer,
    sublists: readonly Sublist[],
    plan: SortPlan,
    desired: ReadonlyMap<string, DesiredPlacement>,
    contents: ReadonlyMap<string, ReadonlySet<string>>,
    options: {
      kind: SortRunKind;
      modelId: string | null;
      dryRun: boolean;
      revertsRunId: string | null;
      defer?: boolean;
      intake?: IntakeChange;
      dmPending?: boolean;
      waiting?: WaitingChange;
      confidence?: SortConfidence;
    },
  ): Promise<RunResult> {
    const steps = this.stepsOf(sublists, plan);
    const summary = await this.summarize(sublists, plan, desired, contents, options.waiting?.add ?? []);
    if (options.confidence) summary.confidence = options.confidence;
    const run = await this.deps.runs.create(
      {
        layerId: layer.id,
        modelId: options.modelId,
        kind: options.kind,
        status: options.dryRun ? 'dry-run' : 'planned',
        revertsRunId: options.revertsRunId,
        summary,
        ...(options.intake ? { intake: options.intake } : {}),
        ...(options.waiting ? { waiting: options.waiting } : {}),
        ...(options.dmPending ? { dmPending: true } : {}),
      },
      steps,
    );
    if (!options.dryRun && !options.defer) {
      await this.applyLocked(userId, run.id);
    }
    return { run: (await this.deps.runs.byId(run.id)) ?? run, summary };
  }

  private stepsOf(sublists: readonly Sublist[], plan: SortPlan): (PlannedStep & { playlistId: string })[] {
    const playlistOf = new Map(sublists.map((s) => [s.id, s.playlistId]));
    return stepsOfChanges(plan.changes).map((step) => ({
      ...step,
      playlistId: playlistOf.get(step.sublistId) as string,
    }));
  }

  private async summarize(
    sublists: readonly Sublist[],
    plan: SortPlan,
    desired: ReadonlyMap<string, DesiredPlacement>,
    contents: ReadonlyMap<string, ReadonlySet<string>>,
    waiting: readonly WaitingTrack[],
  ): Promise<RunSummary> {
    const after = applySortPlan(contents, plan.changes);
    const waitingShown = [...waiting].sort((a, b) => a.confidence - b.confidence).slice(0, WAITING_KEPT);
    const uncertainIds = [...plan.placements.keys()]
      .filter((id) => desired.get(id)?.source === 'model')
      .sort((a, b) => (desired.get(a)?.confidence ?? 0) - (desired.get(b)?.confidence ?? 0))
      .slice(0, UNCERTAIN_SHOWN);
    const placedIds = [...plan.placements.keys()].slice(0, PLACED_KEPT);
    const names = await this.deps.motherlist.namesOf([
      ...new Set([...uncertainIds, ...placedIds, ...waitingShown.map((w) => w.trackId)]),
    ]);
    const placement = (id: string): Placement => plan.placements.get(id) ?? [];
    let voidCount = 0;
    for (const p of plan.placements.values()) if (p.length === 0) voidCount++;
    return {
      perSublist: sublists.map((s) => {
        const change = plan.changes.find((c) => c.sublistId === s.id);
        return {
          sublistId: s.id,
          name: s.name,
          added: change?.add.length ?? 0,
          removed: change?.remove.length ?? 0,
          total: after.get(s.id)?.size ?? 0,
        };
      }),
      voidCount,
      uncertain: uncertainIds.map((id) => ({
        trackId: id,
        trackName: names.get(id) ?? id,
        sublistIds: [...placement(id)],
        confidence: desired.get(id)?.confidence ?? 0,
      })),
      placed: placedIds.map((id) => ({
        trackId: id,
        trackName: names.get(id) ?? id,
        sublistIds: [...placement(id)],
      })),
      heldBack: plan.heldBack.length,
      ...(waiting.length > 0
        ? {
            waiting: waitingShown.map((w) => ({
              trackId: w.trackId,
              trackName: names.get(w.trackId) ?? w.trackId,
              sublistIds: [...w.guess],
              confidence: w.confidence,
            })),
          }
        : {}),
    };
  }

  private toOutcome(result: RunResult, dryRun: boolean): SortOutcome {
    const nameOf = new Map(result.summary.perSublist.map((s) => [s.sublistId, s.name]));
    return {
      runId: result.run.id,
      dryRun,
      perSublist: result.summary.perSublist.map((s): SortCounts => ({
        name: s.name,
        added: s.added,
        removed: s.removed,
        total: s.total,
      })),
      voidCount: result.summary.voidCount,
      uncertain: result.summary.uncertain.map((u) => ({
        trackId: u.trackId,
        trackName: u.trackName,
        sublistNames: u.sublistIds.map((id) => nameOf.get(id) ?? '?'),
        confidence: u.confidence,
      })),
      confidence: result.summary.confidence,
    };
  }
}
