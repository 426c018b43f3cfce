import {
  type DryRunPromise,
  type PreviewCheck,
  type SortInputs,
  answerKeys,
  inputChanges,
} from '../../core/dry-run-promise.js';
import { LIKED_SONGS_ID, type Layer } from '../../core/layer-records.js';
import type { LayerPredictions } from '../model/layer-predictions.js';
import type { SortConfidence } from '../ports/model-ports.js';
import type { SortRunDeps } from '../ports/sort-run.ports.js';
import type { RunSummary } from './run-summary.js';

/** What a sort decides from today, to hold against a dry run's. */
export const inputsOf = async (
  deps: Pick<SortRunDeps, 'labels' | 'sublists'>,
  layer: Layer,
  motherlist: readonly string[],
  predicted: LayerPredictions,
  everything: boolean,
): Promise<SortInputs> => {
  return {
    modelId: predicted.modelId,
    modelVersion: predicted.modelVersion,
    motherlist: [...motherlist].sort(),
    answers: answerKeys(await deps.labels.listFor(layer.id)),
    sublistIds: (await deps.sublists.listFor(layer.id)).map((s) => s.id).sort(),
    enriched: predicted.enriched,
    precisionTarget: layer.precisionTarget,
    everything,
  };
};

/** The layer's last dry run, when it is the newest /sort: its plan when it still holds, or what changed. */
export const previewOf = async (
  deps: { runs: Pick<SortRunDeps['runs'], 'lastSort'> },
  layer: Layer,
  inputs: SortInputs,
): Promise<{ promise?: DryRunPromise & { confidence?: SortConfidence }; preview?: PreviewCheck }> => {
  const last = await deps.runs.lastSort(layer.id);
  const summary = last?.status === 'dry-run' ? (last.summary as RunSummary) : undefined;
  if (!summary?.promise) return {};
  const motherlist = layer.motherlistId === LIKED_SONGS_ID ? 'liked-songs' : 'playlist';
  const changes = inputChanges(summary.promise.inputs, inputs, motherlist);
  if (changes.length > 0) return { preview: { kept: false, changes } };
  const confidence = summary.promise.confidence ?? summary.confidence;
  return {
    promise: { ...summary.promise, ...(confidence ? { confidence } : {}) },
    preview: { kept: true, changes: [] },
  };
};
