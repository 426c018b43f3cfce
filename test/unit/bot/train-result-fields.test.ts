import { describe, expect, it } from 'vitest';
import { trainResultView } from '../../../src/bot/views/model.view.js';

describe('the /train result’s field per sublist', () => {
  const fieldsOf = (perSublist: Parameters<typeof trainResultView>[1]['perSublist']) =>
    trainResultView('Moods', { version: 1, labelCount: 254, quality: 0.41, perSublist }).embeds[0]?.fields;

  it('shows what was measured and no dashes for what was not', () => {
    expect(
      fieldsOf([
        { name: 'caramel', f1: 0.29, precision: undefined, recall: undefined },
        { name: 'ctrl', f1: 0.41, precision: 0.5, recall: 0.35 },
      ]),
    ).toEqual([
      { name: 'caramel', value: 'F1 29%', inline: true },
      { name: 'ctrl', value: 'F1 41% · precision 50% · recall 35%', inline: true },
    ]);
  });

  it('says a sublist was not measured rather than “F1 – · precision – · recall –”', () => {
    expect(fieldsOf([{ name: 'chill', f1: undefined, precision: undefined, recall: undefined }])).toEqual([
      { name: 'chill', value: 'not measured: too few answers', inline: true },
    ]);
  });
});

describe('the /train result’s quality line', () => {
  it('says the quality could not be measured rather than showing “**–**”', () => {
    const view = trainResultView('Vibes', { version: 1, labelCount: 4, quality: undefined, perSublist: [] });
    expect(view.embeds[0]?.description).toBe('From 4 labels: too few to measure its quality yet.');
  });
});
