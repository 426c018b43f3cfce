import { afterAll, beforeAll } from 'vitest';
import { createRepositories, type Repositories } from '../../src/composition/repositories.js';
import type { Database } from '../../src/db/database.js';
import { openTestDatabase } from './test-database.js';

/**
 * A fresh test database (openTestDatabase) and its repositories for the tests of the describe
 * block that calls this: opened before them, closed after. Read its fields inside the tests.
 */
export const useTestRepositories = (): {
  readonly database: Database;
  readonly repositories: Repositories;
} => {
  const opened = {} as { database: Database; repositories: Repositories };
  beforeAll(async () => {
    opened.database = await openTestDatabase();
    opened.repositories = createRepositories(opened.database);
  });
  afterAll(async () => {
    await opened.database?.close();
  });
  return opened;
};
