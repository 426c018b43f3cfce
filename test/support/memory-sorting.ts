import {
  createSortingServicesOn,
  type SortingServices,
  type SortingServicesOptions,
} from '../../src/composition/sorting.js';
import { MemoryLibrary } from './memory-library.js';
import { MemoryModels } from './memory-models.js';
import { MemoryRunLocks } from './memory-run-locks.js';
import { MemoryRuns } from './memory-runs.js';
import { MemoryStores } from './memory-stores.js';

/**
 * The in-memory stores under the repositories' names (unit tier only), each held to its repository
 * by test/contracts. `now`: the clock of the sort-run journal, as createRepositories takes it.
 */
export const createMemoryRepositories = (now?: () => Date) => {
  const stores = new MemoryStores();
  const library = new MemoryLibrary(stores);
  const journal = new MemoryRuns(stores, now);
  const models = new MemoryModels(stores);
  return {
    users: stores.users,
    settings: stores.settings,
    layers: stores.layers,
    sublists: stores.sublists,
    labels: stores.labels,
    labelSessions: stores.labelSessions,
    states: stores.states,
    waiting: stores.waiting,
    handEdits: stores.handEdits,
    tracks: library.tracks,
    entries: library.entries,
    playlists: library.playlists,
    motherlist: library.motherlist,
    contents: library.contents,
    enrichment: library.enrichment,
    runs: journal.runs,
    steps: journal.steps,
    intake: journal.intake,
    models: models.models,
  };
};

export type MemoryRepositories = ReturnType<typeof createMemoryRepositories>;

export type MemorySortingServices = SortingServices<MemoryRepositories, MemoryRunLocks>;

/** The sorting services as the composition builds them, on in-memory stores and run locks (unit tier). */
export const createMemorySortingServices = (options: SortingServicesOptions): MemorySortingServices =>
  createSortingServicesOn(createMemoryRepositories(options.now), new MemoryRunLocks(), options);
