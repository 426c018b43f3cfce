import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../src/db/database.js';
import { migrations } from '../../../src/db/migrations/index.js';
import { pendingSchemaChanges } from '../../../src/db/schema-diff.js';
import { openTestDatabase, testDatabaseUrl } from '../../support/test-database.js';

const userTables = async (database: Database): Promise<string[]> => {
  const rows: { table_name: string }[] = await database.dataSource.query(
    `select table_name from information_schema.tables where table_schema = 'public' and table_name <> 'migrations' order by 1`,
  );
  return rows.map((row) => row.table_name);
};

describe(`migrations on ${testDatabaseUrl() ? 'PostgreSQL' : 'embedded PGlite'}`, () => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(async () => {
    await database.close();
  });

  it('creates every table of the data model', async () => {
    expect(await userTables(database)).toEqual(
      expect.arrayContaining([
        'enrichment_cache',
        'hand_edits',
        'label_sessions',
        'labels',
        'layers',
        'library_entries',
        'models',
        'oauth_states',
        'sort_runs',
        'sort_steps',
        'spotify_accounts',
        'sublists',
        'tracks',
        'user_playlists',
        'user_settings',
        'users',
      ]),
    );
  });

  it('agrees with the entities: a generated migration would be empty', async () => {
    expect(await pendingSchemaChanges(database.dataSource)).toEqual({ up: [], down: [] });
  });

  it('goes down to an empty schema and up again', async () => {
    const tables = await userTables(database);
    for (let i = 0; i < migrations.length; i++) await database.dataSource.undoLastMigration();
    expect(await userTables(database)).toEqual([]);
    await database.dataSource.runMigrations();
    expect(await userTables(database)).toEqual(tables);
    expect(await pendingSchemaChanges(database.dataSource)).toEqual({ up: [], down: [] });
  });

  it('never turns synchronize on', () => {
    expect(database.dataSource.options.synchronize).toBe(false);
  });
});
