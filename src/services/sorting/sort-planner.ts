import { removalAnswers } from '../../core/hand-edits.js';
import { placementProblem } from '../../core/layer.js';
import type { IntakeChange, Layer, Sublist, WaitingTrack } from '../../core/layer-records.js';
import type { NewSortRun } from '../../core/run-records.js';
import type { DesiredPlacement } from '../../core/sort-plan.js';
import type { SortConfidence, SortOptions } from '../ports/model-ports.js';
import type { CorrectionAnswer, RunSummary } from './run-summary.js';
import { type JournalStep, journalStepsOf, summarizePlan } from './plan-summary.js';
import { givenRemovals } from './removal-conditioning.js';
import { leftMotherlist, shownMotherlist } from './left-motherlist.js';
import type { SortRunDeps } from '../ports/sort-run.ports.js';
import { UserError } from '../errors.js';
import { ownLayer } from '../layers/own-layer.js';
import { requireMotherlistListed, unlistedSublists } from '../layers/unlisted-sublists.js';
import { inputsOf, previewOf } from './dry-run-preview.js';
import { decide } from './run-decision.js';
import { buildPlan, confidenceWithoutHeld, withHeld, type BuiltPlan } from './run-plan.js';

export type SortPlannerDeps = Pick<
  SortRunDeps,
  'layers' | 'sublists' | 'labels' | 'settings' | 'model' | 'motherlist' | 'contents' | 'handEdits'
> & { runs: Pick<SortRunDeps['runs'], 'lastSort'> };

/** Where a correction puts a track, checked against the layer as it is. */
export interface CheckedCorrection {
  layer: Layer;
  sublistIds: string[];
  /** Every sublist of the layer (the correction supersedes hand edits in any of them). */
  allSublistIds: string[];
}

/** A run ready to journal: the record, its steps and its summary. */
export interface PlannedRun {
  run: NewSortRun;
  steps: JournalStep[];
  summary: RunSummary;
}

/**
 * Plans sort, sync and correction runs against the stored playlist contents: the user's answers
 * win over the model's guesses, guesses below the layer's precision target wait, hand edits hold.
 * Reads only; the caller journals and applies what it returns, holding the layer's lock.
 */
export class SortPlanner {
  constructor(private readonly deps: SortPlannerDeps) {}

  /**
   * The whole motherlist of a layer with its active model. After a dry run, the placements it
   * showed when nothing it decided from has changed since (a dry run is a promise).
   */
  async planSort(userId: string, layer: Layer, options: SortOptions): Promise<PlannedRun> {
    // Its copy is empty: planned over it, every waiting song would stop waiting.
    await requireMotherlistListed(this.deps.contents, userId, layer, 'sort');
    const motherlist = await this.deps.motherlist.trackIdsOf(userId, layer.motherlistId);
    const predicted = await this.deps.model.predictions(userId, layer);
    const everything = options.everything ?? false;
    const inputs = await inputsOf(this.deps, layer, motherlist, predicted, everything);
    const { promise, preview } = await previewOf(this.deps, layer, inputs);
    const { desired, waiting, confidence } = promise
      ? { ...promise, desired: new Map(promise.desired) }
      : await decide(this.deps, layer, predicted.predictions, new Set(motherlist), everything).then((d) => ({
          ...d,
          waiting: d.decision.waiting,
        }));
    // As decided: buildPlan takes out the songs it holds back, which the /sort after it holds back again.
    const decided = [...desired];
    const planned = await this.toPlannedRun(
      layer,
      await buildPlan(this.deps, userId, layer, desired, new Set()),
      desired,
      {
        kind: 'sort',
        modelId: predicted.modelId,
        dryRun: options.dryRun,
        // The whole motherlist is placed or waits: none of it is news to the next sync.
        intake: { add: motherlist, remove: [] },
        waiting: { replace: true, add: waiting, remove: [] },
        ...(confidence ? { confidence } : {}),
      },
    );
    if (preview) planned.summary.preview = preview;
    if (options.dryRun)
      planned.summary.promise = { inputs, desired: decided, waiting, ...(confidence ? { confidence } : {}) };
    return planned;
  }

  /**
   * Newly liked tracks placed with the active model, departed ones taken out (when the user's
   * setting says so); undefined when there is nothing to do.
   */
  async planNewTracks(
    userId: string,
    layer: Layer,
    newTrackIds: readonly string[],
    departed: ReadonlySet<string>,
    intake: IntakeChange | undefined,
    options: { dm?: boolean },
  ): Promise<PlannedRun | undefined> {
    let desired = new Map<string, DesiredPlacement>();
    let modelId: string | null = null;
    let waitingTracks: WaitingTrack[] = [];
    let confidence: SortConfidence | undefined;
    if (newTrackIds.length > 0) {
      const predicted = await this.deps.model.predictions(userId, layer, newTrackIds);
      modelId = predicted.modelId;
      const decided = await decide(this.deps, layer, predicted.predictions, new Set(newTrackIds), false);
      ({ desired, confidence } = decided);
      waitingTracks = decided.decision.waiting;
    }
    const built = await buildPlan(this.deps, userId, layer, desired, departed);
    if (
      desired.size === 0 &&
      built.held.size === 0 &&
      waitingTracks.length === 0 &&
      built.plan.changes.length === 0
    )
      return undefined;
    const waiting = new Set(waitingTracks.map((w) => w.trackId));
    return this.toPlannedRun(layer, built, desired, {
      kind: 'sync',
      modelId,
      dryRun: false,
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

  /**
   * The model's guess for songs the user took out of a sublist by hand, given that answer (as a
   * sort conditions them): what they wait with until an answer or the next /sort. Songs with a
   * label since, or no removal answer, are left out.
   */
  async removedGuesses(userId: string, layer: Layer, trackIds: readonly string[]): Promise<WaitingTrack[]> {
    const removals = removalAnswers(
      new Set((await this.deps.labels.listFor(layer.id)).map((l) => l.trackId)),
      await this.deps.handEdits.listFor(layer.id),
    );
    const asked = trackIds.filter((id) => removals.has(id));
    if (asked.length === 0) return [];
    const predicted = await this.deps.model.predictions(userId, layer, asked);
    return predicted.predictions.flatMap((p) => {
      const removedFrom = removals.get(p.trackId);
      if (!removedFrom) return [];
      const given = givenRemovals(p, removedFrom, layer.mode);
      return [{ trackId: p.trackId, guess: [...given.placement], confidence: given.confidence }];
    });
  }

  /**
   * Refuses a correction to a layer or sublist that is gone, to a placement the mode forbids, of a
   * song no longer in the layer's motherlist, or to a sublist whose playlist left the library.
   */
  async checkCorrection(
    userId: string,
    layerId: string,
    trackId: string,
    sublistIds: readonly string[],
  ): Promise<CheckedCorrection> {
    const checked = await this.checkAnswer(userId, layerId, trackId, sublistIds);
    // A run would hold the song back (see buildPlan): refused up front, before a run is journaled.
    const chosen = checked.sublists.filter((s) => checked.sublistIds.includes(s.id));
    const unlisted = await unlistedSublists(this.deps.contents, userId, chosen);
    if (unlisted.length > 0)
      throw new UserError({ code: 'sublist-unlisted', sublistNames: unlisted.map((s) => s.name) });
    return { layer: checked.layer, sublistIds: checked.sublistIds, allSublistIds: checked.allSublistIds };
  }

  /**
   * Refuses an answer to a layer or sublist that is gone, to a placement the mode forbids, or of a
   * song no longer in the layer's motherlist (no sort would place it: it is no answer to keep).
   */
  async checkAnswer(
    userId: string,
    layerId: string,
    trackId: string,
    sublistIds: readonly string[],
  ): Promise<CheckedCorrection & { sublists: Sublist[] }> {
    const layer = ownLayer(await this.deps.layers.byId(layerId), userId, 'moved');
    if ((await leftMotherlist(this.deps, userId, layer, [trackId])).size > 0) {
      const trackName = (await this.deps.motherlist.namesOf([trackId])).get(trackId) ?? null;
      const motherlist = await shownMotherlist(this.deps, userId, layer);
      throw new UserError({ code: 'left-motherlist', trackName, motherlist });
    }
    const sublists = await this.deps.sublists.listFor(layerId);
    const known = new Set(sublists.map((s) => s.id));
    const unique = [...new Set(sublistIds)];
    if (unique.some((id) => !known.has(id)))
      throw new UserError({ code: 'unknown-sublist', sublistName: null, layerName: layer.name });
    const problem = placementProblem(layer.mode, unique);
    if (problem) throw new UserError({ code: 'invalid-input', rule: 'placement', layerName: null, problem });
    return { layer, sublistIds: unique, allSublistIds: [...known], sublists };
  }

  /** Moves one track exactly where the user said. */
  async planCorrection(userId: string, layer: Layer, answer: CorrectionAnswer): Promise<PlannedRun> {
    const { trackId, sublistIds } = answer;
    const desired = new Map<string, DesiredPlacement>([
      [trackId, { placement: [...sublistIds], confidence: 1, source: 'label' }],
    ]);
    // The user said exactly where it goes: that supersedes what they did by hand with it before.
    const built = await buildPlan(this.deps, userId, layer, desired, new Set(), trackId);
    const planned = await this.toPlannedRun(layer, built, desired, {
      kind: 'correction',
      modelId: null,
      dryRun: false,
    });
    const summary = { ...planned.summary, answer };
    return { ...planned, run: { ...planned.run, summary }, summary };
  }

  private async toPlannedRun(
    layer: Layer,
    { sublists, plan, contents, held, unlisted }: BuiltPlan,
    desired: ReadonlyMap<string, DesiredPlacement>,
    options: Omit<NewSortRun, 'layerId' | 'status' | 'summary' | 'revertsRunId'> & {
      dryRun: boolean;
      confidence?: SortConfidence;
    },
  ): Promise<PlannedRun> {
    const { dryRun, confidence, ...rest } = options;
    const waiting = withHeld(rest.waiting, held);
    const fields = { ...rest, ...(waiting ? { waiting } : {}) };
    const summary = await summarizePlan(
      (ids) => this.deps.motherlist.namesOf(ids),
      sublists,
      plan,
      desired,
      contents,
      fields.waiting?.add ?? [],
    );
    if (confidence) summary.confidence = confidenceWithoutHeld(confidence, held);
    if (held.size > 0) {
      const named = new Set([...held.values()].flatMap((want) => want.placement));
      summary.unlisted = {
        sublistNames: unlisted.filter((s) => named.has(s.id)).map((s) => s.name),
        songs: held.size,
      };
    }
    if (unlisted.length > 0) summary.unlistedSublistIds = unlisted.map((s) => s.id);
    return {
      run: {
        ...fields,
        layerId: layer.id,
        status: dryRun ? 'dry-run' : 'planned',
        revertsRunId: null,
        summary,
      },
      steps: journalStepsOf(sublists, plan),
      summary,
    };
  }
}
