import type { SortRun, SortStep } from '../../core/run-records.js';
import { MutualGuard } from './mutual-guard.js';
import { ReversedByHand } from './reversed-by-hand.js';
import { RunFailedError, runReference, RunsStoppedError, RunTryFailedError } from '../errors.js';
import { isPassing, isPermanent } from './failure-kinds.js';
import { revertedRunIds, type RunSummary } from './run-summary.js';
import { WAITING_KEPT } from './plan-summary.js';
import type { SortRunDeps } from '../ports/sort-run.ports.js';
import type { UndoPlanner } from './undo-planner.js';
import type { PutBacks } from './put-back.js';
import { storeAnswer } from './correction-answer.js';
import { recordRefused, recordReversed, withHeldMarks } from './stored-summary.js';
import {
  halfMadeMoves,
  liveReader,
  movedInPart,
  recordOwnWrites,
  unplacedNewLikes,
  unremovedDeparted,
  unwritten,
} from './unfinished-run.js';

export type RunApplierDeps = Pick<
  SortRunDeps,
  | 'layers'
  | 'sublists'
  | 'labels'
  | 'handEdits'
  | 'motherlist'
  | 'contents'
  | 'waiting'
  | 'runs'
  | 'steps'
  | 'writer'
  | 'retraining'
>;

/**
 * The songs the steps after `index`, not done yet, take out of each playlist: a run's move (added
 * before it is taken out of where it was) is not refused by the mutual check for them.
 */
const leavingAfter = (steps: readonly SortStep[], index: number): Map<string, Set<string>> => {
  const leaving = new Map<string, Set<string>>();
  for (const step of steps.slice(index + 1)) {
    if (step.action !== 'remove' || step.done) continue;
    const songs = leaving.get(step.playlistId) ?? new Set<string>();
    for (const id of step.trackIds) songs.add(id);
    leaving.set(step.playlistId, songs);
  }
  return leaving;
};

/** The summary an undo run is journaled with before its plan is known (reading Spotify takes long). */
export const UNDO_NOT_PLANNED = { undoPlanned: false } as const;

const isUnplannedUndo = (run: SortRun): boolean =>
  run.kind === 'undo' && (run.summary as { undoPlanned?: boolean } | null)?.undoPlanned === false;

/**
 * Applies of a run that may fail for any other reason (a database error that does not pass, a
 * bug) before it ends failed as a refusal does; and applies the process may not live through (it
 * died in them: killed, out of memory) before the next one ends it so instead of resuming it. Each pass of the layer tries it once or twice (a
 * sync at its start and again before its own run of new likes; a /sort, a correction, a restart),
 * so a failure that recurs is told within two or three syncs, and one that does not still has two
 * more tries.
 */
export const RUN_APPLY_TRIES = 3;

/** The cause a run ends with when the process died in its last RUN_APPLY_TRIES applies. */
class RunCutShortError extends Error {
  override name = 'RunCutShortError';
  constructor(tries: number) {
    super(`the process stopped in each of its last ${tries} applies before they ended`);
  }
}

/** An apply under way in this process, counted as cut short until it ends (`giveBack`, once). */
interface ApplyUnderWay {
  giveBack(): Promise<void>;
  ended: Promise<void>;
}

/**
 * Sync runs in a row that may fail to take a departed song out before it is left where it is. A
 * failed run takes the songs it did not take out back into the layer's intake, so that the next
 * sync finds them departed again and removes them once Spotify takes writes again; a removal
 * refused every time ends after this many runs instead of failing every sync.
 */
export const REMOVAL_TRIES = 3;

/**
 * Executes a journaled run: its steps in writes of ≤ 100, each marked done as it succeeds. A run
 * cut short anywhere is finished by applying it again with no duplicate and nothing lost: a step
 * not marked done is checked against the playlist first. The caller holds the layer's lock.
 */
export class RunApplier {
  private stopping = false;
  private readonly underWay = new Set<ApplyUnderWay>();

  constructor(
    private readonly deps: RunApplierDeps,
    private readonly undoPlanner: UndoPlanner,
    private readonly putBacks: PutBacks,
  ) {}

  /**
   * The process stops cleanly (a deploy): no apply starts any more, and each under way ends at its
   * next step (RunsStoppedError), its run left for the next start. They are given back at once, not
   * counted as cut short: the process stopping is their cause (an apply whose write never comes back
   * is abandoned when the process exits). Waits up to `waitMs` for them to end, so that no write
   * follows the release of the layers' locks but one that does not come back in that time.
   */
  async stop(waitMs: number): Promise<void> {
    this.stopping = true;
    const applies = [...this.underWay];
    await Promise.all(applies.map((apply) => apply.giveBack()));
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, waitMs);
    });
    await Promise.race([Promise.all(applies.map((apply) => apply.ended)), waited]);
    clearTimeout(timer);
  }

  /** Once the process stops, nothing more is written: RunsStoppedError. */
  throwIfStopping(): void {
    if (this.stopping) throw new RunsStoppedError();
  }

  /** Counts the apply as under way from now on (it was counted cut short as it started). */
  private underWayNow(runId: string): { apply: ApplyUnderWay; done(): void } {
    let given = false;
    let done: () => void = () => undefined;
    const apply: ApplyUnderWay = {
      giveBack: async () => {
        if (given) return;
        given = true;
        // A record refused leaves it counted so: at worst the run ends one try early.
        await this.deps.runs.applyEnded(runId).catch(() => undefined);
      },
      ended: new Promise<void>((resolve) => {
        done = resolve;
      }),
    };
    this.underWay.add(apply);
    return {
      apply,
      done: () => {
        this.underWay.delete(apply);
        done();
      },
    };
  }

  /**
   * `answersUser`: the apply of a command that answers the user with how it ended (the first apply of
   * their /sort, /undo or correction): one that ends failed there owes no DM. Any other apply that
   * ends a /sort, /undo or correction failed (the start-up resume, the layer's sync, the user's next
   * command) owes its DM, which tells the user with its reference (a sync run's new-songs DM tells
   * of it instead).
   */
  async apply(userId: string, runId: string, answersUser = false): Promise<void> {
    const run = await this.deps.runs.byId(runId);
    if (!run || (run.status !== 'planned' && run.status !== 'applying')) return;
    const summary = run.summary as Partial<RunSummary> | null;
    // No apply starts once the process stops.
    this.throwIfStopping();
    const cutShort = await this.deps.runs.startApply(runId);
    if (cutShort >= RUN_APPLY_TRIES) {
      // The process died in every one of its last applies (at the same write, or out of memory):
      // resumed at every start, it would die there again and hold its layer for good. It ends as
      // a run that fails every time does, its move made in part put back.
      throw await this.end(userId, run, summary, new RunCutShortError(cutShort), answersUser);
    }
    const underWay = this.underWayNow(runId);
    try {
      await this.applyCounted(userId, run, summary, underWay.apply, answersUser);
    } finally {
      underWay.done();
    }
  }

  private async applyCounted(
    userId: string,
    journaled: SortRun,
    journaledSummary: Partial<RunSummary> | null,
    underWay: ApplyUnderWay,
    answersUser: boolean,
  ): Promise<void> {
    let run = journaled;
    // What the run stores of itself, kept to what it wrote as it goes.
    let summary = journaledSummary;
    const runId = run.id;
    let started = false;
    let answered = false;
    try {
      // Stopped while it started (it was not under way yet when the stop looked).
      this.throwIfStopping();
      if (isUnplannedUndo(run)) {
        await this.undoPlanner.plan(userId, run);
        run = (await this.deps.runs.byId(runId)) ?? run;
        summary = run.summary as Partial<RunSummary> | null;
      }
      const resuming = run.status === 'applying';
      await this.deps.runs.setStatus(runId, 'applying');
      started = true;
      const live = new Map<string, Set<string>>();
      const liveContents = async (playlistId: string) => {
        let set = live.get(playlistId);
        if (!set) live.set(playlistId, (set = new Set(await this.deps.writer.trackIds(userId, playlistId))));
        return set;
      };
      const reversedByHand = resuming ? new ReversedByHand(this.deps, userId, run) : undefined;
      const ownVersion = new Set<string>();
      const guard = await this.mutualGuard(userId, run.layerId, async (playlistId) =>
        (await this.playlistChangedSinceRead(userId, playlistId, live.has(playlistId)))
          ? await liveContents(playlistId)
          : ((await this.deps.contents.contentsOf(userId, [playlistId])).get(playlistId) ??
            new Set<string>()),
      );
      const steps = await this.deps.steps.listFor(runId);
      for (const [index, step] of steps.entries()) {
        if (step.done) continue;
        this.throwIfStopping();
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
        // Resuming, the user's hand edit reversing a write an earlier attempt made wins over the step.
        let reversed = new Set<string>();
        if (unseen) {
          const present = await liveContents(step.playlistId);
          reversed = (await reversedByHand?.of(step, present)) ?? reversed;
          trackIds = trackIds.filter(
            (id) => !reversed.has(id) && present.has(id) !== (step.action === 'add'),
          );
          // Recorded before the step is marked done: an apply cut short in between finds them again (counted once).
          if (reversed.size > 0) summary = await recordReversed(this.deps, run, summary, step, reversed);
        }
        const refused = new Set<string>();
        if (guard && step.action === 'add') {
          const checked = await guard.check(step.playlistId, trackIds, leavingAfter(steps, index));
          for (const { trackId } of checked.refused) refused.add(trackId);
          trackIds = checked.admissible;
          // Recorded before the step is marked done: an apply cut short in between refuses them again (counted once).
          if (checked.refused.length > 0)
            summary = await recordRefused(this.deps, run, summary, step.sublistId, checked.refused);
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
        guard?.wrote(step.playlistId, step.action, trackIds);
        await this.deps.contents.recordWrite(
          userId,
          step.playlistId,
          step.action,
          // Resuming, an earlier attempt may have written the rest of the step: all of it is ours
          // (but for what the user has reversed by hand since: their edit is read as theirs).
          resuming ? step.trackIds.filter((id) => !refused.has(id) && !reversed.has(id)) : trackIds,
          unseen ? null : snapshotId,
        );
        if (!unseen && snapshotId !== null) ownVersion.add(step.playlistId);
        await this.deps.steps.markDone(step.id, snapshotId);
      }
      answered = await storeAnswer(this.deps, run, summary);
    } catch (error) {
      // This apply ended with a cause seen, not cut short.
      await underWay.giveBack();
      // The process stops: the run stays as it is for the next start.
      if (error instanceof RunsStoppedError) throw error;
      const message = error instanceof Error ? error.message : String(error);
      if (!isPermanent(error)) {
        // A passing failure (5xx, network, Spotify's limit) leaves the run applying: the layer's
        // next pass (its next sync, the next run) finishes it. So does any other failure, until
        // the run has failed RUN_APPLY_TRIES times.
        if (isPassing(error)) {
          if (started) await this.deps.runs.setStatus(runId, 'applying', message);
          throw error;
        }
        if ((await this.deps.runs.countFailure(runId, message)) < RUN_APPLY_TRIES)
          throw new RunTryFailedError(runId, error);
      }
      // Refused for good, or failing every time: it ends, and a sync run's new likes it did not
      // place wait instead.
      throw await this.end(userId, run, summary, error, answersUser);
    }
    await this.deps.runs.setStatus(runId, 'done');
    for (const id of revertedRunIds(run.summary)) await this.deps.runs.markUndone(id);
    if (answered) await this.deps.retraining?.afterAnswers(userId, run.layerId);
  }

  /**
   * Ends a run that will not finish as failed, with its reference, and returns the error to
   * throw. A sync run's new likes its writes did not place wait instead; the songs of its steps
   * not marked done are checked against the playlists first, since Spotify may have taken a write
   * whose journal failed (they count placed, not waiting). A /sort, /undo or correction not
   * answered by its command (`answersUser`) owes its DM, before it is marked failed (a restart then still owes it).
   */
  private async end(
    userId: string,
    run: SortRun,
    summary: Partial<RunSummary> | null,
    error: unknown,
    answersUser: boolean,
  ): Promise<RunFailedError> {
    if (run.kind !== 'sync' && !answersUser) await this.deps.runs.oweDm(run.id);
    const message = error instanceof Error ? error.message : String(error);
    const reference = runReference(run.id);
    const journaled = await this.deps.steps.listFor(run.id);
    const contentsOf = liveReader(this.deps, userId);
    const left = await unwritten(journaled, contentsOf);
    await recordOwnWrites(this.deps, userId, journaled, left);
    const steps = run.kind === 'sync' ? left : [];
    const unplaced = await unplacedNewLikes(this.deps, run, steps);
    const refused = new Set(unplaced.map((s) => s.trackId));
    const unremoved = await unremovedDeparted(this.deps, run, steps);
    // A correction's answer only once the song is where the user said (Spotify may show its
    // writes made, the journal not): a label of a move not made would say it is where it is not.
    const answered = left.every((step) => step.done) && (await storeAnswer(this.deps, run, summary));
    const failure = {
      error: message,
      summary: await withHeldMarks(this.deps, run.id, {
        ...summary,
        // What it placed before it failed (the new-songs DM lists those as placed).
        ...(summary?.placed ? { placed: summary.placed.filter((p) => !refused.has(p.trackId)) } : {}),
        failed: {
          reference,
          unplacedCount: unplaced.length,
          unplaced: unplaced.slice(0, WAITING_KEPT),
          ...(isPermanent(error) ? {} : { ourError: true as const }),
          ...(unremoved.length > 0 ? { unremoved } : {}),
        },
      }),
      waiting: unplaced.map((s) => ({ trackId: s.trackId, guess: s.sublistIds, confidence: s.confidence })),
      retaken: unremoved.filter((u) => u.tries < REMOVAL_TRIES).map((u) => u.trackId),
    };
    const halfMoved = movedInPart(run, journaled, left, summary);
    const owed =
      halfMoved.size > 0
        ? await halfMadeMoves(this.deps, journaled, left, halfMoved, summary, contentsOf)
        : [];
    try {
      // Owed before the run ends: a crash between the two leaves the run to end again, owing it anew.
      if (owed.length > 0) await this.deps.runs.owePutBack(run.id, owed);
      await this.deps.runs.fail(run.id, failure);
    } catch (endError) {
      // A passing failure (a deadlock, a lost connection) leaves the end to the layer's next pass.
      if (isPassing(endError)) throw endError;
      // Any other would recur at every pass, the run never ending: its parts are written one by
      // one instead, the songs first, each with nothing else that could fail with it. Departed
      // songs are not taken back into the intake then: they stay where they are.
      if (failure.waiting.length > 0)
        await this.deps.waiting.record(run.layerId, { replace: false, add: failure.waiting, remove: [] });
      await this.deps.runs.setSummary(run.id, failure.summary);
      await this.deps.runs.setStatus(run.id, 'failed', message);
    }
    if (answered) await this.deps.retraining?.afterAnswers(userId, run.layerId);
    let cause = error;
    // Once the run has ended, so that no later pass finishes a move after its song is put back
    // (it would then be in no sublist).
    if (owed.length > 0) {
      try {
        await this.putBacks.settle(userId, run, owed);
      } catch (putBackError) {
        // Owed still: whoever next holds the layer tries it again (PutBacks). Logged under the
        // run's reference with its cause.
        const why = putBackError instanceof Error ? putBackError.message : String(putBackError);
        cause = new AggregateError(
          [error, putBackError],
          `${message}; putting the songs back failed: ${why}`,
        );
      }
    }
    return new RunFailedError(run.id, reference, cause, !isPermanent(error));
  }

  /** The check of a mutual layer's rule before each add (none for other layers). */
  private async mutualGuard(
    userId: string,
    layerId: string,
    read: (playlistId: string) => Promise<Set<string>>,
  ): Promise<MutualGuard | undefined> {
    const layer = await this.deps.layers.byId(layerId);
    if (!layer?.mode.mutual) return undefined;
    const sublists = await this.deps.sublists.listFor(layerId);
    return new MutualGuard(
      sublists.map((s) => s.playlistId),
      // Spotify refuses this account a playlist of another one (a sublist of the account linked
      // before): it holds nothing the user has under this link, as the planners count it, and a
      // run failed for it would refuse every add of the layer.
      (playlistId) =>
        read(playlistId).catch((error: unknown) => {
          if (isPermanent(error)) return new Set<string>();
          throw error;
        }),
    );
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
}
