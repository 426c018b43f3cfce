import { describe, expect, it } from 'vitest';
import { trainResultView } from '../../../src/bot/views/model.view.js';
import type { SublistQuality, TrainOutcome } from '../../../src/services/ports/model-ports.js';

const quality = (
  name: string,
  answers: number | undefined,
  guesses: number | undefined,
  precision?: number,
  recall?: number,
): SublistQuality => ({ name, answers, guesses, precision, recall });

describe('the /train result’s field per sublist', () => {
  const fieldsOf = (perSublist: SublistQuality[], extra: Partial<TrainOutcome> = {}) =>
    trainResultView('Moods', { version: 1, labelCount: 254, quality: 0.41, perSublist, ...extra }).embeds[0]
      ?.fields;

  it('shows the held-out precision and recall and how many answers they rest on', () => {
    expect(fieldsOf([quality('ctrl', 12, 10, 0.5, 0.35)])).toEqual([
      { name: 'ctrl', value: 'precision 50% · recall 35% (from 12 answers)', inline: true },
    ]);
  });

  it('says a sublist was not measured when it had too few answers, with how many', () => {
    expect(fieldsOf([quality('chill', 3, 6, 0.5)])).toEqual([
      { name: 'chill', value: 'not measured: too few answers (3)', inline: true },
    ]);
    expect(fieldsOf([quality('chill', undefined, undefined)])).toEqual([
      { name: 'chill', value: 'not measured: too few answers', inline: true },
    ]);
  });

  it('says why precision is missing when the model rarely guessed the sublist', () => {
    expect(fieldsOf([quality('caramel', 9, 1, undefined, 0.11)])).toEqual([
      {
        name: 'caramel',
        value: 'recall 11% (from 9 answers); precision not measured: it guessed this sublist only 1 time',
        inline: true,
      },
    ]);
  });

  it('adds the void’s field for an incomplete layer and explains the two words once', () => {
    const view = trainResultView('Moods', {
      version: 1,
      labelCount: 40,
      quality: 0.6,
      perSublist: [quality('ctrl', 20, 18, 0.8, 0.7)],
      voidQuality: quality('no sublist (void)', 20, 22, 0.6, 0.65),
    });
    expect(view.embeds[0]?.fields?.[1]).toEqual({
      name: 'no sublist (void)',
      value: 'precision 60% · recall 65% (from 20 answers)',
      inline: true,
    });
    expect(view.embeds[0]?.description).toContain(
      'Per sublist, tested on answers held out of training: precision is the share of the songs it put there that belong there, recall the share of the songs that belong there that it put there.',
    );
  });
});

describe('the /train result’s quality line', () => {
  it('says the quality could not be measured rather than showing “**–**”', () => {
    const view = trainResultView('Vibes', { version: 1, labelCount: 4, quality: undefined, perSublist: [] });
    expect(view.embeds[0]?.description).toBe('From 4 labels: too few to measure its quality yet.');
  });
});

describe('the /train result’s confusion picture', () => {
  it('shows where each sublist’s held-out songs went', () => {
    const view = trainResultView('Genres', {
      version: 2,
      labelCount: 30,
      quality: 0.8,
      perSublist: [quality('Rock', 6, 5), quality('Jazz', 4, 5)],
      confusion: {
        names: ['Rock', 'Jazz', 'void'],
        counts: [
          [5, 1, 0],
          [0, 4, 0],
          [0, 0, 0],
        ],
      },
    });
    expect(view.embeds[0]?.description).toContain(
      [
        'Where the held-out answers went (rows: your answer, columns: the model’s guess):',
        '```',
        '     Rock Jazz void',
        'Rock    5    1    0',
        'Jazz    0    4    0',
        'void    0    0    0',
        '```',
      ].join('\n'),
    );
  });
});
