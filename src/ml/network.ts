import * as tf from '@tensorflow/tfjs';
import { createRandom } from './random.js';

/**
 * A small fully connected network kept as plain Float32Arrays between uses, so that a trained
 * model holds no tensors (nothing to leak or dispose) and serializes byte for byte.
 */
export type OutputActivation = 'softmax' | 'sigmoid';

export interface NetworkShape {
  /** Input size, hidden sizes..., output size. */
  layerSizes: number[];
  output: OutputActivation;
}

export interface NetworkWeights extends NetworkShape {
  /** Kernel then bias for each layer, row-major kernels of [in, out]. */
  parameters: Float32Array[];
}

export interface NetworkTrainingOptions {
  hidden: number[];
  output: OutputActivation;
  epochs: number;
  learningRate: number;
  /** L2 penalty on kernels (not biases). */
  l2: number;
  seed: number;
  /** Per output weight of positives in the sigmoid loss (class imbalance). */
  positiveWeights?: Float32Array;
  /** Per sample weight (class balance for softmax, confidence of pseudo-labels). */
  sampleWeights?: Float32Array;
  /**
   * Sigmoid outputs only: a weight per sample and output, row-major like the targets; 0 leaves
   * an output out of a sample's loss (an answer that says nothing about that sublist).
   */
  targetWeights?: Float32Array;
}

export interface TrainingSet {
  rows: number;
  inputs: Float32Array;
  targets: Float32Array;
  inputSize: number;
  outputSize: number;
}

const glorotInit = (fanIn: number, fanOut: number, random: () => number): Float32Array => {
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  const values = new Float32Array(fanIn * fanOut);
  for (let i = 0; i < values.length; i++) values[i] = (random() * 2 - 1) * limit;
  return values;
};

type FirstLayer = (activations: tf.Tensor2D, kernel: tf.Tensor2D) => tf.Tensor2D;

const denseFirstLayer: FirstLayer = (activations, kernel) => tf.matMul(activations, kernel);

const forward = (
  parameters: readonly tf.Tensor[],
  inputs: tf.Tensor2D,
  firstLayer: FirstLayer = denseFirstLayer,
): tf.Tensor2D => {
  let activations: tf.Tensor2D = inputs;
  const layers = parameters.length / 2;
  for (let layer = 0; layer < layers; layer++) {
    const kernel = parameters[layer * 2] as tf.Tensor2D;
    const bias = parameters[layer * 2 + 1] as tf.Tensor1D;
    const product = layer === 0 ? firstLayer(activations, kernel) : tf.matMul(activations, kernel);
    const z: tf.Tensor2D = tf.add(product, bias);
    activations = layer === layers - 1 ? z : tf.relu(z);
  }
  return activations;
};

/**
 * The first layer's kernel gradient is inputsᵀ·dz. The wasm backend computes a transposed
 * matMul several times slower than a plain one, so the gradient uses a pre-transposed copy of
 * the (constant) inputs; no gradient flows to the inputs.
 */
const firstLayerWithTransposedInputs =
  (transposedInputs: tf.Tensor2D): FirstLayer =>
  (activations, kernel) => {
    const product = tf.customGrad((w) => ({
      value: tf.matMul(activations, w as tf.Tensor2D),
      gradFunc: (dy: tf.Tensor) => tf.matMul(transposedInputs, dy as tf.Tensor2D),
    }));
    return product(kernel) as tf.Tensor2D;
  };

/** Trains from a seeded initialisation with full-batch Adam; deterministic on a given backend. */
export const trainNetwork = async (
  set: TrainingSet,
  options: NetworkTrainingOptions,
): Promise<NetworkWeights> => {
  const layerSizes = [set.inputSize, ...options.hidden, set.outputSize];
  const random = createRandom(options.seed);
  const variables: tf.Variable[] = [];
  for (let layer = 0; layer + 1 < layerSizes.length; layer++) {
    const fanIn = layerSizes[layer] as number;
    const fanOut = layerSizes[layer + 1] as number;
    // tf.variable copies its initial value, so the initial tensors are created inside a tidy.
    variables.push(
      tf.tidy(() => tf.variable(tf.tensor2d(glorotInit(fanIn, fanOut, random), [fanIn, fanOut]))),
    );
    variables.push(tf.tidy(() => tf.variable(tf.zeros([fanOut]))));
  }
  const inputs = tf.tensor2d(set.inputs, [set.rows, set.inputSize]);
  const transposedInputs = tf.transpose(inputs);
  const firstLayer = firstLayerWithTransposedInputs(transposedInputs);
  const targets = tf.tensor2d(set.targets, [set.rows, set.outputSize]);
  const sampleWeights = tf.tensor1d(options.sampleWeights ?? new Float32Array(set.rows).fill(1));
  const positiveWeights = tf.tensor1d(options.positiveWeights ?? new Float32Array(set.outputSize).fill(1));
  const targetWeights = options.targetWeights
    ? tf.tensor2d(options.targetWeights, [set.rows, set.outputSize])
    : undefined;
  const optimizer = tf.train.adam(options.learningRate);
  const weightSum = tf.sum(sampleWeights);
  const lossOf = (): tf.Scalar => {
    const logits = forward(variables, inputs, firstLayer);
    let perSample: tf.Tensor;
    if (options.output === 'softmax') {
      perSample = tf.neg(tf.sum(tf.mul(targets, tf.logSoftmax(logits)), 1));
    } else {
      // -[w y log s(z) + (1-y) log(1-s(z))] with log s(z) = -softplus(-z), log(1-s(z)) = -softplus(z)
      const positive = tf.mul(tf.mul(targets, positiveWeights), tf.softplus(tf.neg(logits)));
      const negative = tf.mul(tf.sub(1, targets), tf.softplus(logits));
      const perOutput = tf.add(positive, negative);
      perSample = tf.mean(targetWeights ? tf.mul(perOutput, targetWeights) : perOutput, 1);
    }
    const data = tf.div(tf.sum(tf.mul(perSample, sampleWeights)), weightSum);
    const penalty = variables
      .filter((_, i) => i % 2 === 0)
      .reduce<tf.Scalar>((sum, kernel) => tf.add(sum, tf.sum(tf.square(kernel))), tf.scalar(0));
    return tf.add(data, tf.mul(options.l2, penalty));
  };
  try {
    for (let epoch = 0; epoch < options.epochs; epoch++) {
      const loss = optimizer.minimize(lossOf, false, variables);
      if (loss) loss.dispose();
      // Yield now and then so that a bot process stays responsive while training.
      if (epoch % 50 === 49) await new Promise((resolve) => setImmediate(resolve));
    }
    const parameters = variables.map((v) => new Float32Array(v.dataSync()));
    return { layerSizes, output: options.output, parameters };
  } finally {
    optimizer.dispose();
    tf.dispose([...variables, inputs, transposedInputs, targets, sampleWeights, positiveWeights, weightSum]);
    targetWeights?.dispose();
  }
};

const PREDICT_BATCH = 4096;

/** Output probabilities, row-major [rows, outputs]. */
export const predictNetwork = (weights: NetworkWeights, inputs: Float32Array, rows: number): Float32Array => {
  const inputSize = weights.layerSizes[0] as number;
  return predictNetworkInBatches(weights, rows, (start, count) =>
    inputs.subarray(start * inputSize, (start + count) * inputSize),
  );
};

/**
 * Output probabilities, row-major [rows, outputs], of inputs the caller builds one batch at a time
 * (`batchInputs(start, count)`: rows start..start + count, row-major): only a batch's inputs and
 * tensors are alive at once, whatever the number of rows.
 */
export const predictNetworkInBatches = (
  weights: NetworkWeights,
  rows: number,
  batchInputs: (start: number, count: number) => Float32Array,
): Float32Array => {
  const inputSize = weights.layerSizes[0] as number;
  const outputSize = weights.layerSizes[weights.layerSizes.length - 1] as number;
  const result = new Float32Array(rows * outputSize);
  const parameters = weights.parameters.map((p, i) => {
    const layer = Math.floor(i / 2);
    return i % 2 === 0
      ? tf.tensor2d(p, [weights.layerSizes[layer] as number, weights.layerSizes[layer + 1] as number])
      : tf.tensor1d(p);
  });
  try {
    for (let start = 0; start < rows; start += PREDICT_BATCH) {
      const count = Math.min(PREDICT_BATCH, rows - start);
      const inputs = batchInputs(start, count);
      const batch = tf.tidy(() => {
        const x = tf.tensor2d(inputs, [count, inputSize]);
        const logits = forward(parameters, x);
        return weights.output === 'softmax' ? tf.softmax(logits) : tf.sigmoid(logits);
      });
      result.set(batch.dataSync(), start * outputSize);
      batch.dispose();
    }
    return result;
  } finally {
    tf.dispose(parameters);
  }
};

/**
 * One network whose logits are the mean of the given networks' logits (an ensemble that still
 * stores and predicts as a single network): hidden units side by side, output kernels stacked and
 * divided by their number. For networks of one hidden layer or none, all of the same shape;
 * anything else is returned as the first network.
 */
export const averageNetworks = (networks: readonly NetworkWeights[]): NetworkWeights => {
  const first = networks[0];
  if (!first) throw new Error('no network to average');
  const sizes = first.layerSizes;
  const same = networks.every(
    (n) =>
      n.output === first.output &&
      n.layerSizes.length === sizes.length &&
      n.layerSizes.every((s, i) => s === sizes[i]),
  );
  if (networks.length === 1 || !same || sizes.length > 3) return first;
  const count = networks.length;
  if (sizes.length === 2) {
    // Linear: the mean of the logits is the network of the mean parameters.
    const parameters = first.parameters.map((p, i) => {
      const mean = new Float32Array(p.length);
      for (const n of networks) {
        const q = n.parameters[i] as Float32Array;
        for (let j = 0; j < mean.length; j++) mean[j] = (mean[j] ?? 0) + (q[j] ?? 0) / count;
      }
      return mean;
    });
    return { layerSizes: [...sizes], output: first.output, parameters };
  }
  const [inputs, hidden, outputs] = sizes as [number, number, number];
  const wide = hidden * count;
  const kernel1 = new Float32Array(inputs * wide);
  const bias1 = new Float32Array(wide);
  const kernel2 = new Float32Array(wide * outputs);
  const bias2 = new Float32Array(outputs);
  networks.forEach((n, k) => {
    const [k1, b1, k2, b2] = n.parameters as [Float32Array, Float32Array, Float32Array, Float32Array];
    for (let i = 0; i < inputs; i++)
      kernel1.set(k1.subarray(i * hidden, (i + 1) * hidden), i * wide + k * hidden);
    bias1.set(b1, k * hidden);
    for (let j = 0; j < hidden * outputs; j++) kernel2[k * hidden * outputs + j] = (k2[j] ?? 0) / count;
    for (let o = 0; o < outputs; o++) bias2[o] = (bias2[o] ?? 0) + (b2[o] ?? 0) / count;
  });
  return {
    layerSizes: [inputs, wide, outputs],
    output: first.output,
    parameters: [kernel1, bias1, kernel2, bias2],
  };
};
