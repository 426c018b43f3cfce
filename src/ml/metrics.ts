import type { Placement } from '../core/layer.js';

/** Scores predicted placements against true ones as the evaluation protocol defines. */
export interface PlacementScores {
  microF1: number;
  macroF1: number;
  perSublist: Record<string, { f1: number; support: number }>;
  /** Precision and recall of the void (tracks placed nowhere); undefined when nothing is void in either. */
  voidPrecision?: number;
  voidRecall?: number;
  tracks: number;
}

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
    const f1 = (2 * c.tp) / Math.max(1, 2 * c.tp + c.fp + c.fn);
    perSublist[id] = { f1, support: c.support };
    if (c.support > 0) f1s.push(f1);
  }
  const scores: PlacementScores = {
    microF1: (2 * tp) / Math.max(1, 2 * tp + fp + fn),
    macroF1: f1s.length > 0 ? f1s.reduce((a, b) => a + b, 0) / f1s.length : 0,
    perSublist,
    tracks: predicted.length,
  };
  if (voidTrue > 0 || voidPredicted > 0) {
    scores.voidPrecision = voidPredicted > 0 ? voidTp / voidPredicted : 0;
    scores.voidRecall = voidTrue > 0 ? voidTp / voidTrue : 0;
  }
  return scores;
};
