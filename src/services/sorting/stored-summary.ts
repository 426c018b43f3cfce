import type { SortRun, SortStep } from '../../core/run-records.js';
import type { SortRunDeps } from '../ports/sort-run.ports.js';
import { heldMarks, type ReversedSong, type RunSummary } from './run-summary.js';
import { withRefused, withReversedByHand } from './summary-rewrites.js';

/**
 * Stores in the run's summary the songs the mutual check kept out of `sublistId`: they count
 * where they are (`heldIn`, the other playlists holding them), not where the run meant them.
 */
export const recordRefused = async (
  deps: Pick<SortRunDeps, 'sublists' | 'motherlist' | 'labels' | 'runs'>,
  run: SortRun,
  summary: Partial<RunSummary> | null,
  sublistId: string,
  refused: readonly { trackId: string; heldIn: string[] }[],
): Promise<Partial<RunSummary>> => {
  const sublistOf = new Map((await deps.sublists.listFor(run.layerId)).map((s) => [s.playlistId, s.id]));
  const names = await deps.motherlist.namesOf(refused.map((r) => r.trackId));
  const labels = new Map((await deps.labels.listFor(run.layerId)).map((l) => [l.trackId, l.sublistIds]));
  const current = summary ?? {};
  const revised = withRefused(
    current,
    refused.map(({ trackId, heldIn }) => ({
      trackId,
      trackName: names.get(trackId) ?? trackId,
      sublistId,
      heldIn: heldIn.flatMap((playlistId) => sublistOf.get(playlistId) ?? []),
      answered: labels.get(trackId)?.includes(sublistId) ?? false,
    })),
  );
  return revised === current ? current : rewriteSummary(deps, run.id, revised);
};

/**
 * Stores in the run's summary the songs of `step` whose write the user reversed by hand: they
 * count as the user left them, not as the run meant them.
 */
export const recordReversed = async (
  deps: Pick<SortRunDeps, 'labels' | 'runs'>,
  run: SortRun,
  summary: Partial<RunSummary> | null,
  step: SortStep,
  trackIds: ReadonlySet<string>,
): Promise<Partial<RunSummary>> => {
  const label = new Map((await deps.labels.listFor(run.layerId)).map((l) => [l.trackId, l.sublistIds]));
  const current = summary ?? {};
  const reversed: (ReversedSong & { answered: boolean })[] = [...trackIds].map((trackId) => ({
    trackId,
    sublistId: step.sublistId,
    action: step.action,
    answered: label.get(trackId)?.includes(step.sublistId) ?? false,
  }));
  const revised = withReversedByHand(current, reversed);
  return revised === current ? current : rewriteSummary(deps, run.id, revised);
};

/**
 * `summary` with what held the run back (oweDm's marks) as stored now: a stop of the process
 * may have marked it since the apply read it, and the run's DM names that cause.
 */
export const withHeldMarks = async <T extends Partial<RunSummary>>(
  deps: Pick<SortRunDeps, 'runs'>,
  runId: string,
  summary: T,
): Promise<T> => {
  return { ...summary, ...heldMarks((await deps.runs.byId(runId))?.summary) };
};

/** Stores the run's revised summary, keeping its held marks; returns what it stored. */
const rewriteSummary = async (
  deps: Pick<SortRunDeps, 'runs'>,
  runId: string,
  revised: Partial<RunSummary>,
): Promise<Partial<RunSummary>> => {
  const kept = await withHeldMarks(deps, runId, revised);
  await deps.runs.setSummary(runId, kept);
  return kept;
};
