import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../src/db/database.js';
import { openTestDatabase } from '../../support/test-database.js';

describe('the database under concurrent use', () => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(async () => {
    await database.close();
  });

  it('answers many parameterised queries and transactions at once from several connections', async () => {
    const work = Array.from({ length: 200 }, async (_, index) => {
      if (index % 4 === 0) {
        return database.dataSource.transaction(async (manager) => {
          await manager.query('insert into users (id) values ($1)', [`user-${index}`]);
          const rows: { id: string }[] = await manager.query('select id from users where id = $1', [
            `user-${index}`,
          ]);
          return rows[0]?.id;
        });
      }
      // Different parameter counts, so that interleaved Parse/Bind messages of two connections would clash.
      const parameters = [String(index), ...Array.from({ length: index % 3 }, (__, n) => `value ${n}`)];
      const columns = parameters.map((_p, n) => `$${n + 1}::text as c${n}`).join(', ');
      const rows: Record<string, string>[] = await database.dataSource.query(`select ${columns}`, parameters);
      return Object.values(rows[0] ?? {}).join('/');
    });
    const results = await Promise.all(work);
    results.forEach((result, index) =>
      expect(result).toBe(
        index % 4 === 0
          ? `user-${index}`
          : [String(index), ...Array.from({ length: index % 3 }, (__, n) => `value ${n}`)].join('/'),
      ),
    );
  });
});
