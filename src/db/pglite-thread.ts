import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { ProtocolQueue, type DatabaseHolds } from './pglite-protocol-queue.js';

/** Messages between the embedded database's thread and the process that started it. */
export type PgliteThreadRequest =
  { type: 'dump'; id: number } | { type: 'holds'; id: number; reset: boolean } | { type: 'close' };
export type PgliteThreadReply =
  | { type: 'listening'; address: string }
  | { type: 'failed'; message: string }
  | { type: 'dump'; id: number; data: Blob }
  | { type: 'holds'; id: number; holds: DatabaseHolds }
  | { type: 'closed' };

export interface PgliteThreadData {
  /** Absolute data folder; undefined keeps the database in memory. */
  directory: string | undefined;
  template: Blob | undefined;
}

/**
 * The embedded database's own thread: PGlite runs every query synchronously in WebAssembly, so
 * here a 28k-row read or a bulk write blocks this thread, never the bot's event loop (issue 22).
 */
const port = parentPort;
if (!port) throw new Error('pglite-thread runs only as a worker thread');
const reply = (message: PgliteThreadReply) => port.postMessage(message);
const { directory, template } = workerData as PgliteThreadData;

/**
 * PostgreSQL's defaults suit a server with memory to spare; PGlite keeps its shared buffers in its
 * WebAssembly memory (which never shrinks) and, in memory, its write-ahead log as in-memory files:
 * 128 MB of buffers made 189 MB of WebAssembly memory, and up to 1 GB of log piled up before a
 * checkpoint. Small buffers and an early checkpoint keep both bounded (the files stay in the
 * operating system's cache on disk, or are in memory already).
 */
const startParams = [
  ...PGlite.defaultStartParams,
  ...['shared_buffers=32MB', 'min_wal_size=32MB', 'max_wal_size=64MB'].flatMap((setting) => ['-c', setting]),
];

let db: PGlite | undefined;
try {
  db =
    directory === undefined
      ? await PGlite.create({ startParams, ...(template ? { loadDataDir: template } : {}) })
      : await PGlite.create(directory, { startParams });
  await db.query('select 1');
} catch (error) {
  await db?.close().catch(() => undefined);
  reply({ type: 'failed', message: (error as Error).message ?? String(error) });
  port.close();
}
if (db) {
  const database = db;
  const server = new PGLiteSocketServer({ db: database, host: '127.0.0.1', port: 0, maxConnections: 100 });
  // The server's own multiplexer interleaves connections' extended-query messages; see ProtocolQueue.
  const queue = new ProtocolQueue(database);
  (server as unknown as { queryQueue: ProtocolQueue }).queryQueue = queue;
  await server.start();
  reply({ type: 'listening', address: server.getServerConn() });
  port.on('message', (request: PgliteThreadRequest) => {
    if (request.type === 'dump') {
      void database.dumpDataDir('none').then((data) => reply({ type: 'dump', id: request.id, data }));
      return;
    }
    if (request.type === 'holds') {
      reply({ type: 'holds', id: request.id, holds: queue.holds(request.reset) });
      return;
    }
    void (async () => {
      await server.stop();
      await database.close();
      reply({ type: 'closed' });
      port.close();
    })();
  });
}
