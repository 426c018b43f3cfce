import type { LayerMode, Placement } from '../core/layer.js';
import { type LabelRound, pickLabelRound } from './active-learner.js';
import { buildLayerDataset } from './dataset.js';
import { type Explanation, explainPrediction } from './explain.js';
import { type FeatureSpec, type LibraryTrack, defaultFeatureSpec, trainingFeatureSpec } from './features.js';
import { type ModelOptions, predictLayer, trainLayerModel } from './layer-model.js';
import { type SerializedLayerModel, deserializeLayerModel, serializeLayerModel } from './serialize.js';

/**
 * The model work a thread of the pool does. Inputs and results are plain data (arrays, typed
 * arrays, records): tensors and models never cross a thread boundary as objects.
 */
export interface TrainTask {
  kind: 'train';
  items: readonly LibraryTrack[];
  enrichment: boolean;
  mode: LayerMode;
  sublistIds: readonly string[];
  /** [trackId, its sublists (empty = void)] */
  labels: readonly (readonly [string, Placement])[];
  /** [trackId, the sublists the user took it out of by hand] of tracks with no label. */
  removals?: readonly (readonly [string, readonly string[]])[];
  /** Labeled tracks drawn uniformly at random (see `TrainLayerInput.randomlyDrawn`). */
  randomlyDrawn?: readonly string[];
  seed: number;
  options?: Partial<ModelOptions>;
}

export interface PredictTask {
  kind: 'predict';
  model: SerializedLayerModel;
  /** The whole motherlist: the graph the model reads (smoothing, degrees), even for a few tracks. */
  items: readonly LibraryTrack[];
  /** Only these tracks; all of `items` when absent. */
  trackIds?: readonly string[];
}

export interface PickTask {
  kind: 'pick';
  items: readonly LibraryTrack[];
  model?: SerializedLayerModel;
  asked: readonly string[];
  count: number;
  seed: number;
}

export interface ExplainTask {
  kind: 'explain';
  model: SerializedLayerModel;
  items: readonly LibraryTrack[];
  /** [trackId, its sublists] of the layer's labels. */
  labels: readonly (readonly [string, Placement])[];
  /** [trackId, the sublists it was taken out of by hand] of the songs answered only that way. */
  removals?: readonly (readonly [string, readonly string[]])[];
  trackId: string;
}

export type ModelTask = TrainTask | PredictTask | PickTask | ExplainTask;

export interface TrackPrediction {
  trackId: string;
  placement: Placement;
  /** The probability that the placement is right when `calibrated` (see `LayerPrediction`). */
  confidence: number;
  /** False for models stored before calibration or trained on too few labels: they promise nothing. */
  calibrated: boolean;
  /** The probability of belonging in each sublist, by sublist id. */
  memberships: Record<string, number>;
}

export interface TrackExplanation extends Pick<Explanation, 'similarLabeled' | 'strongestFeatures'> {
  placement: Placement;
  confidence: number;
}

export interface ModelTaskResults {
  train: SerializedLayerModel;
  predict: TrackPrediction[];
  pick: LabelRound;
  explain: TrackExplanation;
}

export type ModelTaskResult<T extends ModelTask> = ModelTaskResults[T['kind']];

const train = async (task: TrainTask): Promise<SerializedLayerModel> => {
  const answered = new Set(task.labels.map(([trackId]) => trackId));
  const dataset = buildLayerDataset(task.items, trainingFeatureSpec(task.enrichment, task.items, answered));
  const model = await trainLayerModel({
    dataset,
    mode: task.mode,
    sublistIds: task.sublistIds,
    labels: new Map(task.labels),
    ...(task.removals ? { removals: new Map(task.removals) } : {}),
    ...(task.randomlyDrawn ? { randomlyDrawn: new Set(task.randomlyDrawn) } : {}),
    seed: task.seed,
    ...(task.options ? { options: task.options } : {}),
  });
  return serializeLayerModel(model);
};

const predict = (task: PredictTask): TrackPrediction[] => {
  const model = deserializeLayerModel(task.model);
  const dataset = buildLayerDataset(task.items, model.featureSpec.tracks);
  const rows = task.trackIds
    ? [...new Set(task.trackIds)]
        .map((id) => dataset.rowOf.get(id))
        .filter((row): row is number => row !== undefined)
    : undefined;
  const { sublistIds } = model.featureSpec;
  return predictLayer(model, dataset, rows).map(
    ({ trackId, placement, confidence, calibrated, memberships }) => ({
      trackId,
      placement,
      confidence,
      calibrated,
      memberships: Object.fromEntries(sublistIds.map((id, o) => [id, memberships[o] ?? 0])),
    }),
  );
};

const pick = (task: PickTask): LabelRound => {
  const model = task.model ? deserializeLayerModel(task.model) : undefined;
  const spec: FeatureSpec = model?.featureSpec.tracks ?? defaultFeatureSpec(false);
  return pickLabelRound({
    dataset: buildLayerDataset(task.items, spec),
    asked: new Set(task.asked),
    count: task.count,
    seed: task.seed,
    ...(model ? { model } : {}),
  });
};

const explain = (task: ExplainTask): TrackExplanation => {
  const model = deserializeLayerModel(task.model);
  const dataset = buildLayerDataset(task.items, model.featureSpec.tracks);
  const [prediction] = predictLayer(model, dataset, [dataset.rowOf.get(task.trackId) ?? 0]);
  const placement = prediction?.placement ?? [];
  const { similarLabeled, strongestFeatures } = explainPrediction({
    model,
    dataset,
    trackId: task.trackId,
    labels: new Map(task.labels),
    ...(task.removals ? { removals: new Map(task.removals) } : {}),
    placement,
    neighbours: 5,
  });
  return { placement, confidence: prediction?.confidence ?? 0, similarLabeled, strongestFeatures };
};

/** Runs one task on the calling thread (a pool thread, or the caller's own in `npm run evaluate`-like tools). */
export const runModelTask = async <T extends ModelTask>(task: T): Promise<ModelTaskResult<T>> => {
  switch (task.kind) {
    case 'train':
      return (await train(task)) as ModelTaskResult<T>;
    case 'predict':
      return predict(task) as ModelTaskResult<T>;
    case 'pick':
      return pick(task) as ModelTaskResult<T>;
    case 'explain':
      return explain(task) as ModelTaskResult<T>;
  }
};
