import { type FeatureSpec, featureLayout } from './features.js';
import {
  type LayerModel,
  type LogisticWeights,
  MODEL_VERSION,
  type ModelFeatureSpec,
  type ModelMetrics,
} from './layer-model.js';

/** What the database stores: weights as bytea, the rest as jsonb. */
export interface SerializedLayerModel {
  featureSpec: ModelFeatureSpec;
  /** The network's parameters, then the blended regression's weights and biases when it has one. */
  weights: Uint8Array;
  thresholds: number[];
  metrics: ModelMetrics;
  version: string;
}

const storedArrays = (model: LayerModel): Float32Array[] => [
  ...model.network.parameters,
  ...(model.logistic ? [model.logistic.weights, model.logistic.bias] : []),
];

export const serializeLayerModel = (model: LayerModel): SerializedLayerModel => {
  const arrays = storedArrays(model);
  const floats = new Float32Array(arrays.reduce((sum, p) => sum + p.length, 0));
  let offset = 0;
  for (const array of arrays) {
    floats.set(array, offset);
    offset += array.length;
  }
  return {
    featureSpec: structuredClone(model.featureSpec),
    weights: new Uint8Array(floats.buffer),
    thresholds: [...model.thresholds],
    metrics: structuredClone(model.metrics),
    version: model.version,
  };
};

const parameterShapes = (layerSizes: readonly number[]): number[] =>
  layerSizes.slice(1).flatMap((fanOut, layer) => [(layerSizes[layer] as number) * fanOut, fanOut]);

/** A model with `blend` stores the regression over every track feature column, one per output. */
const logisticShapes = (spec: ModelFeatureSpec): number[] => {
  if (!spec.blend) return [];
  const outputs = spec.network.layerSizes[spec.network.layerSizes.length - 1] as number;
  return [featureLayout(spec.tracks).dimension * outputs, outputs];
};

export const deserializeLayerModel = (stored: SerializedLayerModel): LayerModel => {
  if (stored.version !== MODEL_VERSION) throw new Error(`unsupported model version ${stored.version}`);
  const spec: FeatureSpec = stored.featureSpec.tracks;
  if (spec.version !== 1) throw new Error(`unsupported feature spec version ${String(spec.version)}`);
  const { layerSizes, output } = stored.featureSpec.network;
  const sizes = parameterShapes(layerSizes);
  const logisticSizes = logisticShapes(stored.featureSpec);
  const expectedBytes = [...sizes, ...logisticSizes].reduce((sum, s) => sum + s, 0) * 4;
  if (stored.weights.byteLength !== expectedBytes) {
    throw new Error(`weights hold ${stored.weights.byteLength} bytes, the model needs ${expectedBytes}`);
  }
  // Copy into an aligned buffer: a Uint8Array from a database driver may start at any offset.
  const floats = new Float32Array(stored.weights.slice().buffer);
  let offset = 0;
  const take = (size: number): Float32Array => {
    const array = floats.slice(offset, offset + size);
    offset += size;
    return array;
  };
  const parameters = sizes.map(take);
  const [weights, bias] = logisticSizes.map(take);
  const logistic: LogisticWeights | undefined = weights && bias ? { weights, bias } : undefined;
  return {
    version: MODEL_VERSION,
    featureSpec: structuredClone(stored.featureSpec),
    network: { layerSizes: [...layerSizes], output, parameters },
    ...(logistic ? { logistic } : {}),
    thresholds: [...stored.thresholds],
    metrics: structuredClone(stored.metrics),
  };
};
