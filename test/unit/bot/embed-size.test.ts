import { describe, expect, it } from 'vitest';
import { statusView } from '../../../src/bot/views/account.view.js';
import { layerListView } from '../../../src/bot/views/layer.view.js';
import type { Sublist } from '../../../src/core/layer-records.js';
import type { LayerOverview } from '../../../src/services/layers/layer.service.js';
import type { UserStatus } from '../../../src/services/account/status.service.js';
import type { View } from '../../../src/bot/views/view.js';
import { checkMessageLimits } from '../../fakes/discord/limits.js';
import { defaultSettings } from '../../support/memory-stores.js';
import { viewLayer } from '../../support/view-fixtures.js';

const sublists = (layer: number, count: number): Sublist[] =>
  Array.from({ length: count }, (_, i) => ({
    id: `s${layer}-${i}`,
    layerId: `l${layer}`,
    name: `Late night drives ${layer}-${i}`,
    playlistId: `p${layer}-${i}`,
    position: i,
  }));

/**
 * A user who linked another Spotify account (README: every sublist of the first account then
 * counts as gone): each layer lists its sublists, then names them again as gone.
 */
const relinked = (layers: number, perLayer: number): LayerOverview[] =>
  Array.from({ length: layers }, (_, n) => {
    const own = sublists(n, perLayer);
    return {
      layer: { ...viewLayer, id: `l${n}`, name: `Layer number ${n}` },
      motherlistName: 'Liked Songs',
      sublists: own,
      labelCount: 120,
      handRemovalCount: 0,
      unplacedRemovalCount: 0,
      unlistedSublists: own,
    };
  });

/** The most layers a user may have, each with a few sublists, some over another layer's sublist. */
const manyLayers = (): LayerOverview[] =>
  Array.from({ length: 25 }, (_, n) => ({
    layer: { ...viewLayer, id: `l${n}`, name: `Moods and places ${n}` },
    motherlistName: n === 0 ? 'Liked Songs' : `Moods and places ${n - 1} › Late night drives ${n - 1}-0`,
    sublists: sublists(n, 6),
    labelCount: 40,
    handRemovalCount: 3,
    unplacedRemovalCount: 2,
    unlistedSublists: [],
  }));

const statusOf = (overviews: LayerOverview[]): UserStatus => ({
  account: {
    displayName: 'Al',
    status: 'active',
    linkedAt: new Date(0),
    lastSyncAt: new Date(0),
    libraryRead: { done: true },
  },
  layers: overviews.map((overview) => ({
    ...overview,
    model: undefined,
    waitingCount: 0,
    latestWaiting: [],
  })),
  settings: defaultSettings('u'),
  syncIntervalMinutes: 10,
  dmFailure: undefined,
  modelBackend: 'wasm',
});
const status = (overviews: LayerOverview[]): View => statusView(statusOf(overviews));

const fieldNames = (view: View): string[] => (view.embeds[0]?.fields ?? []).map((field) => field.name);

describe('/layer list and /status fit in one Discord embed (6,000 characters in all)', () => {
  it('after linking another account, with every sublist gone', () => {
    const overviews = relinked(8, 12);
    const starts = [
      /^Liked Songs → Late night drives 0-0, /,
      /^12 sublists · 120 labels · no model yet\nSorts at a precision target of 80%\.\n⚠️/,
    ];
    for (const [index, view] of [layerListView(overviews), status(overviews)].entries()) {
      expect(checkMessageLimits(view)).toEqual([]);
      // Every layer keeps its field, its start unchanged.
      expect(fieldNames(view)).toEqual(overviews.map((o) => o.layer.name));
      expect(view.embeds[0]?.fields?.[0]?.value).toMatch(starts[index] as RegExp);
    }
  });

  it('with the most layers a user may have', () => {
    const overviews = manyLayers();
    const list = layerListView(overviews);
    expect(checkMessageLimits(list)).toEqual([]);
    expect(fieldNames(list)).toEqual(overviews.map((o) => o.layer.name));
    const shown = status(overviews);
    expect(checkMessageLimits(shown)).toEqual([]);
    // 25 fields at most: /status says where the layer past them is rather than leave it out.
    expect(fieldNames(shown)).toEqual(overviews.slice(0, 25).map((o) => o.layer.name));
    const withEnrichment = statusView({
      ...statusOf(overviews),
      enrichment: [{ provider: 'reccobeats', state: 'on', covered: 10, total: 20 }],
    });
    expect(fieldNames(withEnrichment)).toEqual([
      ...overviews.slice(0, 24).map((o) => o.layer.name),
      'Enrichment',
    ]);
    expect(withEnrichment.embeds[0]?.description).toMatch(/\n1 more layer: `\/layer list`\.$/);
  });

  it('with the most layers, each naming its latest waiting songs: the names are what gets clipped', () => {
    const overviews = manyLayers();
    const longName = (n: number) =>
      `${'Artist with a long name '.repeat(3)}– Song ${n} ${'and more words '.repeat(4)}`;
    const shown = statusView({
      ...statusOf(overviews),
      layers: overviews.map((overview) => ({
        ...overview,
        model: undefined,
        waitingCount: 40,
        latestWaiting: [longName(1), longName(2), longName(3)],
      })),
    });
    expect(checkMessageLimits(shown)).toEqual([]);
    expect(fieldNames(shown)).toEqual(overviews.map((o) => o.layer.name));
    // Last in each field, the names go first when the 25 fields share the embed's room.
    const without = statusView({
      ...statusOf(overviews),
      layers: overviews.map((overview) => ({
        ...overview,
        model: undefined,
        waitingCount: 40,
        latestWaiting: [],
      })),
    });
    expect(shown.embeds[0]?.fields).toEqual(without.embeds[0]?.fields);
    // One layer alone keeps the three names whole (each within 60 characters).
    const alone = statusView({
      ...statusOf(overviews.slice(0, 1)),
      layers: [{ ...overviews[0]!, model: undefined, waitingCount: 2, latestWaiting: ['A – x', 'B – y'] }],
    });
    expect(alone.embeds[0]?.fields?.[0]?.value).toMatch(/\nLatest waiting: A – x · B – y$/);
  });

  it('leaves a view that fits as it was', () => {
    const overviews = relinked(1, 3);
    const value = layerListView(overviews).embeds[0]?.fields?.[0]?.value;
    expect(value).toContain('Late night drives 0-2');
    expect(value).toContain("or can't be read: syncs take no hand edits from them");
    expect(value?.endsWith('…')).toBe(false);
  });
});
