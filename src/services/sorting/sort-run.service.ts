import type { IntakeChange, Layer } from '../../core/layer-records.js';
import type { PendingRun, SortRun, SortStep } from '../../core/run-records.js';
import {
  isUserError,
  referenceOf,
  RunFailedError,
  RunsStoppedError,
  RunTryFailedError,
  UserError,
} from '../errors.js';
import { LayerRunLock, QUEUED_WAIT_MS } from './layer-run-lock.js';
import { timed, type Outcome } from '../ports/metrics.js';
import type { LayerSorter, SortOptions, SortOutcome, UndoOutcome } from '../ports/model-ports.js';
import { PutBacks } from './put-back.js';
import { RunApplier, UNDO_NOT_PLANNED } from './run-applier.js';
import type { RunResult, RunSummary } from './run-summary.js';
import { toSortOutcome, toUndoOutcome } from './sort-outcome.js';
import { SortPlanner, type PlannedRun } from './sort-planner.js';
import type { SortRunDeps } from '../ports/sort-run.ports.js';
import { UndoPlanner } from './undo-planner.js';
import { answerNames, CommandDms, followersOf } from './command-dms.js';

/** When Spotify takes requests again, if `error` is its limit (the quota block, or the budget). */
const spotifyLimitEnd = (error: unknown): Date | undefined =>
  isUserError(error) && (error.problem.code === 'spotify-quota' || error.problem.code === 'spotify-budget')
    ? error.problem.until
    : undefined;

/**
 * What an unfinished run owes at a start, before it is finished (nothing: undefined). Nobody waits
 * for a /sort, /undo or correction finished after a restart: one that owes no DM yet and no try of
 * which failed got no answer (its command died with its process, killed or crashed), so its DM,
 * owed now, says it was cut short by a restart (a correction's only if it could not be made). One
 * whose try failed was answered so: an undo's DM then names no cause; a /sort or correction tells
 * nothing more. A run owing its DM already keeps it and its cause (oweDm).
 */
const owedAtStart = (run: SortRun): { cause?: 'restarted' } | undefined => {
  if (run.kind === 'sync') return undefined;
  if (run.error === null) return { cause: 'restarted' };
  return run.kind === 'undo' ? {} : undefined;
};

/**
 * What a pass before a user's command (`forUser`) throws when the process stops in it: the command
 * had started nothing, so nothing of it is finished later ("try again"). Other errors as they are.
 */
const stoppedBeforeCommand = (error: unknown, forUser: boolean): unknown =>
  forUser && error instanceof RunsStoppedError
    ? new UserError({ code: 'restarting', resumes: false })
    : error;

/** `finishLocked`'s flag: before a command of the user, who waits for that command only. */
const BEFORE_USER_COMMAND = true;

/** How a user's command answers when its run cannot be written now but will be by itself. */
interface CommandAnswer {
  /** Spotify's limit stopped its writes, until then. */
  postponed(until: Date): UserError;
  /** The process stops (a deploy): the next start finishes it. */
  restarting: UserError;
}

const restartingFor = (what: 'sort' | 'undo' | 'correction', layerName: string): UserError =>
  new UserError({ code: 'restarting', resumes: true, what, layerName });

/**
 * Sort runs: plan (SortPlanner, UndoPlanner) → journal (sort_runs + sort_steps) → apply
 * (RunApplier), one run of a layer at a time (LayerRunLock). What the bot and the sync call.
 */
export class SortRunService implements LayerSorter {
  private readonly lock: LayerRunLock;
  private readonly planner: SortPlanner;
  private readonly applier: RunApplier;
  private readonly putBacks: PutBacks;
  private readonly dms: CommandDms;
  private readonly now: () => Date;
  /** The runs a user's command is applying now, which answers them with how they went. */
  private readonly answering = new Set<string>();
  /** Those of them the stop made owe their DM (their command might not answer before the exit), as it does. */
  private readonly owedByStop = new Map<string, Promise<void>>();

  constructor(private readonly deps: SortRunDeps) {
    this.now = deps.now ?? (() => new Date());
    this.lock = new LayerRunLock(deps.locks);
    this.planner = new SortPlanner(deps);
    this.dms = new CommandDms(deps, this.now);
    this.putBacks = new PutBacks(deps, () => this.applier.throwIfStopping());
    this.applier = new RunApplier(deps, new UndoPlanner({ ...deps, now: this.now }), this.putBacks);
  }

  // ---- LayerSorter (the bot's /sort and /undo) ----

  async sort(userId: string, layer: Layer, options: SortOptions): Promise<SortOutcome> {
    // Read before anything is written: the summary of an applied run never waits on it.
    const weak = await this.deps.model.weakness(layer);
    const outcome = toSortOutcome(await this.sortLayer(userId, layer, options), options.dryRun);
    return weak ? { ...outcome, weak } : outcome;
  }

  async undoLast(userId: string, layer: Layer): Promise<UndoOutcome> {
    return this.lock.run(layer.id, 0, async () => {
      await this.finishLocked(userId, layer.id, BEFORE_USER_COMMAND);
      const last = await this.deps.runs.lastUndoable(layer.id);
      if (!last) throw new UserError({ code: 'nothing-to-undo', in: 'layer', layerName: layer.name });
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
    if (!run) throw new UserError({ code: 'stale-component', what: 'run-gone' });
    return this.lock.run(run.layerId, 0, async () => {
      await this.finishLocked(userId, run.layerId, BEFORE_USER_COMMAND);
      return this.undoLocked(userId, runId);
    });
  }

  // ---- runs ----

  /**
   * Sorts the whole motherlist of a layer with its active model; labels win over predictions.
   * `defer` journals the plan without applying it (a worker's `apply` or `resumeAll` does).
   */
  async sortLayer(
    userId: string,
    layer: Layer,
    options: SortOptions & { defer?: boolean },
  ): Promise<RunResult> {
    return timed(this.sortTimer('layer'), () =>
      this.lock.run(layer.id, 0, async () => {
        await this.finishLocked(userId, layer.id, BEFORE_USER_COMMAND);
        const planned = await this.planner.planSort(userId, layer, options);
        return this.journalAndApply(userId, planned, options.defer, {
          postponed: (until) => new UserError({ code: 'sort-postponed', until, layerName: layer.name }),
          restarting: restartingFor('sort', layer.name),
        });
      }),
    );
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
    return timed(
      this.sortTimer('new-likes'),
      () =>
        this.lock.run(layer.id, QUEUED_WAIT_MS, async () => {
          await this.finishLocked(userId, layer.id);
          const planned = await this.planner.planNewTracks(
            userId,
            layer,
            newTrackIds,
            departed,
            intake,
            options,
          );
          return planned ? this.journalAndApply(userId, planned) : undefined;
        }),
      (result) => result !== undefined,
    );
  }

  /**
   * Moves a track where the user says (a DM button, a summary button); the run stores that as a
   * label once it has written it (correction-answer.ts), not when the mutual check refused the song nor
   * when Spotify refused the move, and queues the retraining an answer does (`retraining`).
   */
  async correctPlacement(
    userId: string,
    layerId: string,
    trackId: string,
    sublistIds: readonly string[],
  ): Promise<RunResult> {
    // Refused at once, without waiting for the layer's runs…
    await this.planner.checkCorrection(userId, layerId, trackId, sublistIds);
    // Corrections of one layer queue behind each other and behind its runs: each plans against
    // what the one before left, so that the last word wins in the label and in the playlists.
    return this.lock.run(layerId, QUEUED_WAIT_MS, async () => {
      // …and checked again once they are done: a sync meanwhile may have found a sublist's
      // playlist gone from the library, where the run would not write the song.
      const checked = await this.planner.checkCorrection(userId, layerId, trackId, sublistIds);
      // Spotify's limit may hold an earlier run back (a correction made a moment ago): the answer
      // is journaled with its move all the same, which queues behind that run.
      let held: Date | undefined;
      try {
        await this.finishLocked(userId, layerId, BEFORE_USER_COMMAND);
      } catch (error) {
        held = spotifyLimitEnd(error);
        if (held === undefined) throw error;
      }
      const { trackName, sublistNames } = await answerNames(this.deps, layerId, trackId, checked.sublistIds);
      const postponed = (until: Date, then: 'by-itself' | 'next-sort') =>
        new UserError({ code: 'correction-postponed', until, trackName, sublistNames, then });
      // A plan made now would not see the earlier run's moves of this song (they are not written
      // yet): only the next /sort, after them, can put it where the answer says.
      if (held !== undefined && (await this.pendingStepsMove(layerId, trackId))) {
        // No run carries this answer: it is stored now, and that /sort writes it.
        await this.deps.labels.put(layerId, trackId, checked.sublistIds, 'correction');
        // The user said exactly where it goes: that supersedes what they did by hand before.
        await this.deps.handEdits.forget(checked.allSublistIds, trackId);
        await this.deps.retraining?.afterAnswers(userId, layerId);
        throw postponed(held, 'next-sort');
      }
      const replaced = await this.deps.labels.get(layerId, trackId);
      const planned = await this.planner.planCorrection(userId, checked.layer, {
        trackId,
        sublistIds: checked.sublistIds,
        replaces: replaced
          ? {
              sublistIds: [...replaced.sublistIds],
              source: replaced.source,
              updatedAt: replaced.updatedAt.toISOString(),
            }
          : null,
      });
      // Journaled either way: the layer's next pass after the limit (a sync, a run) applies it, and
      // tells the person by DM if it then fails (they were told it would be made).
      const result = await this.journalAndApply(userId, planned, held !== undefined, {
        postponed: (until) => postponed(until, 'by-itself'),
        restarting: restartingFor('correction', checked.layer.name),
      });
      if (held !== undefined) {
        await this.oweDm(result.run.id, 'spotifyLimit');
        throw postponed(held, 'by-itself');
      }
      return result;
    });
  }

  /**
   * Stores the answer of a dry run's menu (nothing was placed: the next /sort puts the song there)
   * as a `correction` label, refused as a correction is for a song no longer in the motherlist.
   */
  async noteAnswer(
    userId: string,
    layerId: string,
    trackId: string,
    sublistIds: readonly string[],
  ): Promise<void> {
    const checked = await this.planner.checkAnswer(userId, layerId, trackId, sublistIds);
    await this.deps.labels.put(layerId, trackId, checked.sublistIds, 'correction');
  }

  /** Whether a run of the layer not yet finished still has to write `trackId` somewhere. */
  private async pendingStepsMove(layerId: string, trackId: string): Promise<boolean> {
    for (const run of await this.deps.runs.unfinishedFor(layerId)) {
      const steps = await this.deps.steps.listFor(run.id);
      if (steps.some((step) => !step.done && step.trackIds.includes(trackId))) return true;
    }
    return false;
  }

  /**
   * Songs the user took out of every sublist of a complete layer by hand (in none now, no label)
   * wait from the sync that finds them so, with the model's guess given that answer: `/label` asks about
   * them first, and the next /sort places them when it is sure enough. Needs the active model.
   * Returns how many now wait.
   */
  async waitForAnswers(userId: string, layer: Layer, trackIds: readonly string[]): Promise<number> {
    if (trackIds.length === 0) return 0;
    return this.lock.run(layer.id, QUEUED_WAIT_MS, async () => {
      // A run still to be written may place these songs; the sync after it finishes decides them.
      if ((await this.deps.runs.unfinishedFor(layer.id)).length > 0) return 0;
      const add = await this.planner.removedGuesses(userId, layer, trackIds);
      if (add.length > 0) await this.deps.waiting.record(layer.id, { replace: false, add, remove: [] });
      return add.length;
    });
  }

  /**
   * The process stops cleanly (SIGTERM, SIGINT): the runs' applies under way end at their next
   * step, waited for up to `waitMs`, and none starts any more; their runs are finished at the next
   * start, the stop not counted against them (RUN_APPLY_TRIES counts the applies a process dies in).
   */
  async stop(waitMs: number): Promise<void> {
    await this.applier.stop(waitMs);
    // A command whose write did not come back in that time may get no answer (the process exits):
    // the next start finishes its run, and its DM tells the user. One whose write comes back
    // before the exit answers after all, and owes nothing then (applyOrPostpone).
    for (const runId of this.answering) {
      const owing = this.oweDm(runId, 'restarted');
      this.owedByStop.set(runId, owing);
      await owing;
    }
  }

  /**
   * Finishes every journaled run that is not done (at start); returns how many. A run that fails
   * (one user's Spotify down, a run that ends failed) does not hold back the others: each failure
   * goes to `onFailure`, or, with none, the first is thrown once every run was tried.
   */
  async resumeAll(onFailure?: (run: PendingRun, error: unknown) => void | Promise<void>): Promise<number> {
    let resumed = 0;
    const failures: unknown[] = [];
    // The put-backs failed runs owe come first, as at any pass of their layers.
    try {
      await this.putBacks.settleAll(async (owed, work) => {
        try {
          await this.lock.run(owed.run.layerId, 0, work);
        } catch (error) {
          if (error instanceof RunsStoppedError) throw error;
          if (isUserError(error) && error.code === 'busy') return;
          if (onFailure) await onFailure(owed.run, error);
          else failures.push(error);
        }
      });
    } catch (error) {
      // The process stops: the rest waits for the next start, nothing failed.
      if (error instanceof RunsStoppedError) return resumed;
      throw error;
    }
    for (const run of await this.deps.runs.unfinished()) {
      try {
        const owed = owedAtStart(run);
        if (owed) await this.oweDm(run.id, owed.cause);
        if (await this.apply(run.userId, run.id)) resumed++;
      } catch (error) {
        // The process stops: the rest waits for the next start, nothing failed.
        if (error instanceof RunsStoppedError) return resumed;
        if (onFailure) await onFailure(run, error);
        else failures.push(error);
      }
    }
    for (const run of await this.deps.runs.owedUndoDms()) await this.dms.tellUndoFinished(run.userId, run);
    if (failures.length > 0) throw failures[0];
    return resumed;
  }

  /** Finishes a layer's journaled runs that were cut short (each sync starts with this). */
  async finishUnfinished(userId: string, layerId: string): Promise<void> {
    await this.lock.run(layerId, QUEUED_WAIT_MS, () => this.finishLocked(userId, layerId));
  }

  /**
   * The writes the layer's unfinished runs have journaled and not marked done (their steps not
   * done): Spotify may show any of them made already, before the bot recorded it. Then the songs
   * Spotify took for runs that ended while their record was refused (a step's `unrecorded`, as
   * `trackIds`): no stored contents show them until a sync stores the playlists as read.
   */
  async pendingWrites(layerId: string): Promise<SortStep[]> {
    const pending: SortStep[] = [];
    for (const run of await this.deps.runs.unfinishedFor(layerId))
      pending.push(...(await this.deps.steps.listFor(run.id)).filter((step) => !step.done));
    for (const step of await this.deps.steps.unrecordedFor(layerId))
      pending.push({ ...step, trackIds: step.unrecorded });
    return pending;
  }

  /** The steps' unrecorded songs are in the stored contents now: a sync stored their playlists as read. */
  async writesRecorded(stepIds: readonly string[]): Promise<void> {
    for (const id of stepIds) await this.deps.steps.markUnrecorded(id, []);
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
      await this.lock.run(run.layerId, 0, () => this.applyAndTell(userId, runId));
      return true;
    } catch (error) {
      if (isUserError(error) && error.code === 'busy') return false;
      throw error;
    }
  }

  /**
   * Runs `work` holding the locks of these layers: a sync reads the playlists, records what the
   * user did by hand and sorts new likes with no run of those layers writing meanwhile (it would
   * take the run's own writes for hand edits). Waits up to QUEUED_WAIT_MS, then busy.
   */
  async whileLayersLocked<T>(layerIds: readonly string[], work: () => Promise<T>): Promise<T> {
    return this.lock.runAll(layerIds, QUEUED_WAIT_MS, work);
  }

  // ---- the layer's lock held ----

  private sortTimer(kind: 'layer' | 'new-likes') {
    const { metrics } = this.deps;
    return metrics
      ? (outcome: Outcome, seconds: number) => metrics.sortFinished(kind, outcome, seconds)
      : undefined;
  }

  /**
   * Applies the layer's unfinished runs first (and sends their owed DMs). `forUser`: before a
   * command of the user (/sort, /undo, a correction), who waits for that command, not for these
   * runs: one that ends failed is told by its own DM (owed now, if it was not), once, not as the
   * command's answer, and the command goes on. Otherwise (a sync, which tells of its failures) its
   * RunFailedError goes on.
   */
  private async finishLocked(userId: string, layerId: string, forUser = false): Promise<void> {
    // Summaries whose DM failed (Discord down) are tried again first: a run applied below is told
    // right after it, and so is not tried twice in one pass.
    for (const run of await this.deps.runs.pendingDms(layerId, 'sort'))
      await this.dms.tellPostponedSortApplied(userId, run);
    // An undo's DM held back (DMs paused after a refusal) goes out too; one not finished waits for it.
    for (const run of await this.deps.runs.pendingDms(layerId, 'undo'))
      if (run.status === 'done' || run.status === 'failed') await this.dms.tellUndoFinished(userId, run);
    for (const run of await this.deps.runs.pendingDms(layerId, 'correction'))
      await this.dms.tellHeldCorrectionEnded(userId, run);
    try {
      // Songs an earlier run left moved in part go back where they were before anything else is
      // written; a put-back that fails goes on as a run's try does (it is given up after its tries).
      await this.putBacks.settleOwed(userId, layerId);
    } catch (error) {
      throw stoppedBeforeCommand(error, forUser);
    }
    for (const run of await this.deps.runs.unfinishedFor(layerId))
      try {
        await this.applyAndTell(userId, run.id);
      } catch (error) {
        if (!forUser || !(error instanceof RunFailedError)) throw stoppedBeforeCommand(error, forUser);
      }
  }

  /**
   * Applies a run nobody waits for (its command was answered before): one postponed by Spotify's
   * limit gets its DM once it is done, and one that ends failed here owes its DM (the applier) and
   * gets it.
   */
  private async applyAndTell(userId: string, runId: string): Promise<void> {
    try {
      await this.applier.apply(userId, runId);
    } catch (error) {
      if (error instanceof RunFailedError) await this.dms.tellOwed(userId, runId);
      throw error;
    }
    await this.dms.tellOwed(userId, runId);
  }

  /**
   * Applies a journaled run. With `answer` (a user's command, which answers with how it went):
   * when Spotify's limit stops its writes, the run owes its DM (the layer's next pass after the
   * limit finishes it and sends it) and the person hears `answer.postponed` at once; when the
   * process stops (a deploy), it owes its DM for the next start, which finishes it, and the person
   * hears `answer.restarting`. Otherwise the error goes on (answeredFailedTry).
   */
  private async applyOrPostpone(userId: string, runId: string, answer?: CommandAnswer): Promise<void> {
    if (answer) this.answering.add(runId);
    try {
      await this.applier.apply(userId, runId, answer !== undefined);
    } catch (error) {
      if (answer && error instanceof RunsStoppedError) {
        // The next start finishes it; its DM, owed now, says it was cut short by a restart.
        await this.oweDm(runId, 'restarted');
        throw answer.restarting;
      }
      await this.answeredAfterStop(runId);
      if (answer === undefined) throw error;
      const until = spotifyLimitEnd(error);
      if (until === undefined) throw await this.answeredFailedTry(runId, error);
      await this.oweDm(runId, 'spotifyLimit');
      throw answer.postponed(until);
    } finally {
      this.answering.delete(runId);
    }
    await this.answeredAfterStop(runId);
  }

  /**
   * The command answers with a failed try of its run, which the layer's next pass finishes (one
   * that ended failed, RunFailedError, is answered so and owes nothing). The error is recorded with
   * the run if it is not yet (a failure that passes before the run writes, an /undo's plan reading
   * Spotify), so that the start finishing it does not take it for a command a restart cut short;
   * an /undo's DM ("has finished", no cause) is owed from now, whichever pass finishes it. Returns
   * what to answer with: an error of ours carries the run's reference, shown and logged with it.
   */
  private async answeredFailedTry(runId: string, error: unknown): Promise<unknown> {
    if (error instanceof RunFailedError) return error;
    const run = await this.deps.runs.byId(runId);
    if (run?.status === 'planned' || run?.status === 'applying') {
      if (run.error === null)
        await this.deps.runs.setStatus(
          runId,
          run.status,
          error instanceof Error ? error.message : String(error),
        );
      if (run.kind === 'undo') await this.oweDm(runId);
    }
    return isUserError(error) || referenceOf(error) !== undefined
      ? error
      : new RunTryFailedError(runId, error);
  }

  /**
   * The command answers the user with how its run went after all (its write came back after the
   * stop, before the exit): the DM the stop made it owe, and that DM's cause, are withdrawn, so
   * that the user is not told twice.
   */
  private async answeredAfterStop(runId: string): Promise<void> {
    const owing = this.owedByStop.get(runId);
    if (!owing) return;
    this.owedByStop.delete(runId);
    // Withdrawn once it is owed, not before (it would be owed after all).
    await owing.catch(() => undefined);
    const run = await this.deps.runs.byId(runId);
    if (!run) return;
    const { restarted: _withdrawn, ...summary } = (run.summary ?? {}) as Partial<RunSummary>;
    await this.deps.runs.setSummary(runId, summary);
    await this.deps.runs.settleDm(runId, null);
  }

  /**
   * The run owes its DM, which says what held it back (`cause`, marked on its summary; none: the
   * DM names no cause). A run that owes one already keeps its first cause.
   */
  private async oweDm(runId: string, cause?: 'restarted' | 'spotifyLimit'): Promise<void> {
    const run = await this.deps.runs.byId(runId);
    if (!run || run.dmPending) return;
    if (cause) await this.deps.runs.setSummary(runId, { ...(run.summary as object | null), [cause]: true });
    await this.deps.runs.oweDm(runId);
  }

  /**
   * `answer` (a /sort, a correction): when Spotify's limit or a stop of the process stops the
   * writes, the run stays journaled and owes its DM; the person hears so at once.
   */
  private async journalAndApply(
    userId: string,
    planned: PlannedRun,
    defer = false,
    answer?: CommandAnswer,
  ): Promise<RunResult> {
    const run = await this.deps.runs.create(planned.run, planned.steps);
    if (planned.run.status === 'planned' && !defer) await this.applyOrPostpone(userId, run.id, answer);
    const stored = await this.deps.runs.byId(run.id);
    const written = stored?.summary as RunSummary | undefined;
    // The applier keeps the stored summary to what it wrote when the mutual check refused songs.
    return { run: stored ?? run, summary: written?.refused ? written : planned.summary };
  }

  private async undoLocked(userId: string, runId: string): Promise<UndoOutcome> {
    const run = await this.deps.runs.byId(runId);
    const layer = run ? await this.deps.layers.byId(run.layerId) : undefined;
    // Whose run it is comes first: a stranger learns nothing about it, not even that it is gone.
    if (layer && layer.userId !== userId) throw new UserError({ code: 'not-yours' });
    if (!run || !layer) throw new UserError({ code: 'stale-component', what: 'run-gone' });
    const last = await this.deps.runs.lastUndoable(layer.id);
    if (!last || last.id !== runId) {
      throw new UserError({ code: 'nothing-to-undo', in: 'not-latest-run' });
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
    await this.applyOrPostpone(userId, journaled.id, {
      postponed: (until) =>
        new UserError({
          code: 'undo-postponed',
          until,
          layerName: layer.name,
          undid: run.kind === 'sync' ? 'sync' : 'sort',
        }),
      restarting: restartingFor('undo', layer.name),
    });
    const finished = (await this.deps.runs.byId(journaled.id)) ?? journaled;
    return toUndoOutcome(finished, layer.name, run, await followersOf(this.deps, userId, layer, finished));
  }
}
