import type { Placement } from '../../core/layer.js';
import type { Sublist, WaitingTrack } from '../../core/layer-records.js';
import { type DesiredPlacement, type SortPlan, applySortPlan } from '../../core/sort-plan.js';
import { type PlannedStep, stepsOfChanges } from '../../core/sort-steps.js';
import type { RunSummary } from './run-summary.js';

/** A journaled step with the playlist it writes. */
export type JournalStep = PlannedStep & { playlistId: string };

const UNCERTAIN_SHOWN = 5;
const PLACED_KEPT = 200;
export const WAITING_KEPT = 25;

/**
 * The plan's changes as journal steps of at most 100 tracks, with their playlists: adds before
 * removes, so that a move refused halfway leaves its song where it was (the applier puts it back),
 * never in no sublist.
 */
export const journalStepsOf = (sublists: readonly Sublist[], plan: SortPlan): JournalStep[] => {
  const playlistOf = new Map(sublists.map((s) => [s.id, s.playlistId]));
  return stepsOfChanges(plan.changes).map((step) => ({
    ...step,
    playlistId: playlistOf.get(step.sublistId) as string,
  }));
};

/** A guess's memberships of the sublists it is (still) placed in, as the summary keeps them. */
const membershipsIn = (
  placement: readonly string[],
  memberships: Readonly<Record<string, number>> | undefined,
): { memberships?: Record<string, number> } => {
  const kept = placement.filter((id) => memberships?.[id] !== undefined);
  return memberships && kept.length > 0
    ? { memberships: Object.fromEntries(kept.map((id) => [id, memberships[id] as number])) }
    : {};
};

/** What a plan does to the playlists, with track names for the summary, the DM and the chart. */
export const summarizePlan = async (
  namesOf: (trackIds: readonly string[]) => Promise<Map<string, string>>,
  sublists: readonly Sublist[],
  plan: SortPlan,
  desired: ReadonlyMap<string, DesiredPlacement>,
  contents: ReadonlyMap<string, ReadonlySet<string>>,
  waiting: readonly WaitingTrack[],
): Promise<RunSummary> => {
  const after = applySortPlan(contents, plan.changes);
  const waitingShown = [...waiting].sort((a, b) => a.confidence - b.confidence).slice(0, WAITING_KEPT);
  const uncertainIds = [...plan.placements.keys()]
    .filter((id) => desired.get(id)?.source === 'model')
    .sort((a, b) => (desired.get(a)?.confidence ?? 0) - (desired.get(b)?.confidence ?? 0))
    .slice(0, UNCERTAIN_SHOWN);
  const placedIds = [...plan.placements.keys()].slice(0, PLACED_KEPT);
  const names = await namesOf([
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
      ...membershipsIn(placement(id), desired.get(id)?.memberships),
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
            ...membershipsIn(w.guess, w.memberships),
          })),
        }
      : {}),
  };
};
