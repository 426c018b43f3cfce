import { describe } from 'vitest';
import { enrichmentStoreContract } from '../../contracts/enrichment-store.contract.js';
import { handEditStoreContract } from '../../contracts/hand-edit-store.contract.js';
import { labelSessionStoreContract } from '../../contracts/label-session-store.contract.js';
import { linkNoticeStoreContract } from '../../contracts/link-notice-store.contract.js';
import { layerStoresContract } from '../../contracts/layer-stores.contract.js';
import { libraryStoresContract } from '../../contracts/library-stores.contract.js';
import { modelStoreContract } from '../../contracts/model-store.contract.js';
import { oauthStateStoreContract } from '../../contracts/oauth-state-store.contract.js';
import { spotifyLinkStoreContract } from '../../contracts/spotify-link-store.contract.js';
import { runLockContract } from '../../contracts/run-lock.contract.js';
import { sortRunStoreContract } from '../../contracts/sort-run-store.contract.js';
import { userStoresContract } from '../../contracts/user-stores.contract.js';
import { waitingStoreContract } from '../../contracts/waiting-store.contract.js';
import { MemoryAccounts } from '../../support/memory-accounts.js';
import { MemoryLibrary } from '../../support/memory-library.js';
import { MemoryModels } from '../../support/memory-models.js';
import { MemoryRunLocks } from '../../support/memory-run-locks.js';
import { MemoryRuns } from '../../support/memory-runs.js';
import { MemoryStores } from '../../support/memory-stores.js';

/** The in-memory fakes the unit tier's service tests run on, held to the same contracts as the repositories. */
describe('the in-memory stores', () => {
  const stores = new MemoryStores();
  layerStoresContract(() => stores);
  userStoresContract(() => stores);
  labelSessionStoreContract(() => stores);
  oauthStateStoreContract(() => stores.states);
  waitingStoreContract(() => stores);
  handEditStoreContract(() => stores);
  const journal = new MemoryRuns(stores);
  sortRunStoreContract(() => ({
    ...stores,
    runs: journal.runs,
    steps: journal.steps,
    intake: journal.intake,
  }));
  const library = new MemoryLibrary(stores);
  libraryStoresContract(() => ({ ...library, users: stores.users }));
  enrichmentStoreContract(() => ({ ...library, users: stores.users }));
  const accounts = new MemoryAccounts(stores);
  spotifyLinkStoreContract(() => ({ ...stores, accounts: accounts.accounts }));
  linkNoticeStoreContract(() => ({ ...stores, accounts: accounts.accounts }));
  const models = new MemoryModels(stores);
  modelStoreContract(() => ({ ...stores, models: models.models }));
  const locks = new MemoryRunLocks();
  runLockContract(() => locks);
});
