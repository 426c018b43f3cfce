import type { LayerMode } from '../../core/layer.js';
import type { Sublist } from '../../core/layer-records.js';
import type { ModelMetrics } from '../../ml/layer-model.js';
import type { SublistScore } from '../../ml/metrics.js';
import type { SublistQuality, TrainOutcome } from '../ports/model-ports.js';

/**
 * Fewest held-out songs a share is measured on (answers for recall, guesses for precision): below 5,
 * one song moves it by more than 20 points, so the figure would tell more about which songs happened
 * to be held out than about the model.
 */
const MIN_MEASURED_SONGS = 5;

/** The confusion picture is a table in the result: wider than 8 sublists it no longer reads. */
const MAX_CONFUSION_SUBLISTS = 8;

type StoredScore = { support: number } & Partial<SublistScore>;

/** A sublist's (or the void's) held-out precision and recall, each only when enough songs measure it. */
const sublistQuality = (name: string, score: StoredScore | undefined): SublistQuality => {
  const guesses = score?.predicted;
  return {
    name,
    answers: score?.support,
    guesses,
    precision: guesses !== undefined && guesses >= MIN_MEASURED_SONGS ? score?.precision : undefined,
    recall: score && score.support >= MIN_MEASURED_SONGS ? score.recall : undefined,
  };
};

type Quality = Pick<TrainOutcome, 'perSublist' | 'voidQuality' | 'confusion'>;

/**
 * The /train result's quality by sublist, from the model's out-of-fold decodings: the void's for an
 * incomplete layer, and where each sublist's held-out songs went for a mutual one of ≤ 8 sublists.
 */
export const trainQuality = (
  mode: LayerMode,
  sublists: readonly Sublist[],
  modelSublistIds: readonly string[],
  metrics: ModelMetrics,
): Quality => {
  const measured = metrics.crossValidated;
  const quality: Quality = {
    perSublist: sublists.map((s) => sublistQuality(s.name, measured?.perSublist[s.id])),
  };
  if (!mode.complete && measured) quality.voidQuality = sublistQuality('no sublist (void)', measured.void);
  const confusion = measured?.confusion;
  if (mode.mutual && confusion && sublists.length <= MAX_CONFUSION_SUBLISTS) {
    const order = [...sublists.map((s) => modelSublistIds.indexOf(s.id)), modelSublistIds.length];
    if (order.every((index) => index >= 0)) {
      const keep = mode.complete ? order.slice(0, -1) : order;
      quality.confusion = {
        names: [...sublists.map((s) => s.name), ...(mode.complete ? [] : ['void'])],
        counts: keep.map((row) => keep.map((column) => confusion[row]?.[column] ?? 0)),
      };
    }
  }
  return quality;
};
