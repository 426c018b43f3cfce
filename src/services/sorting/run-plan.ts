import { editsInForce } from '../../core/hand-edits.js';
import { placementProblem } from '../../core/layer.js';
import type { HandEditRecord, Layer, Sublist } from '../../core/layer-records.js';
import type { NewSortRun } from '../../core/run-records.js';
import { type DesiredPlacement, type SortPlan, buildSortPlan } from '../../core/sort-plan.js';
import type { SortConfidence } from '../ports/model-ports.js';
import type { SortRunDeps } from '../ports/sort-run.ports.js';
import { unlistedSublists } from '../layers/unlisted-sublists.js';

export interface BuiltPlan {
  sublists: Sublist[];
  plan: SortPlan;
  contents: Map<string, Set<string>>;
  /** Tracks not placed because their placement names a sublist whose playlist is not listed. */
  held: Map<string, DesiredPlacement>;
  /** Those sublists. */
  unlisted: Sublist[];
}

/**
 * The run's waiting songs with the model's guesses it held back for an unlisted sublist: they
 * wait with that guess (an answer, or a sort once the playlist is back, places them).
 */
export const withHeld = (
  waiting: NewSortRun['waiting'],
  held: ReadonlyMap<string, DesiredPlacement>,
): NewSortRun['waiting'] => {
  const guesses = [...held]
    .filter(([, want]) => want.source === 'model')
    .map(([trackId, want]) => ({ trackId, guess: want.placement, confidence: want.confidence }));
  if (!waiting || guesses.length === 0) return waiting;
  const ids = new Set(guesses.map((g) => g.trackId));
  return {
    ...waiting,
    add: [...waiting.add.filter((w) => !ids.has(w.trackId)), ...guesses],
    remove: waiting.remove.filter((id) => !ids.has(id)),
  };
};

/**
 * The plan's counts without the songs it holds back for an unlisted sublist: none of them is placed,
 * and a held guess waits (withHeld), while a held answer stays answered for when the playlist is back.
 */
export const confidenceWithoutHeld = (
  confidence: SortConfidence,
  held: ReadonlyMap<string, DesiredPlacement>,
): SortConfidence => {
  const guessed = [...held.values()].filter((want) => want.source === 'model').length;
  return {
    ...confidence,
    answered: confidence.answered - (held.size - guessed),
    placed: confidence.placed - guessed,
    waiting: confidence.waiting + guessed,
  };
};

const nested = (edits: readonly HandEditRecord[], action: 'add' | 'remove'): Map<string, Set<string>> => {
  const map = new Map<string, Set<string>>();
  for (const edit of edits) {
    if (edit.action !== action) continue;
    const set = map.get(edit.sublistId) ?? new Set<string>();
    set.add(edit.trackId);
    map.set(edit.sublistId, set);
  }
  return map;
};

/**
 * The plan of a run against the sublists' playlists as stored: hand edits in force hold, and a
 * song whose placement names a sublist whose playlist is not listed is held back (`held`).
 */
export const buildPlan = async (
  deps: Pick<SortRunDeps, 'sublists' | 'contents' | 'handEdits' | 'labels' | 'settings'>,
  userId: string,
  layer: Layer,
  desired: Map<string, DesiredPlacement>,
  departed: ReadonlySet<string>,
  /** A song the user has just answered: its hand edits no longer hold it back. */
  answered?: string,
): Promise<BuiltPlan> => {
  const sublists = await deps.sublists.listFor(layer.id);
  const known = new Set(sublists.map((s) => s.id));
  // Songs written to these would vanish from the user's sight: a run holds them back.
  const unlisted = await unlistedSublists(deps.contents, userId, sublists);
  const unlistedIds = new Set(unlisted.map((s) => s.id));
  const held = new Map<string, DesiredPlacement>();
  for (const [trackId, want] of desired) {
    // A sublist deleted since the label was given is no longer a place.
    const placement = want.placement.filter((id) => known.has(id));
    if (placementProblem(layer.mode, placement)) desired.delete(trackId);
    else if (placement.some((id) => unlistedIds.has(id))) {
      held.set(trackId, { ...want, placement });
      desired.delete(trackId);
    } else desired.set(trackId, { ...want, placement });
  }
  const byPlaylist = await deps.contents.contentsOf(
    userId,
    sublists.map((s) => s.playlistId),
  );
  const contents = new Map(sublists.map((s) => [s.id, byPlaylist.get(s.playlistId) ?? new Set<string>()]));
  // The user's newest answer wins: a label given since a hand edit overrides it.
  const edits = editsInForce(
    (await deps.handEdits.listFor(layer.id)).filter((e) => e.trackId !== answered),
    await deps.labels.listFor(layer.id),
  );
  const settings = await deps.settings.get(userId);
  const plan = buildSortPlan({
    mode: layer.mode,
    sublistIds: sublists.map((s) => s.id),
    desired,
    contents,
    handRemoved: nested(edits, 'remove'),
    handAdded: nested(edits, 'add'),
    departed,
    removeDeparted: settings.removeUnliked,
  });
  return { sublists, plan, contents, held, unlisted };
};
