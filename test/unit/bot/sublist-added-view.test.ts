import { describe, expect, it } from 'vitest';
import { sublistAddedView } from '../../../src/bot/views/layer.view.js';
import { viewLayer } from '../../support/view-fixtures.js';

describe('the /sublist add answer', () => {
  const added = (sublistCount: number, adopted = false, hasModel = true) =>
    sublistAddedView({
      layer: { ...viewLayer, name: 'Mine' },
      sublist: { id: 's1', layerId: viewLayer.id, name: 'a', playlistId: 'p1', position: 0 },
      adopted,
      sublistCount,
      hasModel,
    }).content;

  it('the layer’s first sublist: the next step is a second one (/label needs two), not /label', () => {
    expect(added(1)).toBe(
      'Sublist **a** added to **Mine** with a new private playlist of that name.\nNext: add another with `/sublist add layer:Mine`; labeling needs at least two sublists.',
    );
  });

  it('a later sublist: answer songs for it, then /train, as before', () => {
    expect(added(2)).toContain('answer a few with `/label layer:Mine`, then `/train`.');
  });

  it('a later sublist of a layer with no model yet (which /sort refuses): the next step, not what a sort does', () => {
    expect(added(3, false, false)).not.toContain('Until the model has learned it');
    expect(added(3, false, false)).toContain(
      'Next: answer a few songs for each sublist with `/label layer:Mine`, then `/train`: the layer sorts once it has a trained model.',
    );
    expect(added(3, true, false)).toContain(
      '`/label layer:Mine` (or `/import` what the playlists hold), then `/train`',
    );
  });
});
