import type { LayerDataset } from './dataset.js';
import type { ModelFeatureSpec, ModelOptions } from './layer-model.js';
import { buildNeighbourhood } from './neighbourhood.js';
import { buildInputs, inputSize } from './network-inputs.js';
import { type NetworkWeights, predictNetworkInBatches, trainNetwork } from './network.js';
import { createRandom, shuffled } from './random.js';
import { type LayerOutputs, outputCount } from './targets.js';
import type { Example, Prepared, TrainLayerInput } from './training-examples.js';

/** `removals` follow the examples with weight 1 each: they hold no class to balance. */
const lossWeights = (outputs: LayerOutputs, examples: readonly Example[], removals: number) => {
  const count = outputCount(outputs);
  const positives = new Float64Array(count);
  for (const { label } of examples)
    for (let o = 0; o < count; o++) positives[o] = (positives[o] ?? 0) + (label.target[o] ?? 0);
  if (outputs.mode.mutual) {
    const present = positives.filter((p) => p > 0).length;
    // Square-root balancing: rare sublists matter more without letting three labels dominate.
    const sampleWeights = new Float32Array(examples.length + removals).fill(1);
    examples.forEach(({ label }, i) => {
      const cls = label.target.indexOf(1);
      sampleWeights[i] = Math.sqrt(examples.length / (present * Math.max(1, positives[cls] ?? 1)));
    });
    return { sampleWeights, positiveWeights: undefined };
  }
  const positiveWeights = Float32Array.from(positives, (p) =>
    p > 0 ? Math.min(5, Math.max(1, Math.sqrt((examples.length - p) / p))) : 1,
  );
  return { sampleWeights: undefined, positiveWeights };
};

export interface Fit {
  spec: ModelFeatureSpec;
  network: NetworkWeights;
}

export const fit = async (
  base: Omit<ModelFeatureSpec, 'neighbourhood' | 'network'>,
  dataset: LayerDataset,
  examples: readonly Example[],
  options: ModelOptions,
  seed: number,
  removals: readonly Example[] = [],
): Promise<Fit> => {
  const outputs: LayerOutputs = { mode: base.mode, sublistIds: base.sublistIds };
  const count = outputCount(outputs);
  const neighbourhood = options.useContext
    ? buildNeighbourhood(
        examples.map((e) => e.label),
        count,
      )
    : null;
  const draft: ModelFeatureSpec = {
    ...base,
    neighbourhood,
    ...(options.useDegree ? { degree: true } : {}),
    network: { layerSizes: [], output: 'softmax' },
  };
  // Removals are left out of the context: they say where a track is not, not where it is.
  const all = [...examples, ...removals];
  const rows = all.map((e) => e.row);
  const inputs = buildInputs(draft, dataset, rows, new Map(examples.map((e) => [e.row, e.label])));
  const targets = new Float32Array(all.length * count);
  all.forEach((e, i) => targets.set(e.label.target, i * count));
  const targetWeights =
    removals.length > 0 && !base.mode.mutual ? new Float32Array(all.length * count).fill(1) : undefined;
  all.forEach((e, i) => {
    if (targetWeights && e.weights) targetWeights.set(e.weights, i * count);
  });
  const network = await trainNetwork(
    { rows: rows.length, inputs, targets, inputSize: inputSize(draft), outputSize: count },
    {
      hidden: options.hidden,
      output: base.mode.mutual ? 'softmax' : 'sigmoid',
      epochs: options.epochs,
      learningRate: options.learningRate,
      l2: options.l2,
      seed,
      ...lossWeights(outputs, examples, removals.length),
      ...(targetWeights ? { targetWeights } : {}),
    },
  );
  return { spec: { ...draft, network: { layerSizes: network.layerSizes, output: network.output } }, network };
};

export const probabilitiesOf = (
  model: Fit,
  dataset: LayerDataset,
  rows: readonly number[],
): Float32Array[] => {
  const count = model.network.layerSizes[model.network.layerSizes.length - 1] as number;
  // Inputs are built a batch at a time into one buffer: a 28k-track motherlist's at once took
  // 70 MB of the thread, a new buffer per batch as much again until the next collection.
  let buffer: Float32Array | undefined;
  const flat = predictNetworkInBatches(model.network, rows.length, (start, size) => {
    buffer ??= new Float32Array(size * inputSize(model.spec));
    return buildInputs(model.spec, dataset, rows.slice(start, start + size), undefined, buffer);
  });
  return rows.map((_, i) => flat.subarray(i * count, (i + 1) * count));
};

/** A fold of the cross-validation: its examples, and the probabilities of `rows` by the network trained on the others. */
export interface FoldRun {
  test: Example[];
  train: Example[];
  probabilities: Float32Array[];
  rows: readonly number[];
  network: NetworkWeights;
}

/** Per fold: its held-out examples and the fold model's probabilities (every row when propagating). */
export const fitFolds = async (
  input: TrainLayerInput,
  prepared: Prepared,
  folds: number,
): Promise<FoldRun[]> => {
  const { options, examples, base } = prepared;
  const { dataset } = input;
  const order = shuffled(examples, createRandom(input.seed ^ 0x5eed));
  const allRows = dataset.items.map((_, row) => row);
  const foldRuns: FoldRun[] = [];
  for (let fold = 0; fold < folds; fold++) {
    const test = order.filter((_, i) => i % folds === fold);
    const train = order.filter((_, i) => i % folds !== fold);
    const model = await fit(base, dataset, train, options, input.seed + fold + 1, prepared.removals);
    const rows = options.propagate ? allRows : test.map((e) => e.row);
    foldRuns.push({
      test,
      train,
      probabilities: probabilitiesOf(model, dataset, rows),
      rows,
      network: model.network,
    });
  }
  return foldRuns;
};
