import type { LayerMode } from '../../core/layer.js';
import type { PlacementPrediction } from '../model/layer-predictions.js';

/**
 * The model's prediction for a song the user took out of `removedFrom` by hand, given that answer:
 * those sublists are out, and the rest keep their calibrated probabilities conditioned on it. In a
 * mutual layer the probabilities of the other places (the other sublists, and the void of an
 * incomplete layer) are scaled up to sum to one, and the most likely of them is the placement, so
 * a song taken out of the only sublist of a complete layer gets its next most likely sublist.
 * In a non-mutual layer the memberships are independent: those sublists' memberships become 0,
 * and a complete layer's song left in no sublist gets its most likely other one.
 */
export const givenRemovals = (
  prediction: PlacementPrediction,
  removedFrom: readonly string[],
  mode: LayerMode,
): PlacementPrediction => {
  const removed = new Set(removedFrom);
  const all = Object.entries(prediction.memberships);
  const others = all.filter(([id]) => !removed.has(id));
  const best = others.reduce<[string, number] | undefined>(
    (top, entry) => (top && top[1] >= entry[1] ? top : entry),
    undefined,
  );
  if (mode.mutual) {
    const voidShare = mode.complete ? 0 : Math.max(0, 1 - all.reduce((sum, [, p]) => sum + p, 0));
    const total = others.reduce((sum, [, p]) => sum + p, 0) + voidShare;
    const scale = (p: number) => (total > 0 ? p / total : 0);
    const memberships = Object.fromEntries(all.map(([id, p]) => [id, removed.has(id) ? 0 : scale(p)]));
    const toVoid = !best || (!mode.complete && voidShare > best[1]);
    return {
      ...prediction,
      placement: toVoid ? [] : [best[0]],
      confidence: toVoid ? scale(voidShare) : scale(best[1]),
      memberships,
    };
  }
  const memberships = Object.fromEntries(all.map(([id, p]) => [id, removed.has(id) ? 0 : p]));
  let placement = prediction.placement.filter((id) => !removed.has(id));
  if (placement.length === 0 && mode.complete && best) placement = [best[0]];
  const confidence =
    placement.length > 0
      ? placement.reduce((sum, id) => sum + (memberships[id] ?? 0), 0) / placement.length
      : others.reduce((product, [, p]) => product * (1 - p), 1);
  return { ...prediction, placement, confidence, memberships };
};

/**
 * A prediction of a model trained with sublists removed since (until the next /train it still has
 * their outputs), given that they are gone, as a hand removal conditions it: a song the model put
 * in one goes to its next most likely place (or waits, when that is not sure), never to the void
 * for it, and no membership names one.
 */
export const withoutRemovedSublists = (
  prediction: PlacementPrediction,
  live: ReadonlySet<string>,
  mode: LayerMode,
): PlacementPrediction => {
  const removed = Object.keys(prediction.memberships).filter((id) => !live.has(id));
  const given = removed.length > 0 ? givenRemovals(prediction, removed, mode) : prediction;
  return {
    ...given,
    placement: given.placement.filter((id) => live.has(id)),
    memberships: Object.fromEntries(Object.entries(given.memberships).filter(([id]) => live.has(id))),
  };
};
