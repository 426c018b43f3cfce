import { beforeAll, describe, expect, it } from 'vitest';
import type { Layer, Sublist } from '../../../../src/core/layer-records.js';
import { userErrorText } from '../../../../src/bot/views/user-error.view.js';
import { refusalOf } from '../../../support/refusal.js';
import type { RunResult } from '../../../../src/services/sorting/run-summary.js';
import { WaitingPlacementService } from '../../../../src/services/sorting/waiting-placement.service.js';
import { SpotifySideDouble } from '../../../support/bot/spotify-side-double.js';
import { createMemoryBotServices, type MemoryBotServiceSet } from '../../../support/memory-bot-services.js';

const USER = 'u-waiting-removed-sublist';

/**
 * A waiting song whose stored guess named a sublist that `/sublist remove` took away since: the
 * guess drops it (a mutual guess of that sublist alone is no guess: the menu only), and the Place
 * button a DM showed with the old guess is refused, placing and storing nothing.
 */
describe('a waiting song guessed for a sublist removed since', () => {
  let set: MemoryBotServiceSet;
  const spotify = new SpotifySideDouble();
  const placed: { trackId: string; sublistIds: readonly string[] }[] = [];
  let placement: WaitingPlacementService;

  const layerWith = async (
    name: string,
    mode: { mutual: boolean; complete: boolean },
    sublistNames: string[],
  ): Promise<{ layer: Layer; sublists: Sublist[] }> => {
    await set.services.layers.create(USER, { name, motherlist: 'liked', ...mode });
    for (const sublist of sublistNames) await set.services.sublists.add(USER, name, sublist);
    const found = await set.services.layers.requireWithSublists(USER, name);
    return { layer: found.layer, sublists: found.sublists };
  };

  beforeAll(async () => {
    set = createMemoryBotServices(spotify, 10);
    spotify.link(USER);
    for (const id of ['w-calm', 'w-loud', 'w-both']) spotify.addTrack(id, id, 'A');
    await set.library.tracks.upsertMetadata(
      ['w-calm', 'w-loud', 'w-both'].map((id) => ({
        id,
        name: id,
        artists: [{ name: 'A' }],
        album: { name: 'x' },
      })),
    );
    placement = new WaitingPlacementService({
      layers: set.stores.layers,
      waiting: set.stores.waiting,
      names: set.library.motherlist,
      corrections: {
        correctPlacement: async (_userId, _layerId, trackId, sublistIds) => {
          placed.push({ trackId, sublistIds });
          return {} as RunResult;
        },
      },
    });
  });

  it('mutual complete: a guess of the removed sublist alone is no guess, and its old Place is refused', async () => {
    const { layer, sublists } = await layerWith('moods', { mutual: true, complete: true }, [
      'Calm',
      'Loud',
      'Soft',
    ]);
    const [calm, loud, soft] = sublists as [Sublist, Sublist, Sublist];
    await set.stores.waiting.record(layer.id, {
      replace: false,
      add: [
        { trackId: 'w-calm', guess: [calm.id], confidence: 0.5 },
        { trackId: 'w-loud', guess: [loud.id], confidence: 0.6 },
      ],
      remove: [],
    });
    await set.services.sublists.remove(USER, 'moods', 'Calm');

    const stored = await set.stores.waiting.byTrack(layer.id, 'w-calm');
    expect(stored?.guess).toEqual([]);
    expect(stored?.trimmed).toBe(true);
    const error = await refusalOf(placement.place(USER, layer.id, 'w-calm'));
    expect(error.problem).toEqual({
      code: 'stale-component',
      what: 'guess-removed',
      trackName: 'A – w-calm',
    });
    expect(userErrorText(error)).toBe(
      'The best guess for **A – w-calm** was a sublist removed since, so nothing was placed: pick where it goes in its menu.',
    );
    expect(placed).toEqual([]);
    expect(await set.stores.waiting.byTrack(layer.id, 'w-calm')).toBeDefined();

    // Its menu still places it; a song whose guess named another sublist is placed as guessed.
    await placement.place(USER, layer.id, 'w-calm', [soft.id]);
    await placement.place(USER, layer.id, 'w-loud');
    expect(placed).toEqual([
      { trackId: 'w-calm', sublistIds: [soft.id] },
      { trackId: 'w-loud', sublistIds: [loud.id] },
    ]);
  });

  it('non-mutual: the guess keeps its other sublists, and the old Place naming the removed one is refused', async () => {
    placed.length = 0;
    const { layer, sublists } = await layerWith('tags', { mutual: false, complete: false }, ['Day', 'Night']);
    const [day, night] = sublists as [Sublist, Sublist];
    await set.stores.waiting.record(layer.id, {
      replace: false,
      add: [{ trackId: 'w-both', guess: [day.id, night.id], confidence: 0.4 }],
      remove: [],
    });
    await set.services.sublists.remove(USER, 'tags', 'Night');

    expect((await set.stores.waiting.byTrack(layer.id, 'w-both'))?.guess).toEqual([day.id]);
    const error = await refusalOf(placement.place(USER, layer.id, 'w-both'));
    expect(error.problem).toMatchObject({ what: 'guess-removed' });
    expect(placed).toEqual([]);
  });
});
