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
 * cut short, or refused halfway, never leaves a moved track in no sublist (in a mutual layer
 * too: the mutual check admits a run's add of a song its later steps take out of where it was).
 */
export const stepsOfChanges = (
  changes: readonly SublistChange[],
  { size = MAX_TRACKS_PER_WRITE }: { size?: number } = {},
): PlannedStep[] => {
  const adds = changes.flatMap((c) =>
    chunks(c.add, size).map((trackIds) => ({ sublistId: c.sublistId, action: 'add' as const, trackIds })),
  );
  const removes = changes.flatMap((c) =>
    chunks(c.remove, size).map((trackIds) => ({
      sublistId: c.sublistId,
      action: 'remove' as const,
      trackIds,
    })),
  );
  return [...adds, ...removes];
};

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
 * The net change of a sequence of applied steps (one run, or a run and the corrections made on
 * it since) on each (sublist, track). A plan only adds what a playlist lacks and removes what it
 * holds, so a pair's first action tells its state before the sequence: a pair added then removed
 * (or removed then added) ends as it began and is left out.
 */
export const netChange = (steps: readonly PlannedStep[]): Map<string, Map<string, StepAction>> => {
  const first = new Map<string, Map<string, StepAction>>();
  for (const step of steps) {
    const perTrack = first.get(step.sublistId) ?? new Map<string, StepAction>();
    for (const trackId of step.trackIds) if (!perTrack.has(trackId)) perTrack.set(trackId, step.action);
    first.set(step.sublistId, perTrack);
  }
  const change = new Map<string, Map<string, StepAction>>();
  for (const [sublistId, last] of netEffect(steps)) {
    const perTrack = new Map<string, StepAction>();
    for (const [trackId, action] of last)
      if (first.get(sublistId)?.get(trackId) === action) perTrack.set(trackId, action);
    if (perTrack.size > 0) change.set(sublistId, perTrack);
  }
  return change;
};

/**
 * Changes that revert applied steps (in the order they were applied) where the playlists still
 * show their result, leaving alone every (sublist, track) the user touched by hand since.
 */
export const buildUndoChanges = (
  applied: readonly PlannedStep[],
  contents: ReadonlyMap<string, ReadonlySet<string>>,
  touchedByHand: ReadonlyMap<string, ReadonlySet<string>>,
): SublistChange[] => {
  const changes: SublistChange[] = [];
  for (const [sublistId, perTrack] of netChange(applied)) {
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
