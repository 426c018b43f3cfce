import type { Layer } from '../../core/layer-records.js';
import { childLinksOf } from '../../core/layer-graph.js';
import { DM_RETRY, type SortRun } from '../../core/run-records.js';
import type { DmMessage } from '../ports/notifier.js';
import type { SortRunDeps } from '../ports/sort-run.ports.js';
import { settleOwedDm } from './owed-dm.js';
import { heldByOf, namedRefusals, placementsBySublist, type RunSummary } from './run-summary.js';
import { toSortOutcome, toUndoOutcome } from './sort-outcome.js';

/**
 * The layers over the sublists an undo changed: what left (or came back to) such a sublist left
 * (or came back to) their motherlist, which they follow at the next sync as any departure.
 */
export const followersOf = async (
  deps: Pick<SortRunDeps, 'layers' | 'sublists'>,
  userId: string,
  layer: Layer,
  undoRun: SortRun,
): Promise<{ layer: string; sublist: string }[]> => {
  const changed = new Set(
    ((undoRun.summary as Partial<RunSummary>).perSublist ?? [])
      .filter((s) => s.added > 0 || s.removed > 0)
      .map((s) => s.sublistId),
  );
  if (changed.size === 0) return [];
  const graph = {
    layers: await deps.layers.listFor(userId),
    sublistsOf: new Map([[layer.id, await deps.sublists.listFor(layer.id)]]),
  };
  return childLinksOf(layer, graph)
    .filter((link) => changed.has(link.sublist.id))
    .map((link) => ({ layer: link.child.name, sublist: link.sublist.name }));
};

/** A correction's song and the sublists it was to go to, by name, for what the user is told. */
export const answerNames = async (
  deps: Pick<SortRunDeps, 'motherlist' | 'sublists'>,
  layerId: string,
  trackId: string,
  sublistIds: readonly string[],
): Promise<{ trackName: string | null; sublistNames: string[] }> => {
  const trackName = (await deps.motherlist.namesOf([trackId])).get(trackId) ?? null;
  const sublists = await deps.sublists.listFor(layerId);
  return {
    trackName,
    sublistNames: sublistIds.map((id) => sublists.find((s) => s.id === id)?.name ?? '?'),
  };
};

/**
 * The DMs a /sort, /undo or correction owes when a pass nobody waits for ends it (Spotify's limit
 * held it back, a restart cut it short): each claimed first, at most one per run.
 */
export class CommandDms {
  constructor(
    private readonly deps: Pick<
      SortRunDeps,
      'runs' | 'layers' | 'sublists' | 'labels' | 'motherlist' | 'notifier'
    >,
    private readonly now: () => Date,
  ) {}

  async tellOwed(userId: string, runId: string): Promise<void> {
    const run = await this.deps.runs.byId(runId);
    if (run?.kind === 'sort') await this.tellPostponedSortApplied(userId, run);
    else if (run?.kind === 'undo' && run.dmPending) await this.tellUndoFinished(userId, run);
    else if (run?.kind === 'correction' && run.dmPending) await this.tellHeldCorrectionEnded(userId, run);
  }

  /**
   * A correction held back by Spotify's limit owes a DM only if it was not made: the person was
   * told it would be made by itself, so they hear it was not (and their answer not kept), whether
   * it failed or the mutual check refused the song; one made says nothing.
   */
  async tellHeldCorrectionEnded(userId: string, run: SortRun): Promise<void> {
    if (run.status === 'failed') await this.tellFailed(userId, run);
    else if (run.status === 'done') await this.tellRefused(userId, run);
  }

  /**
   * The one DM of a held-back correction the mutual check refused when it was applied (the song
   * in another sublist of the layer by then, where it stays); nothing for one made.
   */
  private async tellRefused(userId: string, run: SortRun): Promise<void> {
    const { notifier } = this.deps;
    const summary = run.summary as Partial<RunSummary> | null;
    const answer = summary?.answer;
    const refusals = summary?.refused?.filter((r) => r.trackId === answer?.trackId);
    const sublists = await this.deps.sublists.listFor(run.layerId);
    const [refused] = namedRefusals(refusals, sublists) ?? [];
    if (!notifier || !refused) {
      await this.deps.runs.settleDm(run.id, null);
      return;
    }
    if (!(await this.deps.runs.claimDm(run.id, DM_RETRY, this.now()))) return;
    const layerName = (await this.deps.layers.byId(run.layerId))?.name ?? '?';
    const sent = await notifier.sendDm(userId, {
      kind: 'correction-refused',
      layerName,
      refused,
      ...heldByOf(summary),
    });
    await settleOwedDm(this.deps.runs, run, sent, this.now());
  }

  /**
   * The one summary DM of a /sort applied after Spotify's limit held it back (claimed first). A
   * refusal (DMs closed, recorded and logged once by the notifier) ends it; DMs held back after one,
   * or a failure for a passing reason, leave it owed (`dm_pending`, so a restart keeps it) for the
   * layer's next pass (settleOwedDm).
   */
  async tellPostponedSortApplied(userId: string, run: SortRun): Promise<void> {
    const { notifier } = this.deps;
    if (!notifier || run.kind !== 'sort' || !run.dmPending) return;
    if (run.status === 'failed') return this.tellFailed(userId, run);
    if (run.status !== 'done' || !(await this.deps.runs.claimDm(run.id, DM_RETRY, this.now()))) return;
    const layer = await this.deps.layers.byId(run.layerId);
    const sublists = await this.deps.sublists.listFor(run.layerId);
    const summary = run.summary as RunSummary;
    const sent = await notifier.sendDm(userId, {
      kind: 'sort-applied',
      layerName: layer?.name ?? '?',
      outcome: toSortOutcome({ run, summary }, false),
      placements: placementsBySublist(sublists, summary.placed),
      ...heldByOf(summary),
    });
    await settleOwedDm(this.deps.runs, run, sent, this.now());
  }

  /** The one DM of an undo finished after its answer (claimed first: at most one per run). */
  async tellUndoFinished(userId: string, run: SortRun): Promise<void> {
    const { notifier } = this.deps;
    if (!notifier) return;
    if (run.status === 'failed') return this.tellFailed(userId, run);
    if (run.status !== 'done') {
      await this.deps.runs.settleDm(run.id, null);
      return;
    }
    if (!(await this.deps.runs.claimDm(run.id, DM_RETRY, this.now()))) return;
    const layer = await this.deps.layers.byId(run.layerId);
    const reverted = run.revertsRunId ? await this.deps.runs.byId(run.revertsRunId) : undefined;
    const followers = layer ? await followersOf(this.deps, userId, layer, run) : [];
    const sent = await notifier.sendDm(userId, {
      kind: 'undo-finished',
      outcome: toUndoOutcome(run, layer?.name ?? '?', reverted ?? run, followers),
      ...heldByOf(run.summary),
    });
    await settleOwedDm(this.deps.runs, run, sent, this.now());
  }

  /**
   * Whether a correction run's answer is the song's label, given as a correction since the run
   * began: its run stored it (Spotify took its writes all the same, as the run's end reads them)
   * or the user gave it again. Then there is nothing to tell of the run.
   */
  private async answerStored(
    run: SortRun,
    answer: { trackId: string; sublistIds: readonly string[] },
  ): Promise<boolean> {
    const label = await this.deps.labels.get(run.layerId, answer.trackId);
    return (
      label?.source === 'correction' &&
      label.updatedAt >= run.createdAt &&
      label.sublistIds.length === answer.sublistIds.length &&
      label.sublistIds.every((id) => answer.sublistIds.includes(id))
    );
  }

  /**
   * The one DM of a /sort, /undo or correction that owed one (held back by Spotify's limit, or an
   * undo cut short by a restart) and ended failed: the person was told it would be applied, so they
   * hear it was not, with the reference its failure was logged with.
   */
  private async tellFailed(userId: string, run: SortRun): Promise<void> {
    const { notifier } = this.deps;
    const summary = run.summary as Partial<RunSummary> | null;
    const failed = summary?.failed;
    const answer = run.kind === 'correction' ? summary?.answer : undefined;
    if (
      !notifier ||
      (run.kind !== 'sort' && run.kind !== 'undo' && !answer) ||
      !failed ||
      (answer && (await this.answerStored(run, answer)))
    ) {
      await this.deps.runs.settleDm(run.id, null);
      return;
    }
    if (!(await this.deps.runs.claimDm(run.id, DM_RETRY, this.now()))) return;
    const layerName = (await this.deps.layers.byId(run.layerId))?.name ?? '?';
    const told = {
      layerName,
      reference: failed.reference,
      ...(failed.ourError ? { ourError: true as const } : {}),
    };
    let message: DmMessage;
    if (answer) {
      message = {
        kind: 'correction-failed',
        ...told,
        ...(await answerNames(this.deps, run.layerId, answer.trackId, answer.sublistIds)),
      };
    } else message = { kind: 'run-failed', what: run.kind === 'undo' ? 'undo' : 'sort', ...told };
    const sent = await notifier.sendDm(userId, message);
    await settleOwedDm(this.deps.runs, run, sent, this.now());
  }
}
