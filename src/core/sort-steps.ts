import type { SublistChange } from './sort-plan.js';

/** Spotify takes at most 100 items per playlist add or remove request. */
export const MAX_TRACKS_PER_WRITE = 100;

export type StepAction = 'add' | 'remove';

export interface PlannedStep {
  sublistId: string;
  action: StepAction;
  trackIds: string[];
}

const chunks = <T>(items: readonly T[], size: number): T[][] => {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) result.push(items.slice(i, i + size));
  return result;
};

/**
 * Splits changes into writes of at most 100 tracks: every add before any remove, so that a run
 * cut short leaves a moved track in two sublists rather than in none.
 */
export const stepsOfChanges = (
  changes: readonly SublistChange[],
  size = MAX_TRACKS_PER_WRITE,
): PlannedStep[] => [
  ...changes.flatMap((c) =>
    chunks(c.add, size).map((trackIds) => ({ sublistId: c.sublistId, action: 'add' as const, trackIds })),
  ),
  ...changes.flatMap((c) =>
    chunks(c.remove, size).map((trackIds) => ({
      sublistId: c.sublistId,
      action: 'remove' as const,
      trackIds,
    })),
  ),
];

/** The net effect of steps on each (sublist, track): the last action wins. */
export const netEffect = (steps: readonly PlannedStep[]): Map<string, Map<string, StepAction>> => {
  const effect = new Map<string, Map<string, StepAction>>();
  for (const step of steps) {
    const perTrack = effect.get(step.sublistId) ?? new Map<string, StepAction>();
    for (const trackId of step.trackIds) perTrack.set(trackId, step.action);
    effect.set(step.sublistId, perTrack);
  }
  return effect;
};

/**
 * Changes that revert a run's applied steps where the playlists still show the run's result,
 * leaving alone every (sublist, track) the user touched by hand since.
 */
export const buildUndoChanges = (
  applied: readonly PlannedStep[],
  contents: ReadonlyMap<string, ReadonlySet<string>>,
  touchedByHand: ReadonlyMap<string, ReadonlySet<string>>,
): SublistChange[] => {
  const changes: SublistChange[] = [];
  for (const [sublistId, perTrack] of netEffect(applied)) {
    const change: SublistChange = { sublistId, add: [], remove: [] };
    const present = contents.get(sublistId);
    for (const [trackId, action] of perTrack) {
      if (touchedByHand.get(sublistId)?.has(trackId)) continue;
      const isPresent = present?.has(trackId) ?? false;
      if (action === 'add' && isPresent) change.remove.push(trackId);
      if (action === 'remove' && !isPresent) change.add.push(trackId);
    }
    if (change.add.length > 0 || change.remove.length > 0) changes.push(change);
  }
  return changes;
};
