import { afterAll, beforeAll, describe } from 'vitest';
import { createDiscordSide, type DiscordSide } from '../../../src/bot/start-bot.js';
import { createRepositories } from '../../../src/composition/repositories.js';
import type { Database } from '../../../src/db/database.js';
import { notifierContract, type NotifierWorld } from '../../contracts/notifier.contract.js';
import { startFakeDiscord, type FakeDiscord, type FakeUser } from '../../fakes/discord/index.js';
import { quietLogger } from '../../support/bot/bot-harness.js';
import { openTestDatabase } from '../../support/test-database.js';

/** The Discord notifier against the fake Discord (a worker's client), under the in-memory notifier's contract. */
describe('the Discord notifier', () => {
  let fake: FakeDiscord;
  let database: Database;
  let side: DiscordSide;
  let world: NotifierWorld;
  beforeAll(async () => {
    // Members of the bot's server (each test takes the next one).
    fake = await startFakeDiscord({ waitTimeoutMs: 20_000, users: ['user1', 'user2', 'user3', 'user4'] });
    database = await openTestDatabase();
    const { users } = createRepositories(database);
    side = createDiscordSide({
      token: fake.token,
      apiUrl: fake.apiUrl,
      logger: quietLogger,
      dmStatus: users,
    });
    const known = new Map<string, FakeUser>();
    let made = 0;
    world = {
      notifier: side.notifier,
      users,
      newUser: async () => {
        const user = fake.user(`user${++made}`);
        known.set(user.id, user);
        return user.id;
      },
      closeDms: (userId) => fake.setDmsClosed(known.get(userId)!),
      received: async (userId) => fake.dms(userId).length,
    };
  });
  afterAll(async () => {
    fake?.assertNoViolations();
    await side?.client.destroy();
    await fake?.close();
    await database?.close();
  });

  notifierContract(() => world);
});
