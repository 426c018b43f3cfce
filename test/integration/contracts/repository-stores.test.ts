import { afterAll, beforeAll, describe } from 'vitest';
import { createRepositories, type Repositories } from '../../../src/composition/repositories.js';
import type { Database } from '../../../src/db/database.js';
import { MotherlistTracksRepository } from '../../../src/db/repositories/motherlist-tracks.repository.js';
import { createRunLocks, type RunLocks } from '../../../src/db/run-lock.js';
import { libraryStoresContract } from '../../contracts/library-stores.contract.js';
import { storeContracts } from '../../contracts/store-contracts.js';
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

  storeContracts(
    () => repositories,
    () => locks,
  );
});

/** The library's reads in pages of two tracks: the same answers as in one page. */
describe('the repositories reading the library in pages', () => {
  let database: Database;
  let repositories: Repositories;
  beforeAll(async () => {
    database = await openTestDatabase();
    repositories = {
      ...createRepositories(database),
      motherlist: new MotherlistTracksRepository(database.dataSource, { pageSize: 2 }),
    };
  });
  afterAll(async () => {
    await database?.close();
  });

  libraryStoresContract(() => repositories);
});
