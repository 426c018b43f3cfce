import type { RunLockProvider } from '../../src/services/ports/sort-run.ports.js';
import { enrichmentStoreContract } from './enrichment-store.contract.js';
import { handEditStoreContract } from './hand-edit-store.contract.js';
import { labelSessionStoreContract } from './label-session-store.contract.js';
import { layerStoresContract } from './layer-stores.contract.js';
import { libraryStoresContract } from './library-stores.contract.js';
import { linkNoticeStoreContract } from './link-notice-store.contract.js';
import { modelStoreContract } from './model-store.contract.js';
import { oauthStateStoreContract } from './oauth-state-store.contract.js';
import { runLockContract } from './run-lock.contract.js';
import { sortRunStoreContract } from './sort-run-store.contract.js';
import { spotifyLinkStoreContract } from './spotify-link-store.contract.js';
import { userStoresContract } from './user-stores.contract.js';
import { waitingStoreContract } from './waiting-store.contract.js';

/** What a contract takes, from the function that runs it. */
type StoresOf<Contract> = Contract extends (stores: () => infer Stores) => void ? Stores : never;

/** Every store under the repositories' names (createRepositories, or the unit tier's createMemoryRepositories). */
export type ContractStores = StoresOf<typeof layerStoresContract> &
  StoresOf<typeof userStoresContract> &
  StoresOf<typeof labelSessionStoreContract> &
  StoresOf<typeof waitingStoreContract> &
  StoresOf<typeof handEditStoreContract> &
  StoresOf<typeof sortRunStoreContract> &
  StoresOf<typeof libraryStoresContract> &
  StoresOf<typeof enrichmentStoreContract> &
  StoresOf<typeof spotifyLinkStoreContract> &
  StoresOf<typeof linkNoticeStoreContract> &
  StoresOf<typeof modelStoreContract> & { states: StoresOf<typeof oauthStateStoreContract> };

/**
 * Every store contract and the run-lock contract, on one set of stores: the repositories and the
 * in-memory fakes run the very same list, so a contract cannot be added to one and not the other.
 */
export const storeContracts = (stores: () => ContractStores, locks: () => RunLockProvider): void => {
  layerStoresContract(stores);
  userStoresContract(stores);
  labelSessionStoreContract(stores);
  oauthStateStoreContract(() => stores().states);
  waitingStoreContract(stores);
  handEditStoreContract(stores);
  sortRunStoreContract(stores);
  libraryStoresContract(stores);
  enrichmentStoreContract(stores);
  spotifyLinkStoreContract(stores);
  linkNoticeStoreContract(stores);
  modelStoreContract(stores);
  runLockContract(locks);
};
