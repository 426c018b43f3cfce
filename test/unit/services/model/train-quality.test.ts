import { describe, expect, it } from 'vitest';
import type { Sublist } from '../../../../src/core/layer-records.js';
import { trainQuality } from '../../../../src/services/model/sublist-quality.js';

const sublist = (id: string, name: string) => ({ id, name }) as Sublist;

describe('the /train result’s quality by sublist, from the stored out-of-fold metrics', () => {
  const metrics = {
    labels: 30,
    trainMs: 1,
    crossValidated: {
      microF1: 0.7,
      macroF1: 0.6,
      perSublist: {
        a: { f1: 0.8, support: 12, predicted: 10, precision: 0.9, recall: 0.75 },
        b: { f1: 0.4, support: 4, predicted: 7, precision: 0.3, recall: 0.5 },
        c: { f1: 0.2, support: 8, predicted: 2, precision: 1, recall: 0.25 },
      },
      void: { f1: 0.5, support: 6, predicted: 11, precision: 0.5, recall: 0.9 },
      confusion: [
        [9, 1, 0, 2],
        [0, 2, 0, 2],
        [1, 0, 2, 5],
        [0, 4, 0, 2],
      ],
    },
  };
  const sublists = [sublist('c', 'Chill'), sublist('a', 'Angry'), sublist('b', 'Blue')];

  it('measures a share only on 5 or more held-out songs', () => {
    const quality = trainQuality({ mutual: true, complete: false }, sublists, ['a', 'b', 'c'], metrics);
    expect(quality.perSublist).toEqual([
      { name: 'Chill', answers: 8, guesses: 2, precision: undefined, recall: 0.25 },
      { name: 'Angry', answers: 12, guesses: 10, precision: 0.9, recall: 0.75 },
      { name: 'Blue', answers: 4, guesses: 7, precision: 0.3, recall: undefined },
    ]);
    expect(quality.voidQuality).toEqual({
      name: 'no sublist (void)',
      answers: 6,
      guesses: 11,
      precision: 0.5,
      recall: 0.9,
    });
  });

  it('orders the confusion table as the layer’s sublists, the void last', () => {
    const quality = trainQuality({ mutual: true, complete: false }, sublists, ['a', 'b', 'c'], metrics);
    expect(quality.confusion).toEqual({
      names: ['Chill', 'Angry', 'Blue', 'void'],
      counts: [
        [2, 1, 0, 5],
        [0, 9, 1, 2],
        [0, 0, 2, 2],
        [0, 0, 4, 2],
      ],
    });
  });

  it('has no void for a complete layer and no table for a non-mutual one or an older model', () => {
    const complete = trainQuality({ mutual: true, complete: true }, sublists, ['a', 'b', 'c'], metrics);
    expect(complete.voidQuality).toBeUndefined();
    expect(complete.confusion?.names).toEqual(['Chill', 'Angry', 'Blue']);
    expect(
      trainQuality({ mutual: false, complete: false }, sublists, ['a', 'b', 'c'], metrics).confusion,
    ).toBeUndefined();
    const older = {
      labels: 30,
      trainMs: 1,
      crossValidated: { microF1: 0.7, macroF1: 0.6, perSublist: { a: { f1: 0.8, support: 12 } } },
    };
    expect(trainQuality({ mutual: true, complete: true }, sublists, ['a', 'b', 'c'], older)).toEqual({
      perSublist: [
        { name: 'Chill', answers: undefined, guesses: undefined, precision: undefined, recall: undefined },
        { name: 'Angry', answers: 12, guesses: undefined, precision: undefined, recall: undefined },
        { name: 'Blue', answers: undefined, guesses: undefined, precision: undefined, recall: undefined },
      ],
    });
  });
});
