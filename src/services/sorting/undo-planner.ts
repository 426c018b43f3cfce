import type { SortRun } from '../../core/run-records.js';
import type { SortPlan } from '../../core/sort-plan.js';
import { type PlannedStep, buildUndoChanges } from '../../core/sort-steps.js';
import { emptySummary, heldMarks, placedTrackIds } from './run-summary.js';
import { journalStepsOf, summarizePlan } from './plan-summary.js';
import type { SortRunDeps } from '../ports/sort-run.ports.js';
import { unlistedSublists } from '../layers/unlisted-sublists.js';
import { leftMotherlist, shownMotherlist } from './left-motherlist.js';

export type UndoPlannerDeps = Pick<
  SortRunDeps,
  'layers' | 'sublists' | 'motherlist' | 'contents' | 'handEdits' | 'runs' | 'steps' | 'writer'
> & { now: () => Date };

/**
 * Plans a journaled undo: reverts the run's own changes where the playlists still show them,
 * with the playlist moves of the corrections made since on its tracks; hand edits since stay.
 */
export class UndoPlanner {
  constructor(private readonly deps: UndoPlannerDeps) {}

  /** Journals the steps and summary of `undoRun` (created without them: reading Spotify takes long). */
  async plan(userId: string, undoRun: SortRun): Promise<void> {
    const runId = undoRun.revertsRunId as string;
    const run = await this.deps.runs.byId(runId);
    const layer = await this.deps.layers.byId(undoRun.layerId);
    if (!run || !layer) {
      await this.setPlan(undoRun.id, { ...emptySummary(), reverted: [] }, []);
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
    const touched = sublists.filter((s) => applied.some((step) => step.sublistId === s.id));
    // Sublists whose playlist left the library are left alone, as runs do, and the undo says so.
    const unlisted = await unlistedSublists(this.deps.contents, userId, touched);
    const unlistedIds = new Set(unlisted.map((s) => s.id));
    const skipped = new Set(
      applied.filter((step) => unlistedIds.has(step.sublistId)).flatMap((step) => step.trackIds),
    );
    const undoable = applied.filter((step) => !unlistedIds.has(step.sublistId));
    const touchedSublists = touched.filter((s) => !unlistedIds.has(s.id));
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
      const detectedAt = this.deps.now();
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
    // A song that left the motherlist since is not put back: no sync would take it out again.
    const reverted = buildUndoChanges(undoable, live, touchedByHand);
    const departed = await leftMotherlist(
      this.deps,
      userId,
      layer,
      reverted.flatMap((change) => change.add),
    );
    const changes = reverted
      .map((change) => ({ ...change, add: change.add.filter((id) => !departed.has(id)) }))
      .filter((change) => change.add.length > 0 || change.remove.length > 0);
    const plan: SortPlan = { changes, placements: new Map(), heldBack: [] };
    const summary = await summarizePlan(
      (ids) => this.deps.motherlist.namesOf(ids),
      sublists,
      plan,
      new Map(),
      live,
      [],
    );
    await this.setPlan(
      undoRun.id,
      {
        ...summary,
        reverted: [runId, ...corrections],
        ...(unlisted.length > 0
          ? { unlisted: { sublistNames: unlisted.map((s) => s.name), songs: skipped.size } }
          : {}),
        ...(departed.size > 0
          ? {
              leftMotherlist: {
                songs: departed.size,
                motherlist: await shownMotherlist(this.deps, userId, layer),
              },
            }
          : {}),
      },
      journalStepsOf(sublists, plan),
    );
  }

  /**
   * Journals the plan, keeping what held the undo back (marked on its summary before it was
   * planned, read again: a stop may mark it while it plans), which its owed DM says.
   */
  private async setPlan(
    undoRunId: string,
    summary: object,
    steps: Parameters<UndoPlannerDeps['runs']['setPlan']>[2],
  ): Promise<void> {
    const held = heldMarks((await this.deps.runs.byId(undoRunId))?.summary);
    await this.deps.runs.setPlan(undoRunId, { ...summary, ...held }, steps);
  }
}
