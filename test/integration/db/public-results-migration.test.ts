import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../src/db/database.js';
import { PublicResultsPerServer1796716800000 } from '../../../src/db/migrations/1796716800000-PublicResultsPerServer.js';
import { openTestDatabase, testDatabaseUrl } from '../../support/test-database.js';

/**
 * Public results were one switch for every server, though turned on in one, and which one was not
 * stored: the move to one per server turns them off everywhere and marks who had them on.
 */
describe(`public results per server, on ${testDatabaseUrl() ? 'PostgreSQL' : 'embedded PGlite'}`, () => {
  let database: Database;
  const migration = new PublicResultsPerServer1796716800000();
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(async () => {
    await database.close();
  });

  it('are off in every server after the upgrade; whoever had them on is owed a notice; down keeps who has them on', async () => {
    const runner = database.dataSource.createQueryRunner();
    try {
      await migration.down(runner);
      for (const id of ['u-on', 'u-off', 'u-default'])
        await runner.query('insert into users (id) values ($1)', [id]);
      await runner.query(
        `insert into user_settings (user_id, public_results) values ('u-on', true), ('u-off', false)`,
      );

      await migration.up(runner);

      const rows: { user_id: string; servers: unknown; owed: boolean }[] = await runner.query(
        `select user_id, public_result_servers as servers, public_results_reset_at is not null as owed
         from user_settings order by user_id`,
      );
      expect(rows).toEqual([
        { user_id: 'u-off', servers: [], owed: false },
        { user_id: 'u-on', servers: [], owed: true },
      ]);

      await runner.query(
        `update user_settings set public_result_servers = '["server-a"]', public_results_reset_at = null
         where user_id = 'u-off'`,
      );
      await migration.down(runner);
      const down: { user_id: string; public_results: boolean }[] = await runner.query(
        'select user_id, public_results from user_settings order by user_id',
      );
      expect(down).toEqual([
        { user_id: 'u-off', public_results: true },
        { user_id: 'u-on', public_results: true },
      ]);
      await migration.up(runner);
    } finally {
      await runner.release();
    }
  });
});
