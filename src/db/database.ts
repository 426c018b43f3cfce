import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import type { Logger } from '../logger.js';
import { createDataSource } from './data-source.js';
import { startEmbeddedDatabase, type EmbeddedDatabase } from './embedded-database.js';

export class DatabaseUnreachableError extends Error {
  override name = 'DatabaseUnreachableError';
}

export interface Database {
  dataSource: DataSource;
  /** `postgres` or `embedded`, for logs and /status. */
  kind: 'postgres' | 'embedded';
  /** The URL pg-boss and other pg clients connect to (the embedded server's loopback URL in embedded mode). */
  url: string;
  /** Present in embedded mode. */
  embedded: EmbeddedDatabase | undefined;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** PostgreSQL URL; undefined for the embedded database. */
  databaseUrl: string | undefined;
  /** Where the embedded database keeps its files; undefined keeps it in memory (tests). */
  embeddedDirectory: string | undefined;
  /** In-memory embedded databases only: start from this dumped data directory (tests). */
  embeddedTemplate?: Blob;
  /** Warnings about the embedded database's folder. */
  logger?: Pick<Logger, 'warn'>;
}

export const embeddedDirectoryOf = (dataDir: string): string => join(dataDir, 'pgdata');

const hostOf = (url: string): string => {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || '5432'}`;
  } catch {
    return 'the configured host';
  }
};

/** Opens the database, runs pending migrations and returns it ready for repositories. */
export const openDatabase = async (options: DatabaseOptions): Promise<Database> => {
  let embedded: EmbeddedDatabase | undefined;
  const url =
    options.databaseUrl ??
    (embedded = await startEmbeddedDatabase(options.embeddedDirectory, {
      template: options.embeddedTemplate,
      ...(options.logger ? { logger: options.logger } : {}),
    })).url;
  const dataSource = createDataSource(url);
  try {
    await dataSource.initialize();
  } catch (error) {
    await embedded?.close();
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new DatabaseUnreachableError(
      `Cannot reach PostgreSQL at ${hostOf(url)} (${code}); check DATABASE_URL and that the server is running.`,
    );
  }
  try {
    await dataSource.runMigrations({ transaction: 'each' });
  } catch (error) {
    await dataSource.destroy();
    await embedded?.close();
    throw error;
  }
  let closing: Promise<void> | undefined;
  return {
    dataSource,
    kind: embedded ? 'embedded' : 'postgres',
    url,
    embedded,
    close: () =>
      (closing ??= (async () => {
        if (dataSource.isInitialized) await dataSource.destroy();
        await embedded?.close();
      })()),
  };
};

export const isDatabaseHealthy = async (dataSource: DataSource): Promise<boolean> => {
  try {
    await dataSource.query('select 1');
    return true;
  } catch {
    return false;
  }
};
