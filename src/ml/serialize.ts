import type { FeatureSpec } from './features.js';
import { type LayerModel, MODEL_VERSION, type ModelFeatureSpec, type ModelMetrics } from './layer-model.js';

/** What the database stores: weights as bytea, the rest as jsonb. */
export interface SerializedLayerModel {
  featureSpec: ModelFeatureSpec;
  weights: Uint8Array;
  thresholds: number[];
  metrics: ModelMetrics;
  version: string;
}

export const serializeLayerModel = (model: LayerModel): SerializedLayerModel => {
  const total = model.network.parameters.reduce((sum, p) => sum + p.length, 0);
  const floats = new Float32Array(total);
  let offset = 0;
  for (const parameter of model.network.parameters) {
    floats.set(parameter, offset);
    offset += parameter.length;
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

export const deserializeLayerModel = (stored: SerializedLayerModel): LayerModel => {
  if (stored.version !== MODEL_VERSION) throw new Error(`unsupported model version ${stored.version}`);
  const spec: FeatureSpec = stored.featureSpec.tracks;
  if (spec.version !== 1) throw new Error(`unsupported feature spec version ${String(spec.version)}`);
  const { layerSizes, output } = stored.featureSpec.network;
  const sizes = parameterShapes(layerSizes);
  const expectedBytes = sizes.reduce((sum, s) => sum + s, 0) * 4;
  if (stored.weights.byteLength !== expectedBytes) {
    throw new Error(`weights hold ${stored.weights.byteLength} bytes, the network needs ${expectedBytes}`);
  }
  // Copy into an aligned buffer: a Uint8Array from a database driver may start at any offset.
  const floats = new Float32Array(stored.weights.slice().buffer);
  let offset = 0;
  const parameters = sizes.map((size) => {
    const parameter = floats.slice(offset, offset + size);
    offset += size;
    return parameter;
  });
  return {
    version: MODEL_VERSION,
    featureSpec: structuredClone(stored.featureSpec),
    network: { layerSizes: [...layerSizes], output, parameters },
    thresholds: [...stored.thresholds],
    metrics: structuredClone(stored.metrics),
  };
};
