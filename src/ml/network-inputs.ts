import type { LayerDataset } from './dataset.js';
import { type FeatureBlockName, type FeatureSpec, featureLayout } from './features.js';
import type { ModelFeatureSpec } from './layer-model.js';
import { DEGREE_SIZE, degreeFeaturesInto } from './library-degree.js';
import { type LabeledEntities, contextFeaturesInto, contextSize } from './neighbourhood.js';

/** Track feature columns fed to the network: [offset in the track vector, length], in input order. */
export const inputColumns = (
  spec: FeatureSpec,
  blocks: readonly FeatureBlockName[] | null,
): [number, number][] =>
  featureLayout(spec)
    .blocks.filter((b) => blocks === null || blocks.includes(b.name))
    .map((b) => [b.offset, b.size]);

export const inputSize = (spec: ModelFeatureSpec): number =>
  // With no inputs at all (audio-only baseline on metadata), one constant input learns the prior.
  Math.max(
    1,
    inputColumns(spec.tracks, spec.blocks).reduce((sum, [, size]) => sum + size, 0) +
      (spec.neighbourhood ? contextSize(spec.neighbourhood.outputs) : 0) +
      (spec.degree ? DEGREE_SIZE : 0),
  );

/**
 * Network inputs for rows of the dataset; `ownLabels` (by row) are left out of the context.
 * Written into the start of `into` when given (a buffer reused from batch to batch).
 */
export const buildInputs = (
  spec: ModelFeatureSpec,
  dataset: LayerDataset,
  rows: readonly number[],
  ownLabels?: ReadonlyMap<number, LabeledEntities>,
  into?: Float32Array,
): Float32Array => {
  const { offsets, indices, values, dimension } = dataset.features;
  // Where each track feature goes in the input; -1 for the blocks the network leaves out.
  const position = new Int32Array(dimension).fill(-1);
  let trackInputs = 0;
  for (const [start, length] of inputColumns(spec.tracks, spec.blocks)) {
    for (let i = 0; i < length; i++) position[start + i] = trackInputs + i;
    trackInputs += length;
  }
  const size = inputSize(spec);
  const inputs = into ? into.subarray(0, rows.length * size).fill(0) : new Float32Array(rows.length * size);
  rows.forEach((row, i) => {
    const target = inputs.subarray(i * size, (i + 1) * size);
    // The constant input when there is no other (overwritten by context or degree features).
    if (trackInputs === 0) target[0] = 1;
    const end = offsets[row + 1] as number;
    for (let n = offsets[row] as number; n < end; n++) {
      const at = position[indices[n] as number] as number;
      if (at >= 0) target[at] = values[n] as number;
    }
    let offset = trackInputs;
    if (spec.neighbourhood) {
      contextFeaturesInto(
        spec.neighbourhood,
        dataset.entities[row] ?? [],
        target.subarray(offset),
        ownLabels?.get(row),
      );
      offset += contextSize(spec.neighbourhood.outputs);
    }
    if (spec.degree)
      degreeFeaturesInto(dataset.entityTracks, dataset.entities[row] ?? [], target.subarray(offset));
  });
  return inputs;
};
