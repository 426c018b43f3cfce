import { describe, expect, it } from 'vitest';
import { statusView } from '../../../src/bot/views/account.view.js';
import { layerListView } from '../../../src/bot/views/layer.view.js';
import { whyView } from '../../../src/bot/views/model.view.js';
import type { LayerOverview } from '../../../src/services/layers/layer.service.js';
import type { Explanation } from '../../../src/services/ports/model-ports.js';
import { defaultSettings } from '../../support/memory-stores.js';
import { viewLayer } from '../../support/view-fixtures.js';

const layer = viewLayer;
const overview = (handRemovalCount: number, unplacedRemovalCount = 0): LayerOverview => ({
  layer,
  motherlistName: 'Liked Songs',
  sublists: [],
  labelCount: 12,
  handRemovalCount,
  unplacedRemovalCount,
  unlistedSublists: [],
});
const explanation: Explanation = {
  trackId: 't1'.padEnd(22, '0'),
  trackName: 'Artist – Song',
  sublistNames: ['Rock'],
  confidence: 0.7,
  calibrated: true,
  precisionTarget: 0.6,
  waiting: false,
  neighbours: [{ trackName: 'Artist – Other', sublistNames: ['Rock'], similarity: 0.9 }],
  features: [{ name: 'artist', weight: 1.2 }],
};

describe('songs taken out of a sublist by hand', () => {
  it('count as answers in /status and /layer list', () => {
    const status = (count: number) =>
      statusView({
        account: undefined,
        layers: [{ ...overview(count), model: undefined, waitingCount: 0, latestWaiting: [] }],
        settings: defaultSettings('u'),
        syncIntervalMinutes: 10,
        dmFailure: undefined,
        modelBackend: undefined,
      }).embeds[0]?.fields?.[0]?.value;
    expect(status(3)).toContain('12 labels + 3 songs taken out by hand');
    expect(status(1)).toContain('12 labels + 1 song taken out by hand');
    expect(status(0)).toContain('12 labels · ');
    expect(status(0)).not.toContain('by hand');
    expect(layerListView([overview(2)]).embeds[0]?.fields?.[0]?.value).toContain(
      '12 labels + 2 songs taken out by hand',
    );
    // A complete layer's songs taken out of their only sublist: where they are now, and what comes.
    expect(layerListView([overview(3, 2)]).embeds[0]?.fields?.[0]?.value).toContain(
      '12 labels + 3 songs taken out by hand (2 now in no sublist: they wait for your answer, `/label` asks about them first, and the next `/sort` puts them where the model expects when it is sure enough)',
    );
  });

  it('/why says the song was taken out by hand and no longer claims it belongs there', () => {
    const plain = whyView('Genres', explanation).embeds[0];
    expect(plain?.title).toBe('Why Artist – Song → Rock');
    expect(plain?.description).toBe('Layer Genres · 70% sure.');

    const removed = whyView('Genres', {
      ...explanation,
      sublistNames: [],
      removedByHand: { sublistNames: ['Rock'], stillGuessed: ['Rock'] },
    }).embeds[0];
    expect(removed?.title).toBe('Why Artist – Song → not Rock');
    expect(removed?.description).toBe(
      'Layer Genres · You took it out of **Rock** by hand: that counts as your answer, and no sort or sync puts it back there.\n' +
        'The model still guesses Rock; your answer wins, and /train learns from it.',
    );
    expect(removed?.description).not.toContain('70%');

    const elsewhere = whyView('Genres', {
      ...explanation,
      sublistNames: ['Jazz'],
      removedByHand: { sublistNames: ['Rock'], stillGuessed: [] },
    }).embeds[0];
    expect(elsewhere?.title).toBe('Why Artist – Song → Jazz');
    expect(elsewhere?.description).toContain('The model places it in Jazz.');
    expect(elsewhere?.description).not.toContain('still guesses');
  });

  it('/why names songs taken out by hand among the answered songs it resembles', () => {
    const field = whyView('Genres', {
      ...explanation,
      neighbours: [
        ...explanation.neighbours,
        { trackName: 'Artist – Third', sublistNames: [], removedFromNames: ['Jazz'], similarity: 0.8 },
      ],
    }).embeds[0]?.fields?.[0];
    expect(field?.name).toBe('Resembles these songs you answered');
    expect(field?.value).toBe(
      'Artist – Other → Rock (90%)\nArtist – Third → not Jazz (taken out by hand) (80%)',
    );
  });
});
