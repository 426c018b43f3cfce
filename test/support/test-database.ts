import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { inject } from 'vitest';
import { openDatabase, type Database } from '../../src/db/database.js';

/** The PostgreSQL server the suite runs on when TEST_DATABASE_URL is set; PGlite otherwise. */
export const testDatabaseUrl = (): string | undefined => process.env.TEST_DATABASE_URL || undefined;

const withAdmin = async (adminUrl: string, sql: string): Promise<void> => {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
};

/** A fresh, migrated database for one test file: in-memory PGlite, or a new database on TEST_DATABASE_URL. */
export const openTestDatabase = async (): Promise<Database> => {
  const adminUrl = testDatabaseUrl();
  if (!adminUrl) {
    const templatePath = inject('embeddedTemplatePath');
    return openDatabase({
      databaseUrl: undefined,
      embeddedDirectory: undefined,
      embeddedTemplate: templatePath ? new Blob([readFileSync(templatePath)]) : undefined,
    });
  }
  const name = `motherlist_test_${randomUUID().replaceAll('-', '')}`;
  await withAdmin(adminUrl, `create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString(), embeddedDirectory: undefined });
  return {
    ...database,
    close: async () => {
      await database.close();
      await withAdmin(adminUrl, `drop database if exists ${name} with (force)`);
    },
  };
};
