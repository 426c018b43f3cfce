import type { LayerDataset } from './dataset.js';
import type { LayerModel, ModelOptions } from './layer-model.js';
import { predictLayer } from './predict-layer.js';
import { createRandom, shuffled } from './random.js';

export interface PickTracksInput {
  dataset: LayerDataset;
  /** Tracks already shown (labeled or skipped): never asked again. */
  asked: ReadonlySet<string>;
  /** The layer's current model; without one the learner does a diverse cold start. */
  model?: LayerModel;
  count: number;
  seed: number;
  /** Share of each round drawn uniformly at random (default RANDOM_SHARE). */
  randomShare?: number;
}

/**
 * Part of every round is a plain random draw: uncertain tracks alone misstate how common each
 * sublist is, and the thresholds and class balance are learned from the labels.
 */
export const RANDOM_SHARE = 0.3;

/**
 * The light model a label session picks with between rounds, retrained on all its answers after
 * each round: ranking tracks by doubt needs no calibration, and fewer epochs keep it quick. The
 * evaluated session (evaluate-motherlist.ts) and the bot's picks (model-tasks.ts) both train with these.
 */
export const BETWEEN_ROUNDS_OPTIONS: Partial<ModelOptions> = { calibrate: false, epochs: 50 };

/** Weight of graph coverage against uncertainty once a model exists. */
const COVERAGE_WEIGHT = 1;

/** A round of tracks to label, and which of them were drawn uniformly at random. */
export interface LabelRound {
  trackIds: string[];
  /**
   * The part of the round drawn at random: a sample of the library, unlike the uncertain tracks,
   * so the trivial guard can score the model on what it will sort (trivial-guard.ts).
   */
  randomlyDrawn: string[];
}

/** The next tracks to label (see pickLabelRound). */
export const pickTracksToLabel = (input: PickTracksInput): string[] => pickLabelRound(input).trackIds;

/**
 * Chooses the next tracks to label. Cold start: greedily cover the library graph (a track whose
 * artists, album and playlists are shared by many unlabeled tracks teaches about all of them).
 * With a model: the least confident tracks, weighted by the coverage they still add, so that one
 * round does not ask ten tracks of the same uncertain artist. A share of every round
 * (RANDOM_SHARE) is drawn at random first, and the coverage counts it.
 */
export const pickLabelRound = (input: PickTracksInput): LabelRound => {
  const { dataset, asked, model, count } = input;
  const random = createRandom(input.seed);
  const candidates = dataset.items
    .map((_, row) => row)
    .filter((row) => !asked.has(dataset.items[row]?.track.id ?? ''));
  const idOf = (row: number): string => dataset.items[row]?.track.id ?? '';
  if (candidates.length <= count) return { trackIds: candidates.map(idOf), randomlyDrawn: [] };

  const frequency = new Map<string, number>();
  for (const row of candidates) {
    for (const entity of dataset.entities[row] ?? []) frequency.set(entity, (frequency.get(entity) ?? 0) + 1);
  }
  const covered = new Set<string>();
  for (const id of asked) {
    const row = dataset.rowOf.get(id);
    if (row !== undefined) for (const entity of dataset.entities[row] ?? []) covered.add(entity);
  }
  const gainOf = (row: number): number => {
    let gain = 0;
    for (const entity of dataset.entities[row] ?? []) {
      if (!covered.has(entity)) gain += Math.log1p((frequency.get(entity) ?? 1) - 1);
    }
    return gain;
  };

  const uncertainty = new Map<number, number>();
  if (model) {
    // The network's own doubt: after smoothing, tracks near labeled ones look settled, and
    // asking by smoothed doubt measured worse on the public libraries.
    for (const prediction of predictLayer(model, dataset, candidates, { smooth: false })) {
      const row = dataset.rowOf.get(prediction.trackId);
      if (row !== undefined) uncertainty.set(row, 1 - prediction.margin);
    }
  }
  // A little seeded noise breaks ties differently per session without ruling the choice.
  const jitter = new Map(candidates.map((row) => [row, random() * 1e-3]));

  const picked: number[] = [];
  const remaining = new Set(candidates);
  const randomCount = Math.round(count * (input.randomShare ?? RANDOM_SHARE));
  const randomRows = shuffled(candidates, random).slice(0, randomCount);
  for (const row of randomRows) {
    picked.push(row);
    remaining.delete(row);
    for (const entity of dataset.entities[row] ?? []) covered.add(entity);
  }
  while (picked.length < count && remaining.size > 0) {
    let maxGain = 0;
    for (const row of remaining) maxGain = Math.max(maxGain, gainOf(row));
    let best = -1;
    let bestScore = -Infinity;
    for (const row of remaining) {
      const coverage = maxGain > 0 ? gainOf(row) / maxGain : 0;
      const score = model
        ? (uncertainty.get(row) ?? 0) * (1 + COVERAGE_WEIGHT * coverage) + (jitter.get(row) ?? 0)
        : coverage + (jitter.get(row) ?? 0) * 100;
      if (score > bestScore) {
        bestScore = score;
        best = row;
      }
    }
    picked.push(best);
    remaining.delete(best);
    for (const entity of dataset.entities[best] ?? []) covered.add(entity);
  }
  return { trackIds: picked.map(idOf), randomlyDrawn: randomRows.map(idOf) };
};
