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
import { MemoryRunLocks } from '../../support/memory-run-locks.js';
import { createMemoryRepositories } from '../../support/memory-repositories.js';

/**
 * The in-memory fakes the unit tier's service tests run on, under the repositories' names as the
 * services get them, held to the same contracts as the repositories.
 */
describe('the in-memory stores', () => {
  const repositories = createMemoryRepositories();
  layerStoresContract(() => repositories);
  userStoresContract(() => repositories);
  labelSessionStoreContract(() => repositories);
  oauthStateStoreContract(() => repositories.states);
  waitingStoreContract(() => repositories);
  handEditStoreContract(() => repositories);
  sortRunStoreContract(() => repositories);
  libraryStoresContract(() => repositories);
  enrichmentStoreContract(() => repositories);
  spotifyLinkStoreContract(() => repositories);
  linkNoticeStoreContract(() => repositories);
  modelStoreContract(() => repositories);
  const locks = new MemoryRunLocks();
  runLockContract(() => locks);
});
