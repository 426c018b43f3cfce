import type { FeatureMatrix } from './features.js';

/**
 * One-vs-rest logistic regression in plain TypeScript on the sparse form of the shared feature
 * rows (a hashed row holds a few dozen non-zeros out of ~600): on a few hundred labels this fits
 * in milliseconds, which the cross-validation grids of lr-propagation need.
 */
export interface SparseRows {
  dimension: number;
  /** Per row: the indices and values of its non-zero features. */
  indices: Int32Array[];
  values: Float32Array[];
}

/** The matrix's rows as views of its arrays: no copy (a 28k-track motherlist's copies cost the model thread). */
export const sparseRows = (features: FeatureMatrix): SparseRows => {
  const indices: Int32Array[] = [];
  const values: Float32Array[] = [];
  for (let row = 0; row < features.rows; row++) {
    const start = features.offsets[row] as number;
    const end = features.offsets[row + 1] as number;
    indices.push(features.indices.subarray(start, end));
    values.push(features.values.subarray(start, end));
  }
  return { dimension: features.dimension, indices, values };
};

/** Weights (dimension × outputs, row-major) and one unpenalised bias per output. */
export interface LogisticModel {
  outputs: number;
  weights: Float64Array;
  bias: Float64Array;
}

const ITERATIONS = 200;

export const sigmoid = (z: number): number =>
  z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));

/** A row's logits into `into`: bias plus the sparse row times the weights (dimension × outputs, row-major). */
export const logits = (
  model: { outputs: number; weights: ArrayLike<number>; bias: ArrayLike<number> },
  rows: SparseRows,
  row: number,
  into: Float64Array,
): void => {
  const { outputs, weights, bias } = model;
  into.set(bias);
  const idx = rows.indices[row] as Int32Array;
  const val = rows.values[row] as Float32Array;
  for (let n = 0; n < idx.length; n++) {
    const base = (idx[n] as number) * outputs;
    const v = val[n] as number;
    for (let k = 0; k < outputs; k++) into[k] = (into[k] as number) + v * (weights[base + k] as number);
  }
};

/**
 * Minimises mean log loss + l2/2·|w|² by Nesterov-accelerated gradient descent with step 1/L
 * (L bounds the loss's curvature: a quarter of the largest squared row norm, plus l2).
 * `targets[i][k]` is 1 when training row `trainRows[i]` belongs to output k (a share between 0
 * and 1 for a soft answer); `weights[i]`, when given, weighs each output of that row's loss (0
 * leaves it out: an answer that says nothing about that output).
 */
export const fitLogistic = (
  rows: SparseRows,
  trainRows: readonly number[],
  targets: readonly ArrayLike<number>[],
  outputs: number,
  l2: number,
  weights?: readonly (ArrayLike<number> | undefined)[],
): LogisticModel => {
  const size = rows.dimension * outputs;
  const model: LogisticModel = { outputs, weights: new Float64Array(size), bias: new Float64Array(outputs) };
  if (trainRows.length === 0) return model;
  let maxNorm = 0;
  for (const row of trainRows) {
    let norm = 1; // the bias input
    for (const v of rows.values[row] as Float32Array) norm += v * v;
    maxNorm = Math.max(maxNorm, norm);
  }
  const step = 1 / (0.25 * maxNorm + l2);
  const previous = { weights: new Float64Array(size), bias: new Float64Array(outputs) };
  const look: LogisticModel = { outputs, weights: new Float64Array(size), bias: new Float64Array(outputs) };
  const gradW = new Float64Array(size);
  const gradB = new Float64Array(outputs);
  const z = new Float64Array(outputs);
  const n = trainRows.length;
  for (let t = 1; t <= ITERATIONS; t++) {
    const momentum = (t - 1) / (t + 2);
    for (let i = 0; i < size; i++) {
      const w = model.weights[i] as number;
      look.weights[i] = w + momentum * (w - (previous.weights[i] as number));
    }
    for (let k = 0; k < outputs; k++) {
      const b = model.bias[k] as number;
      look.bias[k] = b + momentum * (b - (previous.bias[k] as number));
    }
    for (let i = 0; i < size; i++) gradW[i] = l2 * (look.weights[i] as number);
    gradB.fill(0);
    trainRows.forEach((row, i) => {
      logits(look, rows, row, z);
      const target = targets[i] as ArrayLike<number>;
      const weight = weights?.[i];
      const idx = rows.indices[row] as Int32Array;
      const val = rows.values[row] as Float32Array;
      for (let k = 0; k < outputs; k++) {
        const error = ((sigmoid(z[k] as number) - (target[k] ?? 0)) * (weight?.[k] ?? 1)) / n;
        gradB[k] = (gradB[k] as number) + error;
        for (let m = 0; m < idx.length; m++) {
          const at = (idx[m] as number) * outputs + k;
          gradW[at] = (gradW[at] as number) + error * (val[m] as number);
        }
      }
    });
    previous.weights.set(model.weights);
    previous.bias.set(model.bias);
    for (let i = 0; i < size; i++)
      model.weights[i] = (look.weights[i] as number) - step * (gradW[i] as number);
    for (let k = 0; k < outputs; k++) model.bias[k] = (look.bias[k] as number) - step * (gradB[k] as number);
  }
  return model;
};

/** Per requested row, the probability of each output. */
export const predictLogistic = (
  model: LogisticModel,
  rows: SparseRows,
  wanted: readonly number[],
): Float64Array[] =>
  wanted.map((row) => {
    const z = new Float64Array(model.outputs);
    logits(model, rows, row, z);
    return z.map(sigmoid);
  });
