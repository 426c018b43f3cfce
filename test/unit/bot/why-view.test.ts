import { describe, expect, it } from 'vitest';
import type { APIStringSelectComponent } from 'discord.js';
import { compactUuid, customId } from '../../../src/bot/custom-id.js';
import { placeholderTrack } from '../../../src/bot/views/correction.view.js';
import { whyView } from '../../../src/bot/views/model.view.js';
import type { Explanation } from '../../../src/services/ports/model-ports.js';

const whyFixture: Explanation = {
  trackId: 't1'.padEnd(22, '0'),
  trackName: 'Artist – Song',
  sublistNames: ['Rock'],
  confidence: 0.62,
  calibrated: true,
  precisionTarget: 0.8,
  waiting: false,
  neighbours: [],
  features: [],
};

describe('/why in words', () => {
  const explanation = whyFixture;
  const description = (e: Partial<Explanation>) =>
    whyView('Genres', { ...explanation, ...e }).embeds[0]?.description;

  it('a waiting song: below the target, it waits for an answer', () => {
    expect(description({ waiting: true })).toBe(
      "Layer Genres · The model is 62% sure, below this layer's target of 80%: the song waits for your answer (`/label` asks about it first).",
    );
  });

  it('a non-mutual layer: how sure the model is of each sublist of its guess', () => {
    const sublistConfidences = [
      { sublistName: 'Rock', confidence: 0.74 },
      { sublistName: 'Jazz', confidence: 0.5 },
    ];
    expect(description({ waiting: true, sublistConfidences })).toBe(
      "Layer Genres · The model is 74% sure of **Rock**, 50% sure of **Jazz**, each below this layer's target of 80%: the song waits for your answer (`/label` asks about it first).",
    );
    expect(description({ waiting: true, sublistConfidences: sublistConfidences.slice(0, 1) })).toContain(
      "74% sure of **Rock**, below this layer's target",
    );
    expect(description({ answeredNames: ['Pop'], sublistConfidences })).toBe(
      'Layer Genres · You answered **Pop**: sorts keep it there, whatever the model guesses.\nThe model is 74% sure of **Rock**, 50% sure of **Jazz**.',
    );
  });

  it('an answered song: the answer first, then the model’s guess', () => {
    expect(description({ answeredNames: ['Jazz'] })).toBe(
      "Layer Genres · You answered **Jazz**: sorts keep it there, whatever the model guesses.\nThe model's guess is 62% sure.",
    );
    expect(description({ answeredNames: [] })).toContain('You answered **the void**');
  });

  it('an uncalibrated model: no percentage, and every song waits', () => {
    const text = description({ calibrated: false, waiting: true });
    expect(text).not.toContain('62%');
    expect(text).toContain('promises nothing');
    expect(text).toContain('every song waits for your answers');
  });

  it('offers a menu that moves the song, as the new-songs DM’s do, without claiming where it is now', () => {
    const layerId = '00000000-0000-4000-8000-000000000001';
    const rock = { id: '00000000-0000-4000-8000-000000000002', name: 'Rock' };
    const jazz = { id: '00000000-0000-4000-8000-000000000003', name: 'Jazz' };
    const pop = { id: '00000000-0000-4000-8000-000000000004', name: 'Pop' };
    const view = whyView('Genres', explanation, {
      layerId,
      complete: false,
      sublists: [rock, jazz, pop],
      unlistedSublistIds: [pop.id],
    });
    expect(view.components).toHaveLength(1);
    const menu = view.components[0]?.components[0] as APIStringSelectComponent;
    expect(menu.custom_id).toBe(customId('mv', compactUuid(layerId), explanation.trackId));
    // A playlist out of the library takes no move; an incomplete layer offers the void.
    expect(menu.options.map((o) => o.label)).toEqual(['Rock', 'Jazz', 'Void (no sublist)']);
    expect(menu.options.filter((o) => o.description)).toEqual([]);
    expect(placeholderTrack(menu.placeholder ?? '')).toBe('Artist – Song');
    expect(menu.placeholder).not.toMatch(/→ (void|Rock)$/);
    // Without the layer's sublists (a stand-in), no menu.
    expect(whyView('Genres', explanation).components).toEqual([]);
  });
});

describe('/why’s title says where the song stands', () => {
  const explanation: Explanation = {
    ...whyFixture,
    trackName: 'Coldplay – O',
    sublistNames: ['Fresh'],
    confidence: 0.54,
  };
  const title = (e: Partial<Explanation>) => whyView('Moods', { ...explanation, ...e }).embeds[0]?.title;

  it('a song that waits is not shown as placed: “waits (best guess …)”', () => {
    expect(title({ waiting: true })).toBe('Why Coldplay – O waits (best guess Fresh)');
  });

  it('a placed song, as before: “→ Fresh”', () => {
    expect(title({})).toBe('Why Coldplay – O → Fresh');
  });
});
