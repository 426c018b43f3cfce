import { describe } from 'vitest';
import { notifierContract } from '../../contracts/notifier.contract.js';
import { MemoryNotifier } from '../../support/memory-notifier.js';
import { MemoryStores } from '../../support/memory-stores.js';

/** The unit tier's in-memory notifier, held to the same contract as the Discord notifier. */
describe('the in-memory notifier', () => {
  const stores = new MemoryStores();
  const notifier = new MemoryNotifier(stores.users);
  let made = 0;
  notifierContract(() => ({
    notifier,
    users: stores.users,
    newUser: async () => `user-${++made}`,
    closeDms: (userId) => notifier.closed.add(userId),
    received: async (userId) => notifier.to(userId).length,
  }));
});
