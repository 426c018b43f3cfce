import { describe, expect, it } from 'vitest';
import { dmView } from '../../../src/bot/views/account.view.js';

describe('the new-songs DM’s title', () => {
  const waiting = [{ trackId: 'a', trackName: 'NIKI – Vintage', sublistIds: [], confidence: 0.47 }];

  it('does not say “sorted” when every new song waits for an answer', () => {
    const view = dmView({ kind: 'new-songs', layerName: 'Moods', placements: [], voidCount: 0, waiting });
    expect(view.embeds[0]?.title).toBe('New songs in Moods wait for your answer');
  });

  it('says “sorted” when the sync placed some', () => {
    const view = dmView({
      kind: 'new-songs',
      layerName: 'Moods',
      placements: [{ sublistName: 'Fresh', trackNames: ['Lauv – Reforget'] }],
      voidCount: 0,
      waiting,
    });
    expect(view.embeds[0]?.title).toBe('New songs sorted in Moods');
  });
});
