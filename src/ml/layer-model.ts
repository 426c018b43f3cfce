import type { LayerMode, Placement } from '../core/layer.js';
import type { LayerDataset } from './dataset.js';
import {
  type ModelCalibration,
  calibrateOutputs,
  fitCalibration,
  placementProbability,
} from './calibration.js';
import {
  calibrateThresholds,
  decodePlacement,
  lowerThresholdsToExpectedCounts,
  priorThresholds,
} from './decode.js';
import { type FeatureBlockName, type FeatureSpec, featureLayout } from './features.js';
import { scorePlacements } from './metrics.js';
import {
  type LabelNeighbourhood,
  type LabeledEntities,
  buildNeighbourhood,
  contextFeaturesInto,
  contextSize,
} from './neighbourhood.js';
import {
  type NetworkWeights,
  averageNetworks,
  predictNetwork,
  predictNetworkInBatches,
  trainNetwork,
} from './network.js';
import { type SparseRows, fitLogistic, logits, sigmoid, sparseRows } from './baseline-logistic.js';
import { SMOOTHING_GRID, smoothOverGraph } from './propagation.js';
import { createRandom, shuffled } from './random.js';
import { type LayerOutputs, exclusionTarget, outputCount, placementTarget } from './targets.js';
import { DEGREE_SIZE, degreeFeaturesInto } from './library-degree.js';
import {
  RANDOM_GUARD_CONFIDENCE,
  type TrivialDecoding,
  chooseTrivialDecoding,
  guardSample,
} from './trivial-guard.js';

export const MODEL_VERSION = 'motherlist-layer-model/1';

export interface ModelOptions {
  /** Hidden layer sizes; [] is a (multinomial or one-vs-rest) logistic regression. */
  hidden: number[];
  epochs: number;
  learningRate: number;
  l2: number;
  /** Add label-propagation context features (placements of labeled tracks sharing entities). */
  useContext: boolean;
  /** Add the track's degree in the library graph (library-degree.ts): needs no labels. */
  useDegree: boolean;
  /** Track feature blocks fed to the network; undefined = all of the spec. */
  blocks?: readonly FeatureBlockName[];
  /** Cross-validate to calibrate thresholds and measure quality; off for quick active-learning rounds. */
  calibrate: boolean;
  folds: number;
  /**
   * Smooth predictions over the library graph (multi-hop propagation through the unlabeled
   * motherlist), its strength chosen by cross-validation; needs `calibrate`.
   */
  propagate: boolean;
  /** Average the cross-validation fold models into the final one (needs `calibrate`). */
  ensemble: boolean;
  /**
   * Blend a sparse one-vs-rest logistic regression on the track features into the network's
   * output before smoothing, its weight chosen by cross-validation (needs `calibrate`).
   */
  blend: boolean;
  /** Network weights the cross-validation chooses from (1 = the network alone). */
  blendGrid: readonly number[];
  /** L2 penalties of the logistic regression, chosen by out-of-fold log loss. */
  logisticL2Grid: readonly number[];
}

export const DEFAULT_MODEL_OPTIONS: ModelOptions = {
  hidden: [32],
  // Full-batch Adam: 60 steps at 0.02 fit 25–2,000 labels as well as 100 at 0.01, in less time.
  epochs: 60,
  learningRate: 0.02,
  // Hashed artist/album/token inputs are wide for a few hundred labels: a firmer penalty. 3e-3
  // with the blend below: +0.005 mean micro-F1 at 100 labels over 1e-3 on the tuning cells.
  l2: 3e-3,
  useContext: true,
  useDegree: true,
  calibrate: true,
  folds: 3,
  propagate: true,
  ensemble: true,
  blend: true,
  blendGrid: [1, 0.75, 0.5, 0.25, 0],
  logisticL2Grid: [0.01, 0.03, 0.1],
};

/** Everything besides the weights needed to turn tracks into inputs and outputs into placements. */
export interface ModelFeatureSpec {
  tracks: FeatureSpec;
  blocks: FeatureBlockName[] | null;
  mode: LayerMode;
  sublistIds: string[];
  network: { layerSizes: number[]; output: NetworkWeights['output'] };
  neighbourhood: LabelNeighbourhood | null;
  /** Whether the inputs end with the degree features (library-degree.ts); absent in older models. */
  degree?: boolean;
  /** Strength of the graph smoothing of predictions (see propagation.ts); absent or 0 = none. */
  smoothing?: number;
  /** The labeled tracks' targets by track id: they hold their answer while the graph is smoothed. */
  anchors?: Record<string, number[]>;
  /**
   * Maps the (smoothed) outputs to the probability that a placement is right, fitted on
   * out-of-fold predictions (calibration.ts); absent in older models and below 8 labels.
   */
  calibration?: ModelCalibration;
  /** A trivial answer that scored better out of fold than the model's own decoding (trivial-guard.ts). */
  trivial?: TrivialDecoding;
  /**
   * The network's weight in its blend with the logistic regression of `LayerModel.logistic`
   * (its L2 for the record); absent in older models and when the network alone did best.
   */
  blend?: { network: number; l2: number };
}

export interface ModelMetrics {
  labels: number;
  /** Cross-validated (out-of-fold) quality on the labeled tracks; absent without calibration. */
  crossValidated?: {
    microF1: number;
    macroF1: number;
    perSublist: Record<string, { f1: number; support: number }>;
  };
  trainMs: number;
}

/** One-vs-rest logistic regression over the track feature columns: weights dimension × outputs, row-major. */
export interface LogisticWeights {
  weights: Float32Array;
  bias: Float32Array;
}

export interface LayerModel {
  version: typeof MODEL_VERSION;
  featureSpec: ModelFeatureSpec;
  network: NetworkWeights;
  /** Present with `featureSpec.blend`. */
  logistic?: LogisticWeights;
  thresholds: number[];
  metrics: ModelMetrics;
}

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

export interface LayerPrediction {
  trackId: string;
  placement: Placement;
  /** Per network output: sublists in order, then the void for mutual incomplete layers. */
  probabilities: number[];
  /**
   * The probability that the placement is right (non-mutual layers: the mean over its sublists of
   * the probability of belonging there; a void placement: of belonging nowhere), when `calibrated`.
   * Uncalibrated models (stored before calibration, trained on under 8 labels, or with
   * `calibrate: false`) give their `margin` here instead, as before.
   */
  confidence: number;
  /** Whether `confidence` and `memberships` are calibrated on out-of-fold predictions. */
  calibrated: boolean;
  /** Probability of belonging in each sublist, in layer order (the network's own when uncalibrated). */
  memberships: number[];
  /** 0 (a coin flip) to 1 (certain): how far the decided placement is from its decision boundaries. */
  margin: number;
}

interface Example {
  row: number;
  label: LabeledEntities;
  /** Per output weight in the loss (a removal's masked outputs); 1 everywhere when absent. */
  weights?: Float32Array;
}

/** Track feature columns fed to the network: [offset in the track vector, length], in input order. */
export const inputColumns = (
  spec: FeatureSpec,
  blocks: readonly FeatureBlockName[] | null,
): [number, number][] =>
  featureLayout(spec)
    .blocks.filter((b) => blocks === null || blocks.includes(b.name))
    .map((b) => [b.offset, b.size]);

const inputSize = (spec: ModelFeatureSpec): number =>
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

interface Fit {
  spec: ModelFeatureSpec;
  network: NetworkWeights;
}

const fit = async (
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

const probabilitiesOf = (model: Fit, dataset: LayerDataset, rows: readonly number[]): Float32Array[] => {
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

/**
 * The sparse track feature rows the logistic regression reads: the columns the network is fed
 * (`blocks`), built once per dataset.
 */
const logisticRowsCache = new WeakMap<LayerDataset, SparseRows>();
const logisticRows = (dataset: LayerDataset, blocks: readonly FeatureBlockName[] | null): SparseRows => {
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
const fitLogisticWeights = (
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
const logisticProbabilities = (
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
const blendProbabilities = (
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

const logLossOf = (probabilities: readonly Float32Array[], targets: readonly Float32Array[]): number => {
  let loss = 0;
  probabilities.forEach((p, i) =>
    p.forEach((q, k) => {
      const clipped = Math.min(1 - 1e-4, Math.max(1e-4, q));
      loss -= (targets[i]?.[k] ?? 0) === 1 ? Math.log(clipped) : Math.log(1 - clipped);
    }),
  );
  return loss / Math.max(1, probabilities.length);
};

/** The model's probabilities before smoothing: the network's, blended with the regression's when it has one. */
const modelProbabilities = (
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

interface Prepared {
  options: ModelOptions;
  outputs: LayerOutputs;
  examples: Example[];
  removals: Example[];
  base: Omit<ModelFeatureSpec, 'neighbourhood' | 'network'>;
}

const prepare = (input: TrainLayerInput): Prepared => {
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

/** A fold of the cross-validation: its examples, and the probabilities of `rows` by the network trained on the others. */
interface FoldRun {
  test: Example[];
  train: Example[];
  probabilities: Float32Array[];
  rows: readonly number[];
  network: NetworkWeights;
}

/**
 * Each fold's regression on the same training examples, its L2 that of least out-of-fold log
 * loss; then the network's weight in the blend of least out-of-fold log loss (the first of the
 * grid on a tie), before smoothing: a loss over probabilities is steadier on a few dozen held-out
 * labels than micro-F1 after thresholds (tuning cells, 4 seeds: +0.008 mean micro-F1 at 100
 * labels against choosing by micro-F1). Returns the blend and each fold's blended probabilities
 * of its rows (the network's own when it alone did best). Only the chosen blend is computed for
 * every row: a 28k-track motherlist's probabilities at every weight and L2 held the thread.
 */
const blendWithRegression = (
  dataset: LayerDataset,
  { options, outputs, base, removals }: Prepared,
  foldRuns: readonly FoldRun[],
): { blend?: { network: number; l2: number }; priors: Float32Array[][] } => {
  const rows = logisticRows(dataset, base.blocks);
  const count = outputCount(outputs);
  const { mutual } = outputs.mode;
  const targets = foldRuns.flatMap((run) => run.test.map((e) => e.label.target));
  const testRows = foldRuns.map((run) => run.test.map((e) => e.row));
  let chosen: { loss: number; l2: number; models: LogisticWeights[] } | undefined;
  for (const l2 of options.logisticL2Grid) {
    const models = foldRuns.map((run) => fitLogisticWeights(rows, run.train, removals, count, l2));
    const loss = logLossOf(
      foldRuns.flatMap((_, f) =>
        logisticProbabilities(models[f] as LogisticWeights, rows, testRows[f] ?? [], mutual),
      ),
      targets,
    );
    if (!chosen || loss < chosen.loss) chosen = { loss, l2, models };
  }
  const network = foldRuns.map((run) => {
    const position = new Map(run.rows.map((row, i) => [row, i]));
    return run.test.map((e) => run.probabilities[position.get(e.row) ?? -1] as Float32Array);
  });
  const regression = foldRuns.map((_, f) =>
    logisticProbabilities(chosen?.models[f] as LogisticWeights, rows, testRows[f] ?? [], mutual),
  );
  const losses = options.blendGrid.map((weight) =>
    logLossOf(
      foldRuns.flatMap((_, f) => blendProbabilities(network[f] ?? [], regression[f] ?? [], weight)),
      targets,
    ),
  );
  const weight = options.blendGrid[losses.indexOf(Math.min(...losses))] ?? 1;
  if (!chosen || weight >= 1) return { priors: foldRuns.map((run) => run.probabilities) };
  const { l2, models } = chosen;
  return {
    blend: { network: weight, l2 },
    priors: foldRuns.map((run, f) =>
      blendProbabilities(
        run.probabilities,
        logisticProbabilities(models[f] as LogisticWeights, rows, run.rows, mutual),
        weight,
      ),
    ),
  };
};

export interface CrossValidation {
  thresholds: number[];
  /** Chosen strength of the graph smoothing; 0 without propagation. */
  smoothing: number;
  /** The chosen blend with the logistic regression; absent when the network alone did best. */
  blend?: { network: number; l2: number };
  /** The fold models' networks (each trained on the other folds). */
  foldNetworks?: NetworkWeights[];
  /** Fitted on the out-of-fold probabilities at the chosen smoothing. */
  calibration?: ModelCalibration;
  trivial?: TrivialDecoding;
  /** The out-of-fold probabilities at the chosen smoothing and the labels' targets. */
  outOfFold?: { probabilities: Float32Array[]; targets: Float32Array[] };
  quality?: NonNullable<ModelMetrics['crossValidated']>;
}

const crossValidatePrepared = async (
  input: TrainLayerInput,
  prepared: Prepared,
): Promise<CrossValidation> => {
  const { options, outputs, examples, base } = prepared;
  const { dataset } = input;
  const folds = Math.min(options.folds, Math.floor(examples.length / 4));
  if (folds < 2) return { thresholds: new Array<number>(outputs.sublistIds.length).fill(0.5), smoothing: 0 };
  const order = shuffled(examples, createRandom(input.seed ^ 0x5eed));
  const allRows = dataset.items.map((_, row) => row);
  // Per fold: its held-out examples and the fold model's probabilities (every row when propagating).
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
  const truthOf = (example: Example): Placement =>
    input.labels.get(dataset.items[example.row]?.track.id ?? '') ?? [];
  const { blend, priors } = options.blend
    ? blendWithRegression(dataset, prepared, foldRuns)
    : { blend: undefined, priors: foldRuns.map((run) => run.probabilities) };
  const evaluate = (smoothing: number) => {
    const heldOut: { run: (typeof foldRuns)[number]; example: Example; probabilities: Float32Array }[] = [];
    foldRuns.forEach((run, f) => {
      const prior = priors[f] as Float32Array[];
      const probabilities = options.propagate
        ? smoothOverGraph(
            dataset.entities,
            prior,
            smoothing,
            new Map(run.train.map((e) => [e.row, e.label.target])),
          )
        : prior;
      const position = new Map(run.rows.map((row, i) => [row, i]));
      for (const example of run.test)
        heldOut.push({
          run,
          example,
          probabilities: probabilities[position.get(example.row) ?? -1] as Float32Array,
        });
    });
    const thresholds = calibrateThresholds(
      outputs,
      heldOut.map((h) => h.probabilities),
      heldOut.map((h) => h.example.label.target),
    );
    const scores = scorePlacements(
      outputs.sublistIds,
      heldOut.map((h) => decodePlacement(outputs, h.probabilities, thresholds)),
      heldOut.map((h) => truthOf(h.example)),
    );
    return { thresholds, scores, heldOut };
  };
  const guardOf = (heldOut: ReturnType<typeof evaluate>['heldOut']) => {
    const scored = guardSample(
      heldOut,
      (h) => dataset.items[h.example.row]?.track.id ?? '',
      input.randomlyDrawn,
    );
    const crossFitted = new Map(
      foldRuns.map((run) => {
        const others = heldOut.filter((h) => h.run !== run);
        return [
          run,
          calibrateThresholds(
            outputs,
            others.map((h) => h.probabilities),
            others.map((h) => h.example.label.target),
          ),
        ];
      }),
    );
    const decide = (sample: readonly (typeof heldOut)[number][], confidence: number) =>
      chooseTrivialDecoding(
        outputs,
        foldRuns.map((run) => {
          const mine = sample.filter((h) => h.run === run);
          return {
            train: run.train.map(truthOf),
            test: mine.map((h) => truthOf(h.example)),
            // Thresholds chosen on the other folds' held-out tracks: the model's score is then as
            // honest as the trivial answers', not raised by choosing thresholds on the same tracks.
            predicted: mine.map((h) => decodePlacement(outputs, h.probabilities, crossFitted.get(run) ?? [])),
          };
        }),
        examples.map(truthOf),
        confidence,
      );
    // A trivial answer replaces the model only when it scores better on every held-out label and,
    // once enough were drawn at random, surely better on those too (trivial-guard.ts).
    const trivial =
      scored === heldOut ? decide(heldOut, 0) : decide(scored, RANDOM_GUARD_CONFIDENCE) && decide(heldOut, 0);
    return trivial ? { trivial } : {};
  };
  const [first = 0, ...others] = options.propagate ? SMOOTHING_GRID : [0];
  let smoothing = first;
  let best = evaluate(first);
  for (const strength of others) {
    const candidate = evaluate(strength);
    if (candidate.scores.microF1 > best.scores.microF1 + 1e-9) {
      best = candidate;
      smoothing = strength;
    }
  }
  return {
    thresholds: best.thresholds,
    smoothing,
    ...(blend ? { blend } : {}),
    foldNetworks: foldRuns.map((run) => run.network),
    ...guardOf(best.heldOut),
    outOfFold: {
      probabilities: best.heldOut.map((h) => h.probabilities),
      targets: best.heldOut.map((h) => h.example.label.target),
    },
    calibration: fitCalibration(
      outputs,
      best.heldOut.map((h) => h.probabilities),
      best.heldOut.map((h) => h.example.label.target),
    ),
    quality: {
      microF1: best.scores.microF1,
      macroF1: best.scores.macroF1,
      perSublist: best.scores.perSublist,
    },
  };
};

/** Out-of-fold quality and calibrated thresholds for these labels and options, without a final model. */
export const crossValidateLayer = (input: TrainLayerInput): Promise<CrossValidation> =>
  crossValidatePrepared(input, prepare(input));

/** Trains a layer's model from its labels; cross-validates for thresholds and metrics when asked. */
export const trainLayerModel = async (input: TrainLayerInput): Promise<LayerModel> => {
  const started = performance.now();
  const prepared = prepare(input);
  const validation: CrossValidation = prepared.options.calibrate
    ? await crossValidatePrepared(input, prepared)
    : { thresholds: new Array<number>(prepared.outputs.sublistIds.length).fill(0.5), smoothing: 0 };
  const single = await fit(
    prepared.base,
    input.dataset,
    prepared.examples,
    prepared.options,
    input.seed,
    prepared.removals,
  );
  // The fold models, trained for calibration anyway, join the final one in a logit-averaged ensemble.
  const final: Fit =
    prepared.options.ensemble && validation.foldNetworks
      ? { spec: single.spec, network: averageNetworks([single.network, ...validation.foldNetworks]) }
      : single;
  final.spec.network = { layerSizes: final.network.layerSizes, output: final.network.output };
  const { blend } = validation;
  const logistic = blend
    ? fitLogisticWeights(
        logisticRows(input.dataset, prepared.base.blocks),
        prepared.examples,
        prepared.removals,
        outputCount(prepared.outputs),
        blend.l2,
      )
    : undefined;
  if (blend) final.spec.blend = blend;
  if (validation.calibration) final.spec.calibration = validation.calibration;
  if (validation.trivial) final.spec.trivial = validation.trivial;
  if (validation.smoothing > 0) {
    final.spec.smoothing = validation.smoothing;
    final.spec.anchors = Object.fromEntries(
      prepared.examples.map((e) => [input.dataset.items[e.row]?.track.id ?? '', Array.from(e.label.target)]),
    );
  }
  let thresholds = validation.thresholds;
  // Without cross-validation (under 8 labels) a non-mutual layer's thresholds come from the labels'
  // shares; with it, an incomplete layer's are checked against the unlabeled tracks.
  const crossValidated = validation.quality !== undefined;
  if (prepared.options.calibrate && !input.mode.mutual && (!crossValidated || !input.mode.complete)) {
    const labeledRows = new Set(prepared.examples.map((e) => e.row));
    const unlabeled = input.dataset.items.map((_, row) => row).filter((row) => !labeledRows.has(row));
    const predictions = predictLayer(
      {
        version: MODEL_VERSION,
        featureSpec: final.spec,
        network: final.network,
        ...(logistic ? { logistic } : {}),
        thresholds,
        metrics: { labels: 0, trainMs: 0 },
      },
      input.dataset,
      unlabeled,
    );
    const probabilities = predictions.map((p) => p.probabilities);
    if (!crossValidated)
      thresholds = priorThresholds(
        prepared.outputs,
        probabilities,
        prepared.examples.map((e) => e.label.target),
      );
    else {
      const expected = prepared.outputs.sublistIds.map((_, o) =>
        predictions.reduce((sum, p) => sum + (p.memberships[o] ?? 0), 0),
      );
      thresholds = lowerThresholdsToExpectedCounts(prepared.outputs, probabilities, thresholds, expected);
    }
  }
  const metrics: ModelMetrics = {
    labels: prepared.examples.length,
    trainMs: Math.round(performance.now() - started),
  };
  if (validation.quality) metrics.crossValidated = validation.quality;
  return {
    version: MODEL_VERSION,
    featureSpec: final.spec,
    network: final.network,
    ...(logistic ? { logistic } : {}),
    thresholds,
    metrics,
  };
};

const marginOf = (
  outputs: LayerOutputs,
  probabilities: Float32Array,
  thresholds: readonly number[],
): number => {
  if (outputs.mode.mutual) {
    const sorted = [...probabilities].sort((a, b) => b - a);
    return (sorted[0] ?? 0) - (sorted[1] ?? 0);
  }
  // The least certain sublist decision decides how sure the whole placement is.
  let least = 1;
  probabilities.forEach((p, o) => {
    const t = thresholds[o] ?? 0.5;
    const margin = p >= t ? (p - t) / (1 - t) : (t - p) / t;
    least = Math.min(least, margin);
  });
  return least;
};

const anchorRows = (spec: ModelFeatureSpec, dataset: LayerDataset): Map<number, number[]> => {
  const rows = new Map<number, number[]>();
  for (const [trackId, target] of Object.entries(spec.anchors ?? {})) {
    const row = dataset.rowOf.get(trackId);
    if (row !== undefined) rows.set(row, target);
  }
  return rows;
};

/** Predicts rows of a dataset encoded with the model's feature spec (all rows by default). */
export const predictLayer = (
  model: LayerModel,
  dataset: LayerDataset,
  rows?: readonly number[],
  /** `smooth: false` gives the network's own output, without the graph smoothing. */
  options: { smooth?: boolean } = {},
): LayerPrediction[] => {
  const { mode, sublistIds } = model.featureSpec;
  const outputs: LayerOutputs = { mode, sublistIds };
  const allRows = dataset.items.map((_, row) => row);
  const wanted = rows ?? allRows;
  const smoothing = options.smooth === false ? 0 : (model.featureSpec.smoothing ?? 0);
  // Smoothing needs the whole graph: predict every row, smooth, then keep the wanted ones.
  const probabilities =
    smoothing > 0
      ? ((all) => wanted.map((row) => all[row] as Float32Array))(
          smoothOverGraph(
            dataset.entities,
            modelProbabilities(model, dataset, allRows),
            smoothing,
            anchorRows(model.featureSpec, dataset),
          ),
        )
      : modelProbabilities(model, dataset, wanted);
  const { calibration } = model.featureSpec;
  return wanted.map((row, i) => {
    const p = probabilities[i] as Float32Array;
    const placement = model.featureSpec.trivial
      ? [...model.featureSpec.trivial.placement]
      : decodePlacement(outputs, p, model.thresholds);
    const margin = marginOf(outputs, p, model.thresholds);
    const calibrated = calibrateOutputs(outputs, p, calibration);
    return {
      trackId: dataset.items[row]?.track.id ?? '',
      placement,
      probabilities: Array.from(p),
      confidence: calibration ? placementProbability(calibrated, sublistIds, placement) : margin,
      calibrated: calibration !== undefined,
      memberships: calibrated.memberships,
      margin,
    };
  });
};
