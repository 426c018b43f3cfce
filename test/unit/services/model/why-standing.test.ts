import { beforeEach, describe, expect, it } from 'vitest';
import { whyView } from '../../../../src/bot/views/model.view.js';
import type { Layer, Sublist } from '../../../../src/core/layer-records.js';
import type { ModelTask, TrackExplanation } from '../../../../src/ml/model-tasks.js';
import type { LayerModelService } from '../../../../src/services/model/layer-model.service.js';
import type { ModelWork } from '../../../../src/services/ports/model-work.ports.js';
import { SpotifySideDouble } from '../../../support/bot/spotify-side-double.js';
import {
  createMemoryBotServices,
  createMemoryModelService,
  type MemoryBotServiceSet,
} from '../../../support/memory-bot-services.js';
import { MemoryModels } from '../../../support/memory-models.js';

/**
 * /why tells where a song stands, not only the model's guess: the user's own answer, a song that
 * waits because the model is not sure enough, a model that cannot measure how sure it is.
 */
describe('/why says where the song stands', () => {
  const ids = Array.from({ length: 6 }, (_, n) => `w${String(n).padStart(21, '0')}`);
  let set: MemoryBotServiceSet;
  let layer: Layer;
  let rock: Sublist;
  let jazz: Sublist;
  let models: MemoryModels;
  let service: LayerModelService;
  /** What the model thread answers for the explained song: Rock, 62% sure. */
  const guess: TrackExplanation = {
    placement: [],
    confidence: 0.62,
    memberships: {},
    similarLabeled: [],
    strongestFeatures: [],
  };

  /** The active model of the layer (Genres by default), trained with its sublists. */
  const storeModel = async (
    calibrated: boolean,
    trainedOn: { layerId: string; sublistIds: string[] } = {
      layerId: layer.id,
      sublistIds: [rock.id, jazz.id],
    },
  ) => {
    const stored = await models.models.insert({
      layerId: trainedOn.layerId,
      featureSpec: {
        format: 'test',
        // Trained with the layer's sublists, as a real model's spec names them.
        spec: {
          sublistIds: trainedOn.sublistIds,
          ...(calibrated ? { calibration: { kind: 'stand-in' } } : {}),
        },
      },
      weights: new Uint8Array(),
      thresholds: [],
      metrics: {},
      labelCount: 12,
      backend: 'none',
    });
    await models.models.activate(stored.id);
  };

  beforeEach(async () => {
    const spotify = new SpotifySideDouble();
    set = createMemoryBotServices(spotify, 10);
    spotify.link('u1');
    for (const id of ids) spotify.addTrack(id, `Song ${id.slice(-1)}`, 'Artist');
    spotify.liked.set('u1', ids);
    ({ layer } = await set.services.layers.create('u1', { name: 'Genres', mutual: true, complete: true }));
    await set.services.sublists.add('u1', 'Genres', 'Rock');
    await set.services.sublists.add('u1', 'Genres', 'Jazz');
    [rock, jazz] = (await set.stores.sublists.listFor(layer.id)) as [Sublist, Sublist];
    await set.library.tracks.upsertMetadata(ids.map((id) => spotify.tracks.get(id)!));
    await set.library.entries.add(
      'u1',
      'liked',
      ids.map((trackId) => ({ trackId, addedAt: null })),
    );
    guess.placement = [rock.id];
    guess.strongestFeatures = [];
    const work: ModelWork = {
      backend: () => 'none',
      run: async (_userId, task: ModelTask) => {
        if (task.kind !== 'explain') throw new Error('only explanations run here');
        return guess as never;
      },
    };
    models = new MemoryModels(set.stores);
    service = createMemoryModelService(set, work, models);
  });

  it('a song the last sort left waiting: the model’s confidence, the layer’s target, and that it waits', async () => {
    await storeModel(true);
    await set.stores.waiting.record(layer.id, {
      replace: false,
      add: [{ trackId: ids[0]!, guess: [rock.id], confidence: 0.62 }],
      remove: [],
    });
    const waiting = await service.explain('u1', layer, ids[0]!);
    expect(waiting).toMatchObject({
      sublistNames: ['Rock'],
      confidence: 0.62,
      calibrated: true,
      precisionTarget: 0.8,
      waiting: true,
    });
    expect(waiting.answeredNames).toBeUndefined();
    const placed = await service.explain('u1', layer, ids[1]!);
    expect(placed).toMatchObject({ calibrated: true, waiting: false });
  });

  it('a song the user answered: their answer, which sorts follow whatever the model guesses', async () => {
    await storeModel(true);
    await set.stores.labels.put(layer.id, ids[2]!, [jazz.id], 'session');
    const answered = await service.explain('u1', layer, ids[2]!);
    expect(answered).toMatchObject({ sublistNames: ['Rock'], answeredNames: ['Jazz'], waiting: false });
  });

  it('a model trained on too few answers to calibrate: its confidence is no probability', async () => {
    await storeModel(false);
    expect(await service.explain('u1', layer, ids[3]!)).toMatchObject({ calibrated: false });
  });

  it('a song that waits in a non-mutual layer: how sure the model is of each sublist, not their mean', async () => {
    const { layer: moods } = await set.services.layers.create('u1', {
      name: 'Moods',
      mutual: false,
      complete: false,
    });
    await set.services.sublists.add('u1', 'Moods', 'Calm');
    await set.services.sublists.add('u1', 'Moods', 'Loud');
    const [calm, loud] = (await set.stores.sublists.listFor(moods.id)) as [Sublist, Sublist];
    await storeModel(true, { layerId: moods.id, sublistIds: [calm.id, loud.id] });
    // Mean 0.5: neither figure is it.
    Object.assign(guess, {
      placement: [calm.id, loud.id],
      confidence: 0.5,
      memberships: { [calm.id]: 0.6, [loud.id]: 0.4 },
    });
    await set.stores.waiting.record(moods.id, {
      replace: false,
      add: [{ trackId: ids[4]!, guess: [calm.id, loud.id], confidence: 0.5 }],
      remove: [],
    });
    const explanation = await service.explain('u1', moods, ids[4]!);
    expect(explanation).toMatchObject({
      waiting: true,
      sublistConfidences: [
        { sublistName: 'Calm', confidence: 0.6 },
        { sublistName: 'Loud', confidence: 0.4 },
      ],
    });
    expect(whyView('Moods', explanation).embeds[0]?.description).toBe(
      "Layer Moods · The model is 60% sure of **Calm**, 40% sure of **Loud**, each below this layer's target of 80%: the song waits for your answer (`/label` asks about it first).",
    );
  });
  it('names a playlist feature by the user’s name for the playlist, never by its Spotify id', async () => {
    await storeModel(true);
    const named = '3cEYpjA9oz9GiPac4AsH4n';
    const unnamed = '37i9dQZF1DXcBWIGoYBM5M';
    await set.library.playlists.save('u1', {
      playlistId: named,
      name: 'Night drive',
      ownerId: 'u1-spotify',
      collaborative: false,
      snapshotId: 'snap-1',
      itemTotal: 1,
      unsortableItems: 0,
      syncedAt: null,
    });
    for (const source of [named, unnamed])
      await set.library.entries.add('u1', source, [{ trackId: ids[4]!, addedAt: null }]);
    guess.strongestFeatures = [
      { feature: `in playlist ${named}`, influence: 0.15 },
      { feature: `in playlist ${unnamed}`, influence: 0.05 },
      { feature: 'released 2016', influence: -0.07 },
    ];
    const explained = await service.explain('u1', layer, ids[4]!);
    expect(explained.features).toEqual([
      { name: 'in your playlist “Night drive”', weight: 0.15 },
      { name: 'in another of your playlists', weight: 0.05 },
      { name: 'released 2016', weight: -0.07 },
    ]);
  });
});
