import type { SortRun } from '../../core/run-records.js';
import type { SortRunDeps } from '../ports/sort-run.ports.js';
import type { CorrectionAnswer, RunSummary } from './run-summary.js';

const sameIds = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((id) => b.includes(id));

/** Whether `label` is still the one a correction's answer replaces (no answer given since). */
const isReplaced = (
  label: { sublistIds: readonly string[]; source: string; updatedAt: Date } | undefined,
  replaces: CorrectionAnswer['replaces'],
): boolean =>
  label === undefined
    ? replaces === null
    : replaces !== null &&
      label.source === replaces.source &&
      label.updatedAt.toISOString() === replaces.updatedAt &&
      sameIds(label.sublistIds, replaces.sublistIds);

/**
 * Stores a correction run's answer as a label, and forgets the song's hand edits it supersedes,
 * unless the mutual check refused the song (it stays where the user put it by hand, and the next
 * sync takes that as the answer) or the user answered otherwise since. Stored before the run is
 * marked ended: an apply cut short in between stores it again. True when the answer is the label.
 */
export const storeAnswer = async (
  deps: Pick<SortRunDeps, 'labels' | 'sublists' | 'handEdits'>,
  run: SortRun,
  summary: Partial<RunSummary> | null,
): Promise<boolean> => {
  const answer = summary?.answer;
  if (run.kind !== 'correction' || !answer) return false;
  if (summary.refused?.some((r) => r.trackId === answer.trackId)) return false;
  if (summary.reversedByHand?.some((r) => r.trackId === answer.trackId)) return false;
  const label = await deps.labels.get(run.layerId, answer.trackId);
  const stored = label?.source === 'correction' && sameIds(label.sublistIds, answer.sublistIds);
  if (!stored) {
    if (!isReplaced(label, answer.replaces)) return false;
    await deps.labels.put(run.layerId, answer.trackId, answer.sublistIds, 'correction');
  }
  const sublists = await deps.sublists.listFor(run.layerId);
  await deps.handEdits.forget(
    sublists.map((s) => s.id),
    answer.trackId,
  );
  return true;
};
