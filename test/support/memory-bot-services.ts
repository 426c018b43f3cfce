import { createBotServices, type BotServiceSet } from '../../src/composition/bot-services.js';
import { LayerModelService } from '../../src/services/model/layer-model.service.js';
import type { ModelWork } from '../../src/services/ports/model-work.ports.js';
import type { SpotifySideDouble } from './bot/spotify-side-double.js';
import { MemoryLibrary } from './memory-library.js';
import { MemoryModels } from './memory-models.js';
import { MemoryRuns } from './memory-runs.js';
import { MemoryStores } from './memory-stores.js';

export type MemoryBotServiceSet = BotServiceSet & {
  stores: MemoryStores;
  library: MemoryLibrary;
  /** The sort-run journal the services read (a test journals runs in it). */
  runs: MemoryRuns;
};

/**
 * The bot's services as the composition builds them, on in-memory stores (unit tier): the same
 * services, with the repositories swapped for the fakes that test/contracts holds to them.
 */
export const createMemoryBotServices = (
  spotify: SpotifySideDouble,
  defaultSyncIntervalMinutes: number,
): MemoryBotServiceSet => {
  const stores = new MemoryStores();
  const library = new MemoryLibrary(stores);
  const runs = new MemoryRuns(stores);
  const set = createBotServices(
    {
      ...stores,
      contents: {
        ...library.contents,
        // The double is the Spotify side here: its playlists are what the user's library lists.
        listedPlaylists: async (userId, playlistIds) =>
          new Set(playlistIds.filter((id) => spotify.playlists.get(id)?.owner === userId)),
      },
      // Read only for /status's sync plan, which needs the Spotify budget; no unit test gives one.
      schedule: { syncLoad: () => Promise.reject(new Error('no sync schedule in the unit tier')) },
      budget: { learned: () => Promise.reject(new Error('no Spotify budget in the unit tier')) },
      runs: runs.runs,
      steps: runs.steps,
    },
    spotify.ports(),
    { defaultSyncIntervalMinutes },
  );
  return { ...set, stores, library, runs };
};

/** The model service on a set's in-memory stores, its model threads' work stood in by `work`. */
export const createMemoryModelService = (
  set: MemoryBotServiceSet,
  work: ModelWork,
  models: MemoryModels = new MemoryModels(set.stores),
): LayerModelService =>
  new LayerModelService({
    layers: set.stores.layers,
    sublists: set.stores.sublists,
    labels: set.stores.labels,
    handEdits: set.stores.handEdits,
    waiting: set.stores.waiting,
    library: set.library.motherlist,
    models: models.models,
    work,
  });
