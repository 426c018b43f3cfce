import type { Layer, Sublist, UserSettings } from '../../core/layer-records.js';
import { DM_RETRY, type SortRun } from '../../core/run-records.js';
import type { DmMessage, Notifier } from '../ports/notifier.js';
import type { RunDmStore } from '../ports/sort-run.ports.js';
import { settleOwedDm } from '../sorting/owed-dm.js';
import { namedRefusals, placementsBySublist, type RunSummary } from '../sorting/run-summary.js';

/** The new-songs DM of a sync run, from what its stored summary says it placed. */
const newSongsDm = (
  layer: Layer,
  sublists: readonly Sublist[],
  runId: string,
  summary: RunSummary,
): DmMessage => {
  // A run Spotify refused lists the new likes it could not place (they wait) before its own waiting songs.
  const unplaced = summary.failed?.unplaced ?? [];
  const placedHere = summary.placed;
  const refused = namedRefusals(summary.refused, sublists);
  return {
    kind: 'new-songs',
    layerName: layer.name,
    placements: placementsBySublist(sublists, placedHere),
    voidCount: placedHere.filter((p) => p.sublistIds.length === 0).length,
    layerId: layer.id,
    runId,
    tracks: placedHere,
    sublists: sublists.map((s) => ({ id: s.id, name: s.name })),
    mode: { mutual: layer.mode.mutual, complete: layer.mode.complete },
    waiting: [...unplaced, ...(summary.waiting ?? [])],
    waitingCount:
      (summary.failed?.unplacedCount ?? 0) + (summary.confidence?.waiting ?? summary.waiting?.length ?? 0),
    ...(summary.failed
      ? {
          failed: {
            reference: summary.failed.reference,
            unplaced: summary.failed.unplacedCount,
            ...(summary.failed.ourError ? { ourError: true as const } : {}),
          },
        }
      : {}),
    ...(summary.unlisted ? { unlisted: summary.unlisted } : {}),
    ...(summary.unlistedSublistIds ? { unlistedSublistIds: summary.unlistedSublistIds } : {}),
    ...(refused ? { refused } : {}),
  };
};

/**
 * Whether a stored run summary shows a track added to or removed from a sublist, a new like
 * placed (also where it already was, or in the void: the user hears where every like went), one
 * left waiting, or one held back for a sublist whose playlist left the library.
 */
const worthTelling = (summary: unknown): boolean => {
  const run = summary as Partial<RunSummary> | null;
  return (
    (run?.perSublist?.some((s) => s.added > 0 || s.removed > 0) ?? false) ||
    (run?.placed?.length ?? 0) > 0 ||
    (run?.waiting?.length ?? 0) > 0 ||
    (run?.unlisted?.songs ?? 0) > 0 ||
    (run?.refused?.length ?? 0) > 0 ||
    run?.failed !== undefined
  );
};

/**
 * Sends the new-songs DMs the layer's sync runs still owe, oldest first, each built from its
 * run's stored summary, at most once per run. A run not applied yet keeps its DM for a later
 * sync; one that Spotify refused says so, with its reference and the songs that wait instead; one
 * that failed otherwise, was undone or has nothing to tell, or whose user turned DMs off, never sends
 * it. A refusal (DMs closed, recorded by the notifier) ends it; while the notifier then holds DMs
 * back it stays owed, its tries untouched (settleOwedDm); other failures are tried again by the
 * next syncs, as DM_RETRY says (further and further apart, five tries in all). True when a DM was
 * delivered.
 */
export const sendOwedDms = async (
  deps: { dms: RunDmStore; notifier: Notifier; now?: () => Date },
  userId: string,
  layer: Layer,
  sublists: readonly Sublist[],
  settings: UserSettings,
): Promise<boolean> => {
  let delivered = false;
  for (const run of await deps.dms.pendingDms(layer.id)) {
    if (run.status === 'planned' || run.status === 'applying') continue;
    if (!owesDm(run, settings)) {
      await deps.dms.settleDm(run.id, null);
      continue;
    }
    if (!(await deps.dms.claimDm(run.id, DM_RETRY, deps.now?.() ?? new Date()))) continue;
    const summary = run.summary as RunSummary;
    const sent = await deps.notifier.sendDm(userId, newSongsDm(layer, sublists, run.id, summary));
    await settleOwedDm(deps.dms, run, sent, deps.now?.() ?? new Date());
    delivered ||= sent.delivered;
  }
  return delivered;
};

const owesDm = (run: SortRun, settings: UserSettings): boolean => {
  // A run Spotify refused for good is told too: what it placed before, and what waits instead.
  const failed = (run.summary as Partial<RunSummary> | null)?.failed !== undefined;
  return (
    (run.status === 'done' || (run.status === 'failed' && failed)) &&
    run.undoneAt === null &&
    settings.dmSummaries &&
    worthTelling(run.summary) &&
    Array.isArray((run.summary as Partial<RunSummary> | null)?.placed)
  );
};
