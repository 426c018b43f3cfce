import type { LayerMode, Placement } from '../core/layer.js';
import { BETWEEN_ROUNDS_OPTIONS, type LabelRound, pickLabelRound } from './active-learner.js';
import { type LayerDataset, buildLayerDataset } from './dataset.js';
import { type Explanation, explainPrediction } from './explain.js';
import { type FeatureSpec, type LibraryTrack, defaultFeatureSpec, trainingFeatureSpec } from './features.js';
import type { LayerModel, ModelOptions } from './layer-model.js';
import { predictLayer } from './predict-layer.js';
import { trainLayerModel } from './train-layer.js';
import { type SerializedLayerModel, deserializeLayerModel, serializeLayerModel } from './serialize.js';

/**
 * A layer's answers as a model learns from them: what the train task trains on, and what the pick
 * task's light model learns from between rounds (LayerModelService assembles both).
 */
export interface LayerAnswers {
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
}

/**
 * The model work a thread of the pool does. Inputs and results are plain data (arrays, typed
 * arrays, records): tensors and models never cross a thread boundary as objects.
 */
export interface TrainTask extends LayerAnswers {
  kind: 'train';
  items: readonly LibraryTrack[];
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
  /** The layer's active model: what the pick goes by without `answers` (none: a cold start). */
  model?: SerializedLayerModel;
  /**
   * The layer's answers so far: the pick trains a light model on them (BETWEEN_ROUNDS_OPTIONS) and
   * goes by it, as the evaluated label session does between rounds. The model is not kept.
   */
  answers?: LayerAnswers;
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
  /** The placement to explain (where the caller places the song); default: the model's own. */
  placement?: Placement;
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
  /** The probability of belonging in each sublist, by sublist id (as `TrackPrediction`'s). */
  memberships: Record<string, number>;
}

export interface ModelTaskResults {
  train: SerializedLayerModel;
  predict: TrackPrediction[];
  pick: LabelRound;
  explain: TrackExplanation;
}

export type ModelTaskResult<T extends ModelTask> = ModelTaskResults[T['kind']];

/** Trains on the answers over `items`; the dataset is the one the model reads. */
const trainOn = async (
  items: readonly LibraryTrack[],
  answers: LayerAnswers,
  options: Partial<ModelOptions> | undefined,
): Promise<{ dataset: LayerDataset; model: LayerModel }> => {
  const answered = new Set(answers.labels.map(([trackId]) => trackId));
  const dataset = buildLayerDataset(items, trainingFeatureSpec(answers.enrichment, items, answered));
  const model = await trainLayerModel({
    dataset,
    mode: answers.mode,
    sublistIds: answers.sublistIds,
    labels: new Map(answers.labels),
    ...(answers.removals ? { removals: new Map(answers.removals) } : {}),
    ...(answers.randomlyDrawn ? { randomlyDrawn: new Set(answers.randomlyDrawn) } : {}),
    seed: answers.seed,
    ...(options ? { options } : {}),
  });
  return { dataset, model };
};

const train = async (task: TrainTask): Promise<SerializedLayerModel> =>
  serializeLayerModel((await trainOn(task.items, task, task.options)).model);

const membershipsById = (model: LayerModel, memberships: readonly number[]): Record<string, number> =>
  Object.fromEntries(model.featureSpec.sublistIds.map((id, o) => [id, memberships[o] ?? 0]));

const predict = (task: PredictTask): TrackPrediction[] => {
  const model = deserializeLayerModel(task.model);
  const dataset = buildLayerDataset(task.items, model.featureSpec.tracks);
  const rows = task.trackIds
    ? [...new Set(task.trackIds)]
        .map((id) => dataset.rowOf.get(id))
        .filter((row): row is number => row !== undefined)
    : undefined;
  return predictLayer(model, dataset, rows).map(
    ({ trackId, placement, confidence, calibrated, memberships }) => ({
      trackId,
      placement,
      confidence,
      calibrated,
      memberships: membershipsById(model, memberships),
    }),
  );
};

const pick = async (task: PickTask): Promise<LabelRound> => {
  const round = { asked: new Set(task.asked), count: task.count, seed: task.seed };
  if (task.answers) {
    const { dataset, model } = await trainOn(task.items, task.answers, BETWEEN_ROUNDS_OPTIONS);
    return pickLabelRound({ dataset, model, ...round });
  }
  const model = task.model ? deserializeLayerModel(task.model) : undefined;
  const spec: FeatureSpec = model?.featureSpec.tracks ?? defaultFeatureSpec(false);
  return pickLabelRound({
    dataset: buildLayerDataset(task.items, spec),
    ...round,
    ...(model ? { model } : {}),
  });
};

const explain = (task: ExplainTask): TrackExplanation => {
  const model = deserializeLayerModel(task.model);
  const dataset = buildLayerDataset(task.items, model.featureSpec.tracks);
  const [prediction] = predictLayer(model, dataset, [dataset.rowOf.get(task.trackId) ?? 0]);
  const placement = task.placement ?? prediction?.placement ?? [];
  const { similarLabeled, strongestFeatures } = explainPrediction({
    model,
    dataset,
    trackId: task.trackId,
    labels: new Map(task.labels),
    ...(task.removals ? { removals: new Map(task.removals) } : {}),
    placement,
    neighbours: 5,
  });
  return {
    placement,
    confidence: prediction?.confidence ?? 0,
    memberships: membershipsById(model, prediction?.memberships ?? []),
    similarLabeled,
    strongestFeatures,
  };
};

/** Runs one task on the calling thread (a pool thread, or the caller's own in `npm run evaluate`-like tools). */
export const runModelTask = async <T extends ModelTask>(task: T): Promise<ModelTaskResult<T>> => {
  switch (task.kind) {
    case 'train':
      return (await train(task)) as ModelTaskResult<T>;
    case 'predict':
      return predict(task) as ModelTaskResult<T>;
    case 'pick':
      return (await pick(task)) as ModelTaskResult<T>;
    case 'explain':
      return explain(task) as ModelTaskResult<T>;
  }
};
