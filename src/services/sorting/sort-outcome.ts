import type { SortRun } from '../../core/run-records.js';
import type { CorrectionOutcome, SortCounts, SortOutcome, UndoOutcome } from '../ports/model-ports.js';
import { namedRefusals, type RunResult, type RunSummary } from './run-summary.js';

const sublistsOf = (summary: RunSummary) =>
  summary.perSublist.map((s) => ({ id: s.sublistId, name: s.name }));

const countsOf = (summary: RunSummary): SortCounts[] =>
  summary.perSublist.map((s) => ({ name: s.name, added: s.added, removed: s.removed, total: s.total }));

/** A sort run as the bot shows it: counts per sublist by name, the least sure placements. */
export const toSortOutcome = (result: RunResult, dryRun: boolean): SortOutcome => {
  const nameOf = new Map(result.summary.perSublist.map((s) => [s.sublistId, s.name]));
  return {
    runId: result.run.id,
    dryRun,
    perSublist: countsOf(result.summary),
    voidCount: result.summary.voidCount,
    uncertain: result.summary.uncertain.map((u) => ({
      trackId: u.trackId,
      trackName: u.trackName,
      sublistNames: u.sublistIds.map((id) => nameOf.get(id) ?? '?'),
      confidence: u.confidence,
      ...(u.memberships
        ? {
            sublistConfidences: Object.entries(u.memberships).map(([id, confidence]) => ({
              sublistName: nameOf.get(id) ?? '?',
              confidence,
            })),
          }
        : {}),
    })),
    confidence: result.summary.confidence,
    preview: result.summary.preview,
    unlisted: result.summary.unlisted,
    unlistedSublistIds: result.summary.unlistedSublistIds,
    refused: namedRefusals(result.summary.refused, sublistsOf(result.summary)),
  };
};

/** A correction run (a DM's or summary's menu, a waiting song's Place) as the bot shows it. */
export const toCorrectionOutcome = (result: RunResult): CorrectionOutcome => ({
  runId: result.run.id,
  perSublist: countsOf(result.summary),
  refused: namedRefusals(result.summary.refused, sublistsOf(result.summary)),
});

/** An undo run's outcome, with the run it reverted (a sort or a sync) and what it changed. */
export const toUndoOutcome = (
  undoRun: SortRun,
  layerName: string,
  reverted: SortRun,
  followers: UndoOutcome['followers'] = [],
): UndoOutcome => ({
  runId: undoRun.id,
  layerName,
  undid: { kind: reverted.kind === 'sync' ? 'sync' : 'sort', at: reverted.createdAt },
  perSublist: countsOf(undoRun.summary as RunSummary),
  unlisted: (undoRun.summary as RunSummary).unlisted,
  leftMotherlist: (undoRun.summary as RunSummary).leftMotherlist,
  refused: namedRefusals((undoRun.summary as RunSummary).refused, sublistsOf(undoRun.summary as RunSummary)),
  ...(followers.length > 0 ? { followers } : {}),
});
