import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/** tsx's ESM register API (its `import` export; the CommonJS one cannot load ESM entries here). */
const tsxEsmApi = (): URL => {
  const require = createRequire(import.meta.url);
  const manifest = require('tsx/package.json') as {
    exports: Record<string, { import: { default: string } }>;
  };
  const api = manifest.exports['./esm/api']?.import.default ?? './dist/esm/api/index.mjs';
  return pathToFileURL(path.join(path.dirname(require.resolve('tsx/package.json')), api));
};

/** The module `name` (without extension) next to `importMetaUrl`, as source (.ts under tsx or vitest) or built (.js). */
export const siblingModule = (importMetaUrl: string, name: string): URL =>
  new URL(`./${name}.${importMetaUrl.endsWith('.ts') ? 'ts' : 'js'}`, importMetaUrl);

/** A worker thread running the ES module `entry`, which may be TypeScript when we run from source. */
export const startWorker = (entry: URL, options: WorkerOptions = {}): Worker => {
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry, options);
  // `--import tsx` in a worker's execArgv does not apply to its own entry on Node 20, and vitest
  // has no tsx at all, so the thread registers tsx's ESM loader first and then imports the entry.
  const shim = `import(${JSON.stringify(tsxEsmApi().href)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(shim, { ...options, eval: true });
};

/** What a thread holds (bytes): its JavaScript heap, and outside it (buffers, WebAssembly memory). */
export interface ThreadMemory {
  heap: number;
  /** Of `heap`, what objects occupy (live or not yet collected); the rest is room V8 took ahead. */
  heapUsed: number;
  external: number;
}

/** A thread that has not answered within this is left out of a reading (it may be in a long system call). */
const THREAD_MEMORY_TIMEOUT_MS = 1_000;

/**
 * What `worker` holds, read by an interrupt on its own thread: it answers in about a millisecond
 * even while the thread runs a long synchronous task (a training, a query), and costs the caller
 * no work. Undefined when the thread is gone or did not answer in time.
 */
export const threadMemoryOf = async (worker: Worker): Promise<ThreadMemory | undefined> => {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), THREAD_MEMORY_TIMEOUT_MS);
  });
  try {
    const statistics = await Promise.race([worker.getHeapStatistics(), timeout]);
    return (
      statistics && {
        heap: statistics.total_heap_size,
        heapUsed: statistics.used_heap_size,
        external: statistics.external_memory,
      }
    );
  } catch {
    return undefined;
  } finally {
    clearTimeout(timer);
  }
};
