import type { LayerMode, Placement } from '../core/layer.js';
import type { LayerDataset } from './dataset.js';
import { createRandom, shuffled } from './random.js';
import {
  EDGE_KINDS,
  type EdgeKind,
  type Hyperedges,
  hyperedgesByKind,
  propagate,
} from './baseline-hypergraph.js';
import { type SparseRows, fitLogistic, predictLogistic, sparseRows } from './baseline-logistic.js';

/**
 * The `lr-propagation` baseline of issue 25: one-vs-rest logistic regression on the shared
 * feature rows, its L2 chosen by 5-fold cross-validation; label propagation over the hypergraph
 * of shared artists, albums and other playlists with the regression's scores as prior, its edge
 * kinds and pull chosen on out-of-fold predictions; per-sublist thresholds fitted on them.
 */
export const L2_GRID = [0.003, 0.01, 0.03, 0.1, 0.3];
export const PULL_GRID = [0.3, 0.6, 0.9];
export const FOLDS = 5;
/** Defaults when there are too few labels to cross-validate. */
const DEFAULT_L2 = 0.03;
const DEFAULT_PULL = 0.6;
export const DEFAULT_THRESHOLD = 0.5;
const MIN_CV_LABELS = 4;
/** A threshold is fitted only with this many out-of-fold examples on each side of it. */
const MIN_THRESHOLD_EXAMPLES = 2;

export interface LrPropagationLayer {
  mode: LayerMode;
  sublistIds: readonly string[];
  dataset: LayerDataset;
  rows: SparseRows;
  edges: Record<EdgeKind, Hyperedges>;
}

export const prepareLrPropagation = (
  dataset: LayerDataset,
  mode: LayerMode,
  sublistIds: readonly string[],
): LrPropagationLayer => ({
  mode,
  sublistIds,
  dataset,
  rows: sparseRows(dataset.features),
  edges: hyperedgesByKind(dataset),
});

export interface LrPropagationSettings {
  l2: number;
  kinds: readonly EdgeKind[];
  pull: number;
  /** Non-mutual layers: per sublist, the score from which a track is placed in it. */
  thresholds: readonly number[];
  /** Mutual incomplete layers: below this best score a track goes to the void. */
  voidThreshold: number;
}

export interface LrPropagationFit {
  settings: LrPropagationSettings;
  /** Propagated scores of every motherlist row (rows × sublists, row-major). */
  scores: Float64Array;
}

export const DEFAULT_SETTINGS = (outputs: number): LrPropagationSettings => ({
  l2: DEFAULT_L2,
  kinds: EDGE_KINDS,
  pull: DEFAULT_PULL,
  thresholds: new Array<number>(outputs).fill(DEFAULT_THRESHOLD),
  voidThreshold: DEFAULT_THRESHOLD,
});

const targetOf = (layer: LrPropagationLayer, placement: Placement): number[] =>
  layer.sublistIds.map((id) => (placement.includes(id) ? 1 : 0));

const edgesOf = (layer: LrPropagationLayer, kinds: readonly EdgeKind[]): Hyperedges =>
  kinds.flatMap((kind) => layer.edges[kind]);

/** Every non-empty subset of the edge kinds. */
const KIND_SUBSETS: EdgeKind[][] = Array.from({ length: (1 << EDGE_KINDS.length) - 1 }, (_, mask) =>
  EDGE_KINDS.filter((_, bit) => ((mask + 1) >> bit) & 1),
);

const clip = (p: number): number => Math.min(1 - 1e-4, Math.max(1e-4, p));

const logLoss = (scores: readonly Float64Array[], targets: readonly number[][]): number => {
  let loss = 0;
  scores.forEach((s, i) =>
    s.forEach((p, k) => {
      loss -= (targets[i]?.[k] ?? 0) === 1 ? Math.log(clip(p)) : Math.log(1 - clip(p));
    }),
  );
  return loss / Math.max(1, scores.length);
};

const rowScores = (scores: Float64Array, outputs: number, row: number): Float64Array =>
  scores.subarray(row * outputs, (row + 1) * outputs);

const argmax = (values: ArrayLike<number>): number => {
  let best = 0;
  for (let k = 1; k < values.length; k++) if ((values[k] as number) > (values[best] as number)) best = k;
  return best;
};

/** The placement of one track from its scores, as the layer's mode and the thresholds say. */
export const decodeScores = (
  mode: LayerMode,
  sublistIds: readonly string[],
  scores: ArrayLike<number>,
  settings: Pick<LrPropagationSettings, 'thresholds' | 'voidThreshold'>,
): Placement => {
  const best = argmax(scores);
  if (mode.mutual) {
    if (!mode.complete && (scores[best] as number) < settings.voidThreshold) return [];
    return [sublistIds[best] as string];
  }
  const placed = sublistIds.filter(
    (_, k) => (scores[k] as number) >= (settings.thresholds[k] ?? DEFAULT_THRESHOLD),
  );
  if (placed.length > 0 || !mode.complete) return placed;
  const margins = Array.from(
    sublistIds,
    (_, k) => (scores[k] as number) - (settings.thresholds[k] ?? DEFAULT_THRESHOLD),
  );
  return [sublistIds[argmax(margins)] as string];
};

const f1 = (tp: number, fp: number, fn: number): number => (2 * tp) / Math.max(1, 2 * tp + fp + fn);

/** The threshold that maximises F1 of `positive` on the given scores; undefined when too few on either side. */
export const bestThreshold = (
  scores: readonly number[],
  positive: readonly boolean[],
): number | undefined => {
  const positives = positive.filter(Boolean).length;
  if (positives < MIN_THRESHOLD_EXAMPLES || scores.length - positives < MIN_THRESHOLD_EXAMPLES)
    return undefined;
  const order = scores.map((s, i) => i).sort((a, b) => (scores[b] as number) - (scores[a] as number));
  let best = { f1: -1, threshold: DEFAULT_THRESHOLD };
  let tp = 0;
  let fp = 0;
  order.forEach((i, rank) => {
    if (positive[i]) tp++;
    else fp++;
    const next = order[rank + 1];
    const here = scores[i] as number;
    // Only between distinct scores: the threshold sits halfway to the next lower one.
    if (next !== undefined && scores[next] === here) return;
    const value = f1(tp, fp, positives - tp);
    if (value > best.f1)
      best = { f1: value, threshold: next === undefined ? here : (here + (scores[next] as number)) / 2 };
  });
  return best.threshold;
};

const fitThresholds = (
  layer: LrPropagationLayer,
  scores: readonly Float64Array[],
  targets: readonly number[][],
): Pick<LrPropagationSettings, 'thresholds' | 'voidThreshold'> => {
  const outputs = layer.sublistIds.length;
  const thresholds = Array.from(
    { length: outputs },
    (_, k) =>
      bestThreshold(
        scores.map((s) => s[k] as number),
        targets.map((t) => t[k] === 1),
      ) ?? DEFAULT_THRESHOLD,
  );
  // The void of a mutual layer: a track is placed when its best score clears the threshold,
  // and the placement is right only when the best sublist is its sublist.
  const best = scores.map((s) => s[argmax(s)] as number);
  const rightWhenPlaced = scores.map((s, i) => targets[i]?.[argmax(s)] === 1);
  const voidThreshold =
    layer.mode.mutual && !layer.mode.complete
      ? (bestThreshold(best, rightWhenPlaced) ?? DEFAULT_THRESHOLD)
      : DEFAULT_THRESHOLD;
  return { thresholds, voidThreshold };
};

interface Labeled {
  rows: number[];
  targets: number[][];
}

const labeledRows = (layer: LrPropagationLayer, labels: ReadonlyMap<string, Placement>): Labeled => {
  const rows: number[] = [];
  const targets: number[][] = [];
  for (const [trackId, placement] of labels) {
    const row = layer.dataset.rowOf.get(trackId);
    if (row === undefined) continue;
    rows.push(row);
    targets.push(targetOf(layer, placement));
  }
  return { rows, targets };
};

const priorScores = (layer: LrPropagationLayer, labeled: Labeled, l2: number): Float64Array => {
  const outputs = layer.sublistIds.length;
  const model = fitLogistic(layer.rows, labeled.rows, labeled.targets, outputs, l2);
  const all = layer.dataset.items.map((_, row) => row);
  const scores = new Float64Array(all.length * outputs);
  predictLogistic(model, layer.rows, all).forEach((s, row) => scores.set(s, row * outputs));
  return scores;
};

const propagated = (
  layer: LrPropagationLayer,
  prior: Float64Array,
  labeled: Labeled,
  kinds: readonly EdgeKind[],
  pull: number,
): Float64Array => {
  const clamped = new Map(labeled.rows.map((row, i) => [row, labeled.targets[i] as number[]]));
  return propagate(prior, layer.sublistIds.length, edgesOf(layer, kinds), pull, clamped);
};

/** Chooses L2, edge kinds, pull and thresholds by cross-validation on the labels. */
export const chooseSettings = (
  layer: LrPropagationLayer,
  labels: ReadonlyMap<string, Placement>,
  seed: number,
): LrPropagationSettings => {
  const outputs = layer.sublistIds.length;
  const labeled = labeledRows(layer, labels);
  if (labeled.rows.length < MIN_CV_LABELS) return DEFAULT_SETTINGS(outputs);
  const folds = Math.min(FOLDS, labeled.rows.length);
  const order = shuffled(
    labeled.rows.map((_, i) => i),
    createRandom(seed),
  );
  const foldOf = new Map(order.map((i, position) => [i, position % folds]));
  const split = Array.from({ length: folds }, (_, fold) => {
    const train: Labeled = { rows: [], targets: [] };
    const heldOut: number[] = [];
    labeled.rows.forEach((row, i) => {
      if (foldOf.get(i) === fold) heldOut.push(i);
      else {
        train.rows.push(row);
        train.targets.push(labeled.targets[i] as number[]);
      }
    });
    return { train, heldOut };
  });
  const heldOutTargets = split.flatMap((s) => s.heldOut.map((i) => labeled.targets[i] as number[]));
  const outOfFold = (scoresOfFold: (fold: number) => Float64Array): Float64Array[] =>
    split.flatMap((s, fold) => {
      const scores = scoresOfFold(fold);
      return s.heldOut.map((i) => rowScores(scores, outputs, labeled.rows[i] as number));
    });

  let best = { loss: Number.POSITIVE_INFINITY, l2: DEFAULT_L2, priors: [] as Float64Array[] };
  for (const l2 of L2_GRID) {
    const priors = split.map((s) => priorScores(layer, s.train, l2));
    const loss = logLoss(
      outOfFold((fold) => priors[fold] as Float64Array),
      heldOutTargets,
    );
    if (loss < best.loss) best = { loss, l2, priors };
  }
  const priors = best.priors;
  let chosen = {
    loss: best.loss,
    kinds: [] as readonly EdgeKind[],
    pull: 0,
    scores: outOfFold((fold) => priors[fold] as Float64Array),
  };
  for (const kinds of KIND_SUBSETS) {
    for (const pull of PULL_GRID) {
      const scores = outOfFold((fold) =>
        propagated(
          layer,
          priors[fold] as Float64Array,
          (split[fold] as (typeof split)[number]).train,
          kinds,
          pull,
        ),
      );
      const loss = logLoss(scores, heldOutTargets);
      if (loss < chosen.loss) chosen = { loss, kinds, pull, scores };
    }
  }
  return {
    l2: best.l2,
    kinds: chosen.kinds,
    pull: chosen.pull,
    ...fitThresholds(layer, chosen.scores, heldOutTargets),
  };
};

/** The final scores of every motherlist row with given settings (labels clamped). */
export const applySettings = (
  layer: LrPropagationLayer,
  labels: ReadonlyMap<string, Placement>,
  settings: LrPropagationSettings,
): LrPropagationFit => {
  const labeled = labeledRows(layer, labels);
  const prior = priorScores(layer, labeled, settings.l2);
  return { settings, scores: propagated(layer, prior, labeled, settings.kinds, settings.pull) };
};

export const fitLrPropagation = (
  layer: LrPropagationLayer,
  labels: ReadonlyMap<string, Placement>,
  seed: number,
): LrPropagationFit => applySettings(layer, labels, chooseSettings(layer, labels, seed));

export const scoresOfRow = (layer: LrPropagationLayer, fit: LrPropagationFit, row: number): Float64Array =>
  rowScores(fit.scores, layer.sublistIds.length, row);

export const predictRow = (layer: LrPropagationLayer, fit: LrPropagationFit, row: number): Placement =>
  decodeScores(layer.mode, layer.sublistIds, scoresOfRow(layer, fit, row), fit.settings);
