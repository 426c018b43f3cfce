import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { siblingModule, startWorker, threadMemoryOf, type ThreadMemory } from '../core/worker-thread.js';
import type { Logger } from '../logger.js';
import type { DatabaseHolds } from './pglite-protocol-queue.js';
import type { PgliteThreadData, PgliteThreadReply, PgliteThreadRequest } from './pglite-thread.js';
import { ensurePrivateFolder, restrictToOwner } from './private-folder.js';

export class EmbeddedDatabaseError extends Error {
  override name = 'EmbeddedDatabaseError';
}

export interface EmbeddedDatabase {
  /** A postgres:// URL that the `pg` driver, TypeORM and pg-boss use unchanged. */
  url: string;
  /** The whole data directory as a tarball, to start other in-memory databases from it. */
  dumpDataDir(): Promise<Blob>;
  /** What the database's thread holds now, read even while it runs a query (for /metrics). */
  threadMemory(): Promise<ThreadMemory | undefined>;
  /**
   * The longest statements and transactions, during which every other connection waited (for
   * benchmarks and tests); `reset` starts a new count.
   */
  holds(options?: { reset?: boolean }): Promise<DatabaseHolds>;
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
  let thread: Worker;
  let address: string;
  try {
    ({ thread, address } = await startPgliteThread({
      directory: directory === undefined ? undefined : resolve(directory),
      template,
    }));
    if (directory !== undefined) restrictToOwner(resolve(directory));
  } catch (error) {
    if (lockFile) rmSync(lockFile, { force: true });
    throw new EmbeddedDatabaseError(
      `The embedded database in ${directory} could not be opened (${(error as Error).message ?? error}); its files were left untouched. Restore a backup or point DATA_DIR elsewhere.`,
    );
  }
  const ask = <T extends PgliteThreadReply['type']>(
    request: PgliteThreadRequest,
    answer: T,
  ): Promise<Extract<PgliteThreadReply, { type: T }>> =>
    new Promise((resolveReply, reject) => {
      const onMessage = (message: PgliteThreadReply) => {
        if (message.type !== answer || ('id' in request && 'id' in message && message.id !== request.id))
          return;
        thread.off('message', onMessage);
        thread.off('exit', onExit);
        resolveReply(message as Extract<PgliteThreadReply, { type: T }>);
      };
      const onExit = (code: number) => {
        thread.off('message', onMessage);
        reject(new EmbeddedDatabaseError(`the embedded database's thread ended (exit code ${code})`));
      };
      thread.on('message', onMessage);
      thread.once('exit', onExit);
      thread.postMessage(request);
    });
  let requests = 0;
  let closing: Promise<void> | undefined;
  return {
    url: `postgres://postgres:postgres@${address}/postgres?sslmode=disable`,
    dumpDataDir: async () => (await ask({ type: 'dump', id: ++requests }, 'dump')).data,
    threadMemory: () => threadMemoryOf(thread),
    holds: async ({ reset = false } = {}) =>
      (await ask({ type: 'holds', id: ++requests, reset }, 'holds')).holds,
    close: () =>
      (closing ??= (async () => {
        await ask({ type: 'close' }, 'closed').catch(() => undefined);
        await thread.terminate();
        // Files PGlite made while running (new tables, WAL segments) get the same treatment.
        if (directory !== undefined) restrictToOwner(resolve(directory));
        if (lockFile) rmSync(lockFile, { force: true });
      })()),
  };
};

/**
 * The young generation of the database thread's heap. V8 sized it for a busy worker at up to
 * ~180 MB of heap while a 28k-track library was trained and sorted (bench:responsiveness); the
 * thread only moves protocol bytes, and the model threads hold the same lever at 16 MB.
 */
const YOUNG_GENERATION_MB = 16;

/**
 * Starts PGlite and its loopback server in a thread of their own: PGlite runs each query
 * synchronously in WebAssembly, which on the bot's thread held every button press behind the
 * biggest query of the moment (a 28k-track library read, a bulk write).
 */
const startPgliteThread = (data: PgliteThreadData): Promise<{ thread: Worker; address: string }> =>
  new Promise((resolveStart, reject) => {
    const thread = startWorker(siblingModule(import.meta.url, 'pglite-thread'), {
      workerData: data,
      resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
    });
    const fail = (error: Error) => {
      void thread.terminate();
      reject(error);
    };
    thread.once('message', (message: PgliteThreadReply) => {
      thread.off('exit', onExit);
      thread.off('error', fail);
      if (message.type === 'listening') resolveStart({ thread, address: message.address });
      else fail(new Error(message.type === 'failed' ? message.message : `unexpected ${message.type}`));
    });
    const onExit = (code: number) => reject(new Error(`its thread ended (exit code ${code})`));
    thread.once('error', fail);
    thread.once('exit', onExit);
  });
