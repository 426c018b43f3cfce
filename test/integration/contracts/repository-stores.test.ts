import { afterAll, beforeAll, describe } from 'vitest';
import { createRepositories, type Repositories } from '../../../src/composition/repositories.js';
import type { Database } from '../../../src/db/database.js';
import { createRunLocks, type RunLocks } from '../../../src/db/run-lock.js';
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
