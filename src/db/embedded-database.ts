import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import type { Logger } from '../logger.js';
import { ProtocolQueue } from './pglite-protocol-queue.js';
import { ensurePrivateFolder, restrictToOwner } from './private-folder.js';

export class EmbeddedDatabaseError extends Error {
  override name = 'EmbeddedDatabaseError';
}

export interface EmbeddedDatabase {
  /** A postgres:// URL that the `pg` driver, TypeORM and pg-boss use unchanged. */
  url: string;
  /** The whole data directory as a tarball, to start other in-memory databases from it. */
  dumpDataDir(): Promise<Blob>;
  close(): Promise<void>;
}

export interface EmbeddedDatabaseOptions {
  /** A tarball from dumpDataDir() to start from instead of an empty cluster (in-memory only). */
  template?: Blob;
  /** Told when the data folder is open to other users. */
  logger?: Pick<Logger, 'warn'>;
}

const isProcessAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** One process at a time: PGlite is single-writer and two processes would corrupt the files. */
const takeLock = (lockFile: string): void => {
  if (existsSync(lockFile)) {
    const pid = Number(readFileSync(lockFile, 'utf8').trim());
    if (Number.isInteger(pid) && pid !== process.pid && isProcessAlive(pid)) {
      throw new EmbeddedDatabaseError(
        `The embedded database in ${resolve(lockFile, '..')} is in use by process ${pid}. Stop that process or set DATA_DIR to another folder.`,
      );
    }
  }
  writeFileSync(lockFile, String(process.pid), { mode: 0o600 });
};

/**
 * Opens PGlite with its files in `directory` (in memory when undefined) and serves it on a
 * loopback port, so that the same driver and migrations as on PostgreSQL apply.
 */
export const startEmbeddedDatabase = async (
  directory: string | undefined,
  { template, logger }: EmbeddedDatabaseOptions = {},
): Promise<EmbeddedDatabase> => {
  let lockFile: string | undefined;
  if (directory !== undefined) {
    const dataDir = resolve(directory);
    const parent = ensurePrivateFolder(dirname(dataDir));
    if (!parent.private) {
      logger?.warn(
        { folder: dirname(dataDir), mode: parent.mode.toString(8) },
        `The data folder ${dirname(dataDir)} is open to other users (mode ${parent.mode.toString(8)}); it holds the database and the token key: run chmod 700 on it.`,
      );
    }
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const entries = readdirSync(dataDir);
    // PGlite would run initdb into a folder without PG_VERSION; never write over files we did not make.
    if (entries.length > 0 && !entries.includes('PG_VERSION')) {
      throw new EmbeddedDatabaseError(
        `The folder ${dataDir} is not an embedded Motherlist database (no PG_VERSION) and is not empty; nothing was changed. Point DATA_DIR elsewhere.`,
      );
    }
    lockFile = join(dataDir, '..', `${dataDir.split('/').pop() ?? 'pgdata'}.lock`);
    takeLock(lockFile);
  }
  let db: PGlite;
  try {
    db =
      directory === undefined
        ? await PGlite.create(template ? { loadDataDir: template } : {})
        : await PGlite.create(resolve(directory));
    await db.query('select 1');
    if (directory !== undefined) restrictToOwner(resolve(directory));
  } catch (error) {
    if (lockFile) rmSync(lockFile, { force: true });
    throw new EmbeddedDatabaseError(
      `The embedded database in ${directory} could not be opened (${(error as Error).message ?? error}); its files were left untouched. Restore a backup or point DATA_DIR elsewhere.`,
    );
  }
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 100 });
  // The server's own multiplexer interleaves connections' extended-query messages; see ProtocolQueue.
  (server as unknown as { queryQueue: ProtocolQueue }).queryQueue = new ProtocolQueue(db);
  await server.start();
  const address = server.getServerConn();
  return {
    url: `postgres://postgres:postgres@${address}/postgres?sslmode=disable`,
    dumpDataDir: () => db.dumpDataDir('none'),
    close: async () => {
      await server.stop();
      await db.close();
      // Files PGlite made while running (new tables, WAL segments) get the same treatment.
      if (directory !== undefined) restrictToOwner(resolve(directory));
      if (lockFile) rmSync(lockFile, { force: true });
    },
  };
};
