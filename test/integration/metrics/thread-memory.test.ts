import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { measureThreads } from '../../../src/composition/metrics.js';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../../../src/db/embedded-database.js';
import { PromMetrics } from '../../../src/metrics/prom-metrics.js';
import type { ModelPool } from '../../../src/ml/model-pool.js';
import { startTestModelPool } from '../../support/model-pool.js';
import { metricSample } from '../../support/metric-sample.js';
import { sliceLayer } from '../../unit/ml/fixture.js';

const MB = 2 ** 20;

describe('/metrics shows what each worker thread holds', () => {
  let pool: ModelPool | undefined;
  let embedded: EmbeddedDatabase | undefined;
  afterAll(async () => {
    await pool?.close();
    await embedded?.close();
  });

  it('the model threads and the embedded database, read while a model thread is busy with a task', async () => {
    pool = startTestModelPool({
      threads: 2,
      threadEntry: new URL('../ml/support/holding-thread.ts', import.meta.url),
    });
    embedded = await startEmbeddedDatabase(undefined);
    await pool.ready();
    const metrics = new PromMetrics();
    measureThreads(metrics, pool, { embedded });
    const release = path.join(mkdtempSync(path.join(tmpdir(), 'thread-memory-')), 'release');
    const held = pool.run('alice', {
      kind: 'pick',
      items: sliceLayer().library.items,
      asked: [`hold-until:${release}`],
      count: 5,
      seed: 1,
    });
    try {
      // Both threads up (the second one's backend may still be starting), the task still held.
      let text = '';
      await expect
        .poll(
          async () => {
            text = (await metrics.exposition()).body;
            return metricSample(text, 'motherlist_thread_memory_bytes', { thread: 'model-2', space: 'heap' });
          },
          { timeout: 60_000, interval: 200 },
        )
        .toBeGreaterThan(0);
      expect(existsSync(release)).toBe(false);
      const sample = (thread: string, space: string) =>
        metricSample(text, 'motherlist_thread_memory_bytes', { thread, space }) ?? 0;
      for (const thread of ['model-1', 'model-2']) {
        expect(sample(thread, 'heap')).toBeGreaterThan(MB);
        // TensorFlow.js's WebAssembly memory.
        expect(sample(thread, 'external')).toBeGreaterThan(16 * MB);
      }
      for (const thread of ['model-1', 'model-2', 'database']) {
        const used = metricSample(text, 'motherlist_thread_heap_used_bytes', { thread }) ?? 0;
        expect(used).toBeGreaterThan(0);
        expect(used).toBeLessThanOrEqual(sample(thread, 'heap'));
      }
      // PostgreSQL's WebAssembly memory holds its 32 MB of shared buffers.
      expect(sample('database', 'external')).toBeGreaterThan(32 * MB);
      expect(sample('database', 'heap')).toBeGreaterThan(MB);
    } finally {
      writeFileSync(release, '');
      await held;
    }
  }, 120_000);
});
