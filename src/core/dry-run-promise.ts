import type { Label, WaitingTrack } from './layer-records.js';
import type { DesiredPlacement } from './sort-plan.js';

/** What a `/sort` of a layer decides from: a dry run records it with the placements it showed. */
export interface SortInputs {
  modelId: string;
  modelVersion: number;
  /** The motherlist's track ids, sorted. */
  motherlist: string[];
  /** The user's answers, one `trackId:sublistId,…` each, sorted. */
  answers: string[];
  sublistIds: string[];
  /** Motherlist tracks with enrichment (audio features or tags) when the model placed them. */
  enriched: number;
  precisionTarget: number;
  everything: boolean;
}

/** Why a `/sort` did not apply the plan its dry run showed (the bot words each). */
export type InputChange =
  | { kind: 'retrained' }
  | { kind: 'liked'; count: number }
  | { kind: 'unliked'; count: number }
  /** Songs that came into or left a playlist motherlist (a parent layer's sort, a hand edit). */
  | { kind: 'arrived'; count: number }
  | { kind: 'left'; count: number }
  | { kind: 'answers'; count: number }
  | { kind: 'sublists' }
  | { kind: 'enriched'; count: number }
  | { kind: 'precision-target'; from: number; to: number }
  | { kind: 'everything'; now: boolean };

/** The placements a dry run showed, kept for the `/sort` that follows it with nothing changed. */
export interface DryRunPromise {
  inputs: SortInputs;
  desired: [string, DesiredPlacement][];
  waiting: WaitingTrack[];
}

/** How a `/sort` related to the dry run before it: that plan kept, or what changed since. */
export interface PreviewCheck {
  kept: boolean;
  /** Empty when kept. */
  changes: InputChange[];
}

export const answerKeys = (labels: readonly Pick<Label, 'trackId' | 'sublistIds'>[]): string[] =>
  labels.map((l) => `${l.trackId}:${[...l.sublistIds].sort().join(',')}`).sort();

const missingFrom = (from: readonly string[], other: readonly string[]): number => {
  const present = new Set(other);
  return from.filter((id) => !present.has(id)).length;
};

const byTrack = (keys: readonly string[]): Map<string, string> =>
  new Map(keys.map((key) => [key.slice(0, key.indexOf(':')), key]));

/**
 * What changed between the dry run's inputs and today's; empty when its plan still holds. Songs
 * come into and leave Liked Songs by a like; a playlist motherlist (another layer's sublist, say)
 * changes otherwise.
 */
export const inputChanges = (
  preview: SortInputs,
  now: SortInputs,
  motherlist: 'liked-songs' | 'playlist',
): InputChange[] => {
  const changes: InputChange[] = [];
  if (preview.modelId !== now.modelId || preview.modelVersion !== now.modelVersion)
    changes.push({ kind: 'retrained' });
  const likedSongs = motherlist === 'liked-songs';
  const added = missingFrom(now.motherlist, preview.motherlist);
  if (added > 0) changes.push({ kind: likedSongs ? 'liked' : 'arrived', count: added });
  const removed = missingFrom(preview.motherlist, now.motherlist);
  if (removed > 0) changes.push({ kind: likedSongs ? 'unliked' : 'left', count: removed });
  const before = byTrack(preview.answers);
  const after = byTrack(now.answers);
  const changedAnswers = [...new Set([...before.keys(), ...after.keys()])].filter(
    (trackId) => before.get(trackId) !== after.get(trackId),
  ).length;
  if (changedAnswers > 0) changes.push({ kind: 'answers', count: changedAnswers });
  if ([...preview.sublistIds].sort().join() !== [...now.sublistIds].sort().join())
    changes.push({ kind: 'sublists' });
  if (preview.enriched !== now.enriched)
    changes.push({ kind: 'enriched', count: now.enriched - preview.enriched });
  if (preview.precisionTarget !== now.precisionTarget)
    changes.push({ kind: 'precision-target', from: preview.precisionTarget, to: now.precisionTarget });
  if (preview.everything !== now.everything) changes.push({ kind: 'everything', now: now.everything });
  return changes;
};
