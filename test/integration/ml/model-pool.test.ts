import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ModelThreadError } from '../../../src/ml/model-pool.js';
import { runModelTask, type PickTask, type TrainTask } from '../../../src/ml/model-tasks.js';
import { startTestModelPool } from '../../support/model-pool.js';
import { randomLabels, sliceLayer } from '../../unit/ml/fixture.js';
import { useTestBackend } from '../../unit/ml/setup-backend.js';

useTestBackend();

const { library } = sliceLayer();
const trainTask: TrainTask = {
  kind: 'train',
  items: library.items,
  enrichment: false,
  mode: library.mode,
  sublistIds: library.sublistIds,
  labels: [...randomLabels(library, 60, 7)],
  seed: 3,
  options: { epochs: 20, folds: 2 },
};
/** Order is all the turn-taking test reads: a short training keeps a thread busy just as well. */
const shortTrainTask: TrainTask = { ...trainTask, options: { epochs: 2, folds: 2 } };
const pickTask = (asked: string[] = []): PickTask => ({
  kind: 'pick',
  items: library.items,
  asked,
  count: 5,
  seed: 1,
});

describe('ModelPool', () => {
  const pools: { close(): Promise<void> }[] = [];
  afterAll(async () => {
    await Promise.all(pools.map((pool) => pool.close()));
  });

  it('predicts exactly what the same stored model predicts on this thread', async () => {
    const pool = startTestModelPool();
    pools.push(pool);
    const model = await pool.run('alice', trainTask);
    const task = { kind: 'predict' as const, model, items: library.items };
    const fromPool = await pool.run('alice', task);
    const here = await runModelTask(task);
    expect(fromPool).toHaveLength(library.items.length);
    expect(fromPool).toEqual(here);
    // A few tracks read the whole motherlist's graph too: the same as their rows of the whole.
    const some = library.items.slice(0, 3).map((i) => i.track.id);
    expect(await pool.run('bob', { ...task, trackIds: some })).toEqual(here.slice(0, 3));
  });

  it('predicts in the thread what this thread predicts with a stored blend of network and regression', async () => {
    const pool = startTestModelPool();
    pools.push(pool);
    const model = await pool.run('alice', {
      ...trainTask,
      options: { epochs: 20, folds: 2, blendGrid: [0.5] },
    });
    expect(model.featureSpec.blend?.network).toBe(0.5);
    const task = { kind: 'predict' as const, model, items: library.items };
    const fromPool = await pool.run('alice', task);
    expect(fromPool).toHaveLength(library.items.length);
    expect(fromPool).toEqual(await runModelTask(task));
  });

  it('sends a library bigger than one message in pieces, and the thread works on all of it', async () => {
    const pool = startTestModelPool();
    pools.push(pool);
    const model = await pool.run('alice', shortTrainTask);
    // 2,000 tracks go in one message: copies of the slice make two full pieces and a part.
    const copies = Math.ceil(4_500 / library.items.length);
    const items = Array.from({ length: copies }, (_, copy) =>
      library.items.map((item) => ({ ...item, track: { ...item.track, id: `${item.track.id}-${copy}` } })),
    ).flat();
    const task = { kind: 'predict' as const, model, items };
    const fromPool = await pool.run('alice', task);
    expect(items.length).toBeGreaterThan(4_000);
    expect(fromPool.map((p) => p.trackId)).toEqual(items.map((i) => i.track.id));
    expect(fromPool).toEqual(await runModelTask(task));
  });

  it('takes users in turn: one user’s backlog does not hold back another’s single task', async () => {
    const pool = startTestModelPool();
    pools.push(pool);
    await pool.ready();
    const finished: string[] = [];
    const runs = [
      ...Array.from({ length: 5 }, (_, i) =>
        pool.run('alice', shortTrainTask).then(() => finished.push(`alice${i}`)),
      ),
      pool.run('bob', pickTask()).then(() => finished.push('bob')),
    ];
    await Promise.all(runs);
    // alice's first training was already running when bob queued; bob's task comes next.
    expect(finished.indexOf('bob')).toBe(1);
    expect(finished.filter((f) => f.startsWith('alice'))).toEqual([0, 1, 2, 3, 4].map((i) => `alice${i}`));
  });

  it('keeps a thread for other users while one user’s long task holds the other', async () => {
    const release = path.join(mkdtempSync(path.join(tmpdir(), 'pool-hold-')), 'release');
    const pool = startTestModelPool({
      threads: 2,
      threadEntry: new URL('./support/holding-thread.ts', import.meta.url),
    });
    pools.push(pool);
    await pool.ready();
    const finished: string[] = [];
    const held = [0, 1].map((i) =>
      pool.run('alice', pickTask([`hold-until:${release}`])).then(() => finished.push(`alice${i}`)),
    );
    const picks = [0, 1, 2].map((i) => pool.run('bob', pickTask()).then(() => finished.push(`bob${i}`)));
    // Were alice's two tasks given both threads, bob's picks would wait for the release forever.
    await Promise.all(picks);
    expect(finished).toEqual(['bob0', 'bob1', 'bob2']);
    writeFileSync(release, '');
    await Promise.all(held);
    expect(finished.slice(3)).toEqual(['alice0', 'alice1']);
  });

  it('replaces a thread that holds more than recycleAboveMb after its task; the next task runs on the fresh one', async () => {
    const keeps = startTestModelPool();
    const recycles = startTestModelPool({ recycleAboveMb: 1 });
    pools.push(keeps, recycles);
    const expected = await keeps.run('alice', pickTask());
    // A thread that did a task holds its heap and backend: far more than 1 MB, far less than the default.
    expect(keeps.threadFootprints()[0]).toBeGreaterThan(2 ** 20);
    expect(await recycles.run('alice', pickTask())).toEqual(expected);
    expect(recycles.threadFootprints()).toEqual([0]);
    expect(await recycles.run('bob', pickTask())).toEqual(expected);
    expect(await keeps.run('bob', pickTask())).toEqual(expected);
    expect(keeps.threadFootprints()).toHaveLength(1);
  });

  it('survives a thread that crashes: that task fails, the next one runs', async () => {
    const pool = startTestModelPool({
      threadEntry: new URL('./support/crashing-thread.ts', import.meta.url),
    });
    pools.push(pool);
    const crashed = pool.run('alice', pickTask(['crash-the-thread']));
    const next = pool.run('bob', pickTask());
    await expect(crashed).rejects.toThrow(ModelThreadError);
    await expect(crashed).rejects.toThrow(/died \(exit code 70\)/);
    expect((await next).trackIds).toHaveLength(5);
    expect(await pool.run('alice', pickTask())).toEqual(await next);
  });

  it('survives a thread that runs out of memory: that task fails, the next one runs', async () => {
    const pool = startTestModelPool({ maxThreadMemoryMb: 64 });
    pools.push(pool);
    await pool.ready();
    // 300,000 tracks do not fit in 64 MB of heap: the thread dies while it reads them.
    const huge = Array.from({ length: 300_000 }, (_, i) => ({
      track: {
        ...library.items[i % library.items.length]!.track,
        id: `huge${i}`,
        name: `a long enough track name number ${i}`,
      },
    }));
    const tooBig = pool.run('alice', { kind: 'pick', items: huge, asked: [], count: 5, seed: 1 });
    await expect(tooBig).rejects.toThrow(ModelThreadError);
    await expect(tooBig).rejects.toThrow(/out of memory|ERR_WORKER_OUT_OF_MEMORY/i);
    expect((await pool.run('bob', pickTask())).trackIds).toHaveLength(5);
  });
});
