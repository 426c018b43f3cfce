import { MemoryAccounts } from './memory-accounts.js';
import { MemoryLibrary } from './memory-library.js';
import { MemoryModels } from './memory-models.js';
import { MemoryRuns } from './memory-runs.js';
import { MemoryStores } from './memory-stores.js';

/**
 * The in-memory stores under the repositories' names (unit tier only), each held to its repository
 * by test/contracts: what the sorting services work on (src/composition/sorting.ts's SortingStores).
 * `now`: the clock of the sort-run journal, as createRepositories takes it.
 */
export const createMemoryRepositories = (now?: () => Date) => {
  const stores = new MemoryStores();
  const accounts = new MemoryAccounts(stores);
  const library = new MemoryLibrary(stores, (userId) => accounts.spotifyUserOf(userId));
  const journal = new MemoryRuns(stores, now);
  const models = new MemoryModels(stores);
  return {
    users: stores.users,
    accounts: accounts.accounts,
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
