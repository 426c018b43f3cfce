import { describe } from 'vitest';
import { storeContracts } from '../../contracts/store-contracts.js';
import { MemoryRunLocks } from '../../support/memory-run-locks.js';
import { createMemoryRepositories } from '../../support/memory-repositories.js';

/**
 * The in-memory fakes the unit tier's service tests run on, under the repositories' names as the
 * services get them, held to the same contracts as the repositories.
 */
describe('the in-memory stores', () => {
  const repositories = createMemoryRepositories();
  const locks = new MemoryRunLocks();
  storeContracts(
    () => repositories,
    () => locks,
  );
});
