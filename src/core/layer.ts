/**
 * Mode of a layer: two independent switches.
 * - mutual: each track in at most one sublist.
 * - complete: each track in at least one sublist (so there is no void).
 */
export interface LayerMode {
  mutual: boolean;
  complete: boolean;
}

/** A label or prediction: the set of sublist ids a track belongs to; empty means the void. */
export type Placement = readonly string[];

export const describeMode = (mode: LayerMode): string =>
  `${mode.mutual ? 'mutual' : 'non-mutual'}, ${mode.complete ? 'complete' : 'incomplete'}`;

/** Why a placement does not fit a mode: a sublist twice, several in a mutual layer, none in a complete one. */
export type PlacementProblem = 'repeated-sublist' | 'mutual' | 'complete';

/** Checks a placement against a mode; returns what is wrong when it is not allowed. */
export const placementProblem = (mode: LayerMode, placement: Placement): PlacementProblem | undefined => {
  if (new Set(placement).size !== placement.length) return 'repeated-sublist';
  if (mode.mutual && placement.length > 1) return 'mutual';
  if (mode.complete && placement.length === 0) return 'complete';
  return undefined;
};

/** What a menu picked: sublists by id, and whether it picked the void (a menu may offer both). */
export interface Picks {
  sublistIds: readonly string[];
  void: boolean;
  /** The picked sublists' names as the menu showed them, by id: a sublist removed since is named by them. */
  names?: ReadonlyMap<string, string>;
}

/** Why picks mean no placement: the void with a sublist, a sublist the layer no longer has, or the mode. */
export type PicksProblem = 'void-alone' | 'sublist-gone' | PlacementProblem;

/** The placement a menu's picks mean in a layer with these sublists and this mode, or why they mean none. */
export const placementOfPicks = (
  mode: LayerMode,
  sublistIds: readonly string[],
  picks: Picks,
): { placement: Placement } | { problem: PicksProblem } => {
  if (picks.void && picks.sublistIds.length > 0) return { problem: 'void-alone' };
  if (picks.sublistIds.some((id) => !sublistIds.includes(id))) return { problem: 'sublist-gone' };
  const problem = placementProblem(mode, picks.sublistIds);
  return problem ? { problem } : { placement: picks.sublistIds };
};
