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

/** Checks a placement against a mode; returns a reason when it is not allowed. */
export const placementProblem = (mode: LayerMode, placement: Placement): string | undefined => {
  if (new Set(placement).size !== placement.length) return 'a sublist appears twice';
  if (mode.mutual && placement.length > 1) return 'a mutual layer puts a track in at most one sublist';
  if (mode.complete && placement.length === 0) return 'a complete layer puts every track in a sublist';
  return undefined;
};
