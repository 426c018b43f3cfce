import type { Placement } from '../core/layer.js';

/** How well one sublist (or the void) was placed. */
export interface SublistScore {
  f1: number;
  /** Tracks truly in it. */
  support: number;
  /** Tracks placed in it. */
  predicted: number;
  /** Of the tracks placed in it, the share truly in it; 0 when none was placed. */
  precision: number;
  /** Of the tracks truly in it, the share placed in it; 0 when none is. */
  recall: number;
}

/** Scores predicted placements against true ones as the evaluation protocol defines. */
export interface PlacementScores {
  microF1: number;
  macroF1: number;
  perSublist: Record<string, SublistScore>;
  /** Precision and recall of the void (tracks placed nowhere); undefined when nothing is void in either. */
  voidPrecision?: number;
  voidRecall?: number;
  /** The void scored as a sublist; undefined when nothing is void in either. */
  void?: SublistScore;
  tracks: number;
}

const scoreOf = (tp: number, predicted: number, support: number): SublistScore => ({
  f1: (2 * tp) / Math.max(1, predicted + support),
  support,
  predicted,
  precision: predicted > 0 ? tp / predicted : 0,
  recall: support > 0 ? tp / support : 0,
});

export const scorePlacements = (
  sublistIds: readonly string[],
  predicted: readonly Placement[],
  truth: readonly Placement[],
): PlacementScores => {
  const counts = new Map(sublistIds.map((id) => [id, { tp: 0, fp: 0, fn: 0, support: 0 }]));
  let voidTp = 0;
  let voidPredicted = 0;
  let voidTrue = 0;
  predicted.forEach((placement, i) => {
    const expected = new Set(truth[i] ?? []);
    const given = new Set(placement);
    for (const id of given) {
      const c = counts.get(id);
      if (!c) continue;
      if (expected.has(id)) c.tp++;
      else c.fp++;
    }
    for (const id of expected) {
      const c = counts.get(id);
      if (!c) continue;
      c.support++;
      if (!given.has(id)) c.fn++;
    }
    if (given.size === 0) voidPredicted++;
    if (expected.size === 0) voidTrue++;
    if (given.size === 0 && expected.size === 0) voidTp++;
  });
  let tp = 0;
  let fp = 0;
  let fn = 0;
  const perSublist: PlacementScores['perSublist'] = {};
  const f1s: number[] = [];
  for (const [id, c] of counts) {
    tp += c.tp;
    fp += c.fp;
    fn += c.fn;
    const score = scoreOf(c.tp, c.tp + c.fp, c.support);
    perSublist[id] = score;
    if (c.support > 0) f1s.push(score.f1);
  }
  const scores: PlacementScores = {
    microF1: (2 * tp) / Math.max(1, 2 * tp + fp + fn),
    macroF1: f1s.length > 0 ? f1s.reduce((a, b) => a + b, 0) / f1s.length : 0,
    perSublist,
    tracks: predicted.length,
  };
  if (voidTrue > 0 || voidPredicted > 0) {
    scores.void = scoreOf(voidTp, voidPredicted, voidTrue);
    scores.voidPrecision = scores.void.precision;
    scores.voidRecall = scores.void.recall;
  }
  return scores;
};

/**
 * For a mutual layer (one sublist or none per track): how many tracks of each true sublist were
 * placed in each sublist. Rows the truth, columns the placement, in `sublistIds` order, the void last.
 */
export const confusionCounts = (
  sublistIds: readonly string[],
  predicted: readonly Placement[],
  truth: readonly Placement[],
): number[][] => {
  const voidIndex = sublistIds.length;
  const indexOf = (placement: Placement | undefined): number => {
    const index = sublistIds.indexOf(placement?.[0] ?? '');
    return index < 0 ? voidIndex : index;
  };
  const counts = sublistIds.map(() => new Array<number>(voidIndex + 1).fill(0));
  counts.push(new Array<number>(voidIndex + 1).fill(0));
  predicted.forEach((placement, i) => {
    const row = counts[indexOf(truth[i])] as number[];
    row[indexOf(placement)] = (row[indexOf(placement)] ?? 0) + 1;
  });
  return counts;
};
