import type { LayerMode, Placement } from '../core/layer.js';

/**
 * The trivial answers a sort must never be worse than (issue 21): every song into the sublist
 * most common among the labels; every song into the void (incomplete layers only); every song
 * into every sublist (not a valid placement in a mutual layer: reported there as a reference).
 */
export const TRIVIAL_BASELINES = ['majority', 'all-void', 'everywhere'] as const;
export type TrivialBaseline = (typeof TRIVIAL_BASELINES)[number];

/** The sublist most labels hold (ties: the first in layer order); undefined when every label is void. */
export const majoritySublist = (
  sublistIds: readonly string[],
  labels: readonly Placement[],
): string | undefined => {
  const counts = new Map<string, number>();
  for (const placement of labels) for (const id of placement) counts.set(id, (counts.get(id) ?? 0) + 1);
  let best: string | undefined;
  for (const id of sublistIds)
    if ((counts.get(id) ?? 0) > (best === undefined ? 0 : (counts.get(best) ?? 0))) best = id;
  return best;
};

/** One placement for every track to predict, or undefined when the answer does not apply to the mode. */
export const trivialPlacement = (
  method: TrivialBaseline,
  mode: LayerMode,
  sublistIds: readonly string[],
  labels: readonly Placement[],
): Placement | undefined => {
  switch (method) {
    case 'majority': {
      const majority = majoritySublist(sublistIds, labels);
      return majority === undefined ? [] : [majority];
    }
    case 'all-void':
      return mode.complete ? undefined : [];
    case 'everywhere':
      return [...sublistIds];
  }
};
