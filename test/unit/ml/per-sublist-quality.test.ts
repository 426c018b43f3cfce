import { describe, expect, it } from 'vitest';
import { confusionCounts, scorePlacements } from '../../../src/ml/metrics.js';
import { trainLayerModel } from '../../../src/ml/train-layer.js';
import { layerForMode, randomLabels } from './fixture.js';
import { useTestBackend } from './setup-backend.js';

useTestBackend();

describe('per-sublist quality from held-out decodings', () => {
  // Truth a a a b b void; guesses a a b b void void.
  const truth = [['a'], ['a'], ['a'], ['b'], ['b'], []];
  const predicted = [['a'], ['a'], ['b'], ['b'], [], []];

  it('gives each sublist its precision, recall and the answers behind them', () => {
    const scores = scorePlacements(['a', 'b', 'c'], predicted, truth);
    expect(scores.perSublist['a']).toEqual({
      f1: 0.8,
      support: 3,
      predicted: 2,
      precision: 1,
      recall: 2 / 3,
    });
    expect(scores.perSublist['b']).toEqual({
      f1: 0.5,
      support: 2,
      predicted: 2,
      precision: 0.5,
      recall: 0.5,
    });
    // Never guessed and never true: nothing measured, every share 0.
    expect(scores.perSublist['c']).toEqual({ f1: 0, support: 0, predicted: 0, precision: 0, recall: 0 });
    expect(scores.void).toEqual({ f1: 2 / 3, support: 1, predicted: 2, precision: 0.5, recall: 1 });
    expect(scores.macroF1).toBeCloseTo(0.65);
  });

  it('counts where each true sublist’s songs went, the void last', () => {
    expect(confusionCounts(['a', 'b'], predicted, truth)).toEqual([
      [2, 1, 0],
      [0, 1, 1],
      [0, 0, 1],
    ]);
  });

  it('stores them with the model, from the same held-out songs as its quality', async () => {
    const mode = { mutual: true, complete: false };
    const { library, dataset } = layerForMode(mode);
    const labels = randomLabels(library, 60, 3);
    const model = await trainLayerModel({ dataset, mode, sublistIds: library.sublistIds, labels, seed: 3 });
    const quality = model.metrics.crossValidated;
    const confusion = quality?.confusion ?? [];
    // Every answer is held out once: the table holds each of them once.
    expect(confusion.flat().reduce((a, b) => a + b, 0)).toBe(labels.size);
    library.sublistIds.forEach((id, i) => {
      const row = confusion[i] ?? [];
      const column = confusion.map((r) => r[i] ?? 0);
      const score = quality?.perSublist[id];
      expect(score?.support).toBe(row.reduce((a, b) => a + b, 0));
      expect(score?.predicted).toBe(column.reduce((a, b) => a + b, 0));
      if (score?.support) expect(score.recall).toBeCloseTo((row[i] ?? 0) / score.support);
    });
    const voidRow = confusion[library.sublistIds.length] ?? [];
    expect(quality?.void?.support).toBe(voidRow.reduce((a, b) => a + b, 0));
    const sublistF1s = library.sublistIds.flatMap((id) =>
      quality?.perSublist[id]?.support ? [quality.perSublist[id].f1] : [],
    );
    expect(quality?.macroF1).toBeCloseTo(sublistF1s.reduce((a, b) => a + b, 0) / sublistF1s.length);
  });

  it('keeps no confusion table for a non-mutual layer', async () => {
    const mode = { mutual: false, complete: true };
    const { library, dataset } = layerForMode(mode);
    const labels = randomLabels(library, 40, 4);
    const model = await trainLayerModel({ dataset, mode, sublistIds: library.sublistIds, labels, seed: 4 });
    expect(model.metrics.crossValidated?.confusion).toBeUndefined();
    expect(model.metrics.crossValidated?.void).toBeUndefined();
    expect(model.metrics.crossValidated?.perSublist[library.sublistIds[0] ?? '']?.precision).toBeTypeOf(
      'number',
    );
  });
});
