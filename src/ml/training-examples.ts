import type { LayerMode, Placement } from '../core/layer.js';
import type { LayerDataset } from './dataset.js';
import { DEFAULT_MODEL_OPTIONS, type ModelFeatureSpec, type ModelOptions } from './layer-model.js';
import type { LabeledEntities } from './neighbourhood.js';
import { type LayerOutputs, exclusionTarget, outputCount, placementTarget } from './targets.js';

export interface TrainLayerInput {
  dataset: LayerDataset;
  mode: LayerMode;
  sublistIds: readonly string[];
  /** trackId -> its sublists (empty = void); tracks missing from the dataset are ignored. */
  labels: ReadonlyMap<string, Placement>;
  /**
   * trackId -> sublists the user took it out of by hand: the answer "not there" (targets.ts,
   * exclusionTarget). Learned from, never held out to score or calibrate; labeled tracks ignored.
   */
  removals?: ReadonlyMap<string, readonly string[]>;
  /**
   * Labeled tracks that were drawn uniformly at random (active-learner.ts, pickLabelRound): when
   * there are enough of them the trivial guard scores on them alone; absent = unknown.
   */
  randomlyDrawn?: ReadonlySet<string>;
  seed: number;
  options?: Partial<ModelOptions>;
}

export interface Example {
  row: number;
  label: LabeledEntities;
  /** Per output weight in the loss (a removal's masked outputs); 1 everywhere when absent. */
  weights?: Float32Array;
}

/** A training input's labels and removals as examples in row order, its options filled in. */
export interface Prepared {
  options: ModelOptions;
  outputs: LayerOutputs;
  examples: Example[];
  removals: Example[];
  base: Omit<ModelFeatureSpec, 'neighbourhood' | 'network'>;
}

export const prepare = (input: TrainLayerInput): Prepared => {
  const options: ModelOptions = { ...DEFAULT_MODEL_OPTIONS, ...input.options };
  const { dataset, mode } = input;
  const sublistIds = [...input.sublistIds];
  const outputs: LayerOutputs = { mode, sublistIds };
  const examples: Example[] = [];
  for (const [trackId, placement] of input.labels) {
    const row = dataset.rowOf.get(trackId);
    if (row === undefined) continue;
    examples.push({
      row,
      label: { entities: dataset.entities[row] ?? [], target: placementTarget(outputs, placement) },
    });
  }
  examples.sort((a, b) => a.row - b.row);
  const labelCounts = new Float64Array(outputCount(outputs));
  for (const { label } of examples)
    label.target.forEach((t, o) => (labelCounts[o] = (labelCounts[o] ?? 0) + t));
  const removals: Example[] = [];
  for (const [trackId, notIn] of input.removals ?? []) {
    const row = dataset.rowOf.get(trackId);
    if (row === undefined || input.labels.has(trackId)) continue;
    const answer = exclusionTarget(outputs, notIn, labelCounts);
    if (!answer) continue;
    removals.push({
      row,
      label: { entities: dataset.entities[row] ?? [], target: answer.target },
      weights: answer.weights,
    });
  }
  removals.sort((a, b) => a.row - b.row);
  const base = {
    tracks: dataset.spec,
    blocks: options.blocks ? [...options.blocks] : null,
    mode,
    sublistIds,
  };
  return { options, outputs, examples, removals, base };
};
