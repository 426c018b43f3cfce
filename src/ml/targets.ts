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
