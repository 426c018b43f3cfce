import { describe, expect, it } from 'vitest';
import { sublistAddedView } from '../../../src/bot/views/layer.view.js';
import { viewLayer } from '../../support/view-fixtures.js';

describe('the /sublist add answer', () => {
  const added = (sublistCount: number, adopted = false) =>
    sublistAddedView({
      layer: { ...viewLayer, name: 'Mine' },
      sublist: { id: 's1', layerId: viewLayer.id, name: 'a', playlistId: 'p1', position: 0 },
      adopted,
      sublistCount,
    }).content;

  it('the layer’s first sublist: the next step is a second one (/label needs two), not /label', () => {
    expect(added(1)).toBe(
      'Sublist **a** added to **Mine** with a new private playlist of that name.\nNext: add another with `/sublist add layer:Mine`; labeling needs at least two sublists.',
    );
  });

  it('a later sublist: answer songs for it, then /train, as before', () => {
    expect(added(2)).toContain('answer a few with `/label layer:Mine`, then `/train`.');
  });
});
