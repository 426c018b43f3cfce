import type { LayerMode, Placement } from '../core/layer.js';

/**
 * The network's outputs for a layer: mutual layers have one softmax class per sublist plus the
 * void when incomplete; non-mutual layers have one sigmoid per sublist (void = none passes).
 */
export interface LayerOutputs {
  mode: LayerMode;
  sublistIds: readonly string[];
}

export const outputCount = ({ mode, sublistIds }: LayerOutputs): number =>
  sublistIds.length + (mode.mutual && !mode.complete ? 1 : 0);

/** Index of the void class, or undefined when the outputs have none. */
export const voidOutput = (outputs: LayerOutputs): number | undefined =>
  outputs.mode.mutual && !outputs.mode.complete ? outputs.sublistIds.length : undefined;

export const placementTarget = (outputs: LayerOutputs, placement: Placement): Float32Array => {
  const target = new Float32Array(outputCount(outputs));
  for (const sublistId of placement) {
    const index = outputs.sublistIds.indexOf(sublistId);
    if (index < 0) throw new Error(`label names unknown sublist ${sublistId}`);
    target[index] = 1;
  }
  const voidIndex = voidOutput(outputs);
  if (voidIndex !== undefined && placement.length === 0) target[voidIndex] = 1;
  if (outputs.mode.mutual && placement.length > 1)
    throw new Error('a mutual layer label holds several sublists');
  return target;
};

/**
 * What the network learns from the answer "not in these sublists" (a song the user took out of
 * them by hand), with a weight per output. Mutual layers: a soft label that spreads the labels'
 * class frequencies (`labelCounts`, per output) over the other classes, so that only "not S" is
 * learned; undefined when every class is excluded. Non-mutual layers: 0 for those sublists'
 * memberships, the other outputs masked out (weight 0): the answer says nothing about them.
 */
export const exclusionTarget = (
  outputs: LayerOutputs,
  notIn: readonly string[],
  labelCounts: ArrayLike<number>,
): { target: Float32Array; weights: Float32Array } | undefined => {
  const count = outputCount(outputs);
  const excluded = new Set(notIn.map((id) => outputs.sublistIds.indexOf(id)).filter((o) => o >= 0));
  if (excluded.size === 0) return undefined;
  const target = new Float32Array(count);
  if (!outputs.mode.mutual) {
    const weights = new Float32Array(count);
    for (const o of excluded) weights[o] = 1;
    return { target, weights };
  }
  let total = 0;
  for (let o = 0; o < count; o++) {
    if (excluded.has(o)) continue;
    // One pseudo-count each: a class no label has chosen yet is still possible.
    const share = (labelCounts[o] ?? 0) + 1;
    target[o] = share;
    total += share;
  }
  if (total === 0) return undefined;
  for (let o = 0; o < count; o++) target[o] = (target[o] ?? 0) / total;
  return { target, weights: new Float32Array(count).fill(1) };
};
