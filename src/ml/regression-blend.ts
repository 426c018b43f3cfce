import { type SparseRows, fitLogistic, logits, sigmoid, sparseRows } from './baseline-logistic.js';
import type { LayerDataset } from './dataset.js';
import type { FeatureBlockName } from './features.js';
import type { LayerModel, LogisticWeights } from './layer-model.js';
import { probabilitiesOf } from './network-fit.js';
import { inputColumns } from './network-inputs.js';
import { predictNetwork } from './network.js';
import type { Example } from './training-examples.js';

/**
 * The sparse track feature rows the logistic regression reads: the columns the network is fed
 * (`blocks`), built once per dataset.
 */
const logisticRowsCache = new WeakMap<LayerDataset, SparseRows>();
export const logisticRows = (
  dataset: LayerDataset,
  blocks: readonly FeatureBlockName[] | null,
): SparseRows => {
  const cached = blocks === null ? logisticRowsCache.get(dataset) : undefined;
  if (cached) return cached;
  const rows = sparseRows(dataset.features);
  if (blocks !== null) {
    const kept = new Uint8Array(rows.dimension);
    for (const [start, length] of inputColumns(dataset.spec, blocks)) kept.fill(1, start, start + length);
    rows.indices.forEach((idx, row) => {
      const keep = Array.from(idx, (i) => kept[i] === 1);
      rows.indices[row] = idx.filter((_, n) => keep[n]);
      rows.values[row] = (rows.values[row] as Float32Array).filter((_, n) => keep[n]);
    });
  } else logisticRowsCache.set(dataset, rows);
  return rows;
};

/** The regression on the examples and, as the network learns them, the removals' answers (targets.ts). */
export const fitLogisticWeights = (
  rows: SparseRows,
  examples: readonly Example[],
  removals: readonly Example[],
  outputs: number,
  l2: number,
): LogisticWeights => {
  const all = [...examples, ...removals];
  const fitted = fitLogistic(
    rows,
    all.map((e) => e.row),
    all.map((e) => e.label.target),
    outputs,
    l2,
    all.map((e) => e.weights),
  );
  return { weights: Float32Array.from(fitted.weights), bias: Float32Array.from(fitted.bias) };
};

/** Logits to probabilities in place; a mutual layer's one-vs-rest scores normalised to sum to 1, as its softmax does. */
const logisticOutputs = (z: Float64Array, mutual: boolean): void => {
  let total = 0;
  for (let k = 0; k < z.length; k++) {
    z[k] = sigmoid(z[k] as number);
    total += z[k] as number;
  }
  if (mutual) for (let k = 0; k < z.length; k++) z[k] = (z[k] as number) / Math.max(1e-12, total);
};

/** The regression's probabilities of the rows (views of one array). */
export const logisticProbabilities = (
  logistic: LogisticWeights,
  rows: SparseRows,
  wanted: readonly number[],
  mutual: boolean,
): Float32Array[] => {
  const outputs = logistic.bias.length;
  const flat = new Float32Array(wanted.length * outputs);
  const z = new Float64Array(outputs);
  const model = { outputs, ...logistic };
  wanted.forEach((row, i) => {
    logits(model, rows, row, z);
    logisticOutputs(z, mutual);
    flat.set(z, i * outputs);
  });
  return wanted.map((_, i) => flat.subarray(i * outputs, (i + 1) * outputs));
};

/**
 * The model's probabilities before smoothing for network inputs built by `buildInputs` (rows ×
 * input size), row-major: the network's, blended with the regression's read from the inputs'
 * track feature columns. explain.ts zeroes inputs to see what moves a prediction.
 */
export const probabilitiesOfInputs = (
  model: LayerModel,
  inputs: Float32Array,
  rows: number,
): Float32Array => {
  const probabilities = predictNetwork(model.network, inputs, rows);
  const { blend } = model.featureSpec;
  if (!blend || !model.logistic) return probabilities;
  const { weights, bias } = model.logistic;
  const outputs = bias.length;
  const size = model.network.layerSizes[0] as number;
  // Input position -> feature column, for the track feature inputs (they come first).
  const columns = inputColumns(model.featureSpec.tracks, model.featureSpec.blocks).flatMap(
    ([start, length]) => Array.from({ length }, (_, i) => start + i),
  );
  const z = new Float64Array(outputs);
  for (let r = 0; r < rows; r++) {
    z.set(bias);
    columns.forEach((column, position) => {
      const x = inputs[r * size + position] as number;
      if (x !== 0)
        for (let k = 0; k < outputs; k++)
          z[k] = (z[k] as number) + x * (weights[column * outputs + k] as number);
    });
    logisticOutputs(z, model.featureSpec.mode.mutual);
    for (let k = 0; k < outputs; k++) {
      const at = r * outputs + k;
      probabilities[at] =
        blend.network * (probabilities[at] as number) + (1 - blend.network) * Math.fround(z[k] as number);
    }
  }
  return probabilities;
};

/** w·network + (1 − w)·regression, row by row (views of one new array). */
export const blendProbabilities = (
  network: readonly Float32Array[],
  logistic: readonly Float32Array[],
  weight: number,
): Float32Array[] => {
  const width = network[0]?.length ?? 0;
  const flat = new Float32Array(network.length * width);
  network.forEach((p, i) => {
    const q = logistic[i] as Float32Array;
    for (let k = 0; k < width; k++)
      flat[i * width + k] = weight * (p[k] as number) + (1 - weight) * (q[k] as number);
  });
  return network.map((_, i) => flat.subarray(i * width, (i + 1) * width));
};

/** The model's probabilities before smoothing: the network's, blended with the regression's when it has one. */
export const modelProbabilities = (
  model: LayerModel,
  dataset: LayerDataset,
  rows: readonly number[],
): Float32Array[] => {
  const network = probabilitiesOf({ spec: model.featureSpec, network: model.network }, dataset, rows);
  const { blend } = model.featureSpec;
  if (!blend || !model.logistic) return network;
  const logistic = logisticProbabilities(
    model.logistic,
    logisticRows(dataset, model.featureSpec.blocks),
    rows,
    model.featureSpec.mode.mutual,
  );
  return blendProbabilities(network, logistic, blend.network);
};
