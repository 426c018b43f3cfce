import { describe, expect, it } from 'vitest';
import type { Placement } from '../../../src/core/layer.js';
import { pickForLrPropagation, uncertaintyOf } from '../../../src/ml/baseline-lr-active.js';
import { propagate } from '../../../src/ml/baseline-hypergraph.js';
import { fitLogistic, predictLogistic } from '../../../src/ml/baseline-logistic.js';
import {
  DEFAULT_THRESHOLD,
  bestThreshold,
  chooseSettings,
  decodeScores,
  fitLrPropagation,
  prepareLrPropagation,
} from '../../../src/ml/baseline-lr-propagation.js';
import { runLrPropagation } from '../../../src/ml/evaluate-lr-propagation.js';
import { runTrivialBaseline } from '../../../src/ml/evaluate-trivial.js';
import { layerForMode, randomLabels, sliceLayer } from './fixture.js';

describe('the logistic regression of lr-propagation', () => {
  it('learns a separable case: feature 0 means the first output, feature 1 the second', () => {
    const rows = {
      dimension: 3,
      indices: Array.from({ length: 40 }, (_, i) => Int32Array.from([i % 2, 2])),
      values: Array.from({ length: 40 }, () => Float32Array.from([1, 0.5])),
    };
    const train = Array.from({ length: 30 }, (_, i) => i);
    const targets = train.map((i) => (i % 2 === 0 ? [1, 0] : [0, 1]));
    const model = fitLogistic(rows, train, targets, 2, 0.01);
    const test = Array.from({ length: 10 }, (_, i) => 30 + i);
    predictLogistic(model, rows, test).forEach((p, i) => {
      const first = (30 + i) % 2 === 0;
      expect(p[0]! > 0.8, `row ${30 + i}`).toBe(first);
      expect(p[1]! > 0.8, `row ${30 + i}`).toBe(!first);
    });
  });

  it('shrinks towards the base rate under a strong penalty', () => {
    const rows = {
      dimension: 1,
      indices: [Int32Array.from([0]), Int32Array.from([])],
      values: [Float32Array.from([1]), Float32Array.from([])],
    };
    const loose = predictLogistic(fitLogistic(rows, [0, 1], [[1], [0]], 1, 0.001), rows, [0])[0]![0]!;
    const firm = predictLogistic(fitLogistic(rows, [0, 1], [[1], [0]], 1, 10), rows, [0])[0]![0]!;
    expect(loose).toBeGreaterThan(0.8);
    expect(firm).toBeLessThan(loose);
  });
});

describe('hypergraph propagation', () => {
  // rows 0 and 1 share an edge, 1 and 2 share another, row 3 is alone.
  const edges = [Int32Array.from([0, 1]), Int32Array.from([1, 2])];
  const prior = Float64Array.from([0.5, 0.5, 0.5, 0.2]);

  it('holds labeled rows, pulls their neighbours, leaves isolated rows at their prior', () => {
    const out = propagate(prior, 1, edges, 0.6, new Map([[0, [1]]]));
    expect(out[0]).toBe(1);
    expect(out[1]).toBeGreaterThan(0.5);
    expect(out[2]).toBeGreaterThan(0.5);
    expect(out[2]).toBeLessThan(out[1]!);
    expect(out[3]).toBeCloseTo(0.2, 12);
    expect(Array.from(propagate(prior, 1, edges, 0, new Map()))).toEqual(Array.from(prior));
  });
});

describe('thresholds and decoding', () => {
  it('fits the threshold that maximises F1 halfway between scores, and falls back with too few examples', () => {
    expect(bestThreshold([0.9, 0.8, 0.3, 0.2, 0.1], [true, true, true, false, false])).toBeCloseTo(0.25, 10);
    expect(bestThreshold([0.9, 0.8, 0.7, 0.6, 0.5], [true, false, true, true, false])).toBeCloseTo(0.55, 10);
    expect(bestThreshold([0.9, 0.2, 0.1], [true, false, false])).toBeUndefined();
  });

  it('decodes by mode: argmax, the void below its threshold, per-sublist thresholds, never empty when complete', () => {
    const ids = ['a', 'b', 'c'];
    const settings = { thresholds: [0.3, 0.5, 0.9], voidThreshold: 0.4 };
    const scores = [0.35, 0.45, 0.2];
    expect(decodeScores({ mutual: true, complete: true }, ids, scores, settings)).toEqual(['b']);
    expect(decodeScores({ mutual: true, complete: false }, ids, scores, settings)).toEqual(['b']);
    expect(decodeScores({ mutual: true, complete: false }, ids, [0.1, 0.3, 0.2], settings)).toEqual([]);
    expect(decodeScores({ mutual: false, complete: false }, ids, scores, settings)).toEqual(['a']);
    expect(decodeScores({ mutual: false, complete: false }, ids, [0.1, 0.2, 0.3], settings)).toEqual([]);
    // Complete: the sublist closest to its threshold (b: −0.3, a: −0.2, c: −0.6).
    expect(decodeScores({ mutual: false, complete: true }, ids, [0.1, 0.2, 0.3], settings)).toEqual(['a']);
  });

  it('fits thresholds on out-of-fold predictions: a rare sublist gets a threshold below the default', () => {
    const { library, dataset } = layerForMode({ mutual: false, complete: false });
    const layer = prepareLrPropagation(dataset, library.mode, library.sublistIds);
    const settings = chooseSettings(layer, randomLabels(library, 80, 3), 3);
    expect(settings.thresholds).toHaveLength(3);
    expect(settings.thresholds.some((t) => t !== DEFAULT_THRESHOLD)).toBe(true);
    expect(Math.min(...settings.thresholds)).toBeLessThan(DEFAULT_THRESHOLD);
    const few = chooseSettings(layer, randomLabels(library, 3, 3), 3);
    expect(few.thresholds).toEqual([DEFAULT_THRESHOLD, DEFAULT_THRESHOLD, DEFAULT_THRESHOLD]);
  });
});

describe('lr-propagation on the tidytuesday slice', { timeout: 180_000 }, () => {
  it('beats every trivial answer at 50 labels in every mode, with placements its mode allows', () => {
    for (const mode of [
      { mutual: true, complete: true },
      { mutual: true, complete: false },
      { mutual: false, complete: true },
      { mutual: false, complete: false },
    ]) {
      const { library, dataset } = layerForMode(mode);
      const [result] = runLrPropagation(library, dataset, [50], 1);
      const trivial = (['majority', 'all-void', 'everywhere'] as const).flatMap((m) =>
        runTrivialBaseline(m, library, [50], 1).map((r) => r.scores.microF1),
      );
      expect(result?.scores.tracks).toBe(library.items.length - 50);
      expect(result?.scores.microF1, JSON.stringify(mode)).toBeGreaterThan(Math.max(...trivial));
      const layer = prepareLrPropagation(dataset, mode, library.sublistIds);
      const fit = fitLrPropagation(layer, randomLabels(library, 50, 1), 1);
      expect(fit.scores.length).toBe(library.items.length * library.sublistIds.length);
    }
  });

  it('asks distinct primary artists in its cold start, then uncertain songs, never a song twice', () => {
    const { library, dataset } = sliceLayer();
    const layer = prepareLrPropagation(dataset, library.mode, library.sublistIds);
    const first = pickForLrPropagation({ layer, asked: new Set(), round: 0, count: 10, seed: 1 });
    const artistOf = (id: string) => dataset.items[dataset.rowOf.get(id)!]!.track.artists[0]!.name;
    expect(new Set(first.map(artistOf)).size).toBe(10);
    const labels = new Map<string, Placement>(first.map((id) => [id, library.truth.get(id) ?? []]));
    const fit = fitLrPropagation(layer, labels, 1);
    const next = pickForLrPropagation({ layer, asked: new Set(first), fit, round: 2, count: 10, seed: 2 });
    expect(next).toHaveLength(10);
    expect(next.some((id) => first.includes(id))).toBe(false);
    expect(new Set(next.map(artistOf)).size).toBe(10);
    // The greedy part prefers uncertain songs: the picks are on average less sure than the library.
    const mean = (ids: string[]) =>
      ids.reduce((s, id) => s + uncertaintyOf(layer, fit, dataset.rowOf.get(id)!), 0) / ids.length;
    const rest = dataset.items.map((i) => i.track.id).filter((id) => !first.includes(id));
    expect(mean(next)).toBeGreaterThan(mean(rest));
  });
});
