import { afterAll, beforeAll, describe } from 'vitest';
import { createRepositories, type Repositories } from '../../../src/composition/repositories.js';
import type { Database } from '../../../src/db/database.js';
import { createRunLocks, type RunLocks } from '../../../src/db/run-lock.js';
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
import { openTestDatabase } from '../../support/test-database.js';

/** The repositories under the same contracts as the unit tier's in-memory stores (PGlite, or TEST_DATABASE_URL). */
describe('the repositories', () => {
  let database: Database;
  let repositories: Repositories;
  let locks: RunLocks;
  beforeAll(async () => {
    database = await openTestDatabase();
    repositories = createRepositories(database);
    locks = createRunLocks(database.url);
  });
  afterAll(async () => {
    await locks?.close();
    await database?.close();
  });

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
  runLockContract(() => locks);
});
