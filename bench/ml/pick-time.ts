/**
 * Time of a label session's pick on a big library (not a test): `npx tsx bench/ml/pick-time.ts
 * [-- --runs 3 --backend wasm --pool]`. The pick task as a model thread runs it (runModelTask; with
 * --pool through a one-thread ModelPool, as the bot sends it, library cloned across included), on
 * tidytuesday-genres (28,356 tracks): a cold start, a pick by a stored model (trained with 500
 * labels) and picks that first train the light model on 10 to 2,000 answers (BETWEEN_ROUNDS_OPTIONS).
 * Wall and CPU time (the machine may be shared), and how much the heap and external memory (which
 * holds TensorFlow.js's WebAssembly memory) grew at the task's peak, sampled every 20 ms.
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { readLibrarySnapshot } from '../../src/cli/read-snapshot.js';
import { type BackendPreference, selectBackend } from '../../src/ml/backend.js';
import { ModelPool, RECYCLE_ABOVE_MB } from '../../src/ml/model-pool.js';
import { type PickTask, runModelTask } from '../../src/ml/model-tasks.js';
import { threadFootprint, watchPeakFootprint } from '../../src/ml/model-thread-protocol.js';
import { createRandom, shuffled } from '../../src/ml/random.js';
import { scenarioLibrary } from '../../src/ml/snapshot-library.js';

const { values } = parseArgs({
  options: {
    snapshot: { type: 'string', default: '../shared/data/tidytuesday-genres.json.gz' },
    runs: { type: 'string', default: '3' },
    backend: { type: 'string', default: 'wasm' },
    pool: { type: 'boolean', default: false },
  },
});
const runs = Number.parseInt(values.runs ?? '3', 10);
const backend = await selectBackend(values.backend as BackendPreference);
const snapshot = await readLibrarySnapshot(values.snapshot ?? '');
const scenario = snapshot.scenarios[0];
if (!scenario) throw new Error('the snapshot has no scenario');
const library = scenarioLibrary(snapshot, scenario, { enrichment: false });
const order = shuffled(
  library.items.map((item) => item.track.id),
  createRandom(7),
);
const answersOf = (count: number) => ({
  enrichment: false,
  mode: library.mode,
  sublistIds: library.sublistIds,
  labels: order.slice(0, count).map((id) => [id, library.truth.get(id) ?? []] as const),
  seed: 1,
});

/** With --pool, each case's own one-thread pool (what a thread holds after depends on what it ran). */
let pool: ModelPool | undefined;
const freshPool = async (): Promise<void> => {
  await pool?.close();
  if (!values.pool) return;
  pool = new ModelPool({ threads: 1, backend: values.backend as BackendPreference, recycleAboveMb: 1e6 });
  await pool.ready();
};
const runPick = async (task: PickTask) => (pool ? pool.run('bench', task) : runModelTask(task));
/** In the pool: what its thread holds after the case (heap + external), against RECYCLE_ABOVE_MB. */
const held = (): string =>
  pool
    ? `, thread holds ${Math.round((pool.threadFootprints()[0] ?? 0) / 2 ** 20)} MB after (recycled above ${RECYCLE_ABOVE_MB})`
    : '';

const median = (xs: readonly number[]): number =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

const time = async (what: string, task: () => PickTask): Promise<void> => {
  const wall: number[] = [];
  const cpu: number[] = [];
  const grew: number[] = [];
  await freshPool();
  for (let run = 0; run < runs; run++) {
    const built = task();
    const before = threadFootprint();
    const peak = watchPeakFootprint(20);
    const usage = process.cpuUsage();
    const started = performance.now();
    await runPick(built);
    wall.push(performance.now() - started);
    const used = process.cpuUsage(usage);
    cpu.push((used.user + used.system) / 1000);
    grew.push((peak() - before) / 2 ** 20);
  }
  console.log(
    `${what}: median ${Math.round(median(wall))} ms wall, ${Math.round(median(cpu))} ms cpu${
      pool
        ? ' (the process: both threads)'
        : `, heap + external up to ${Math.round(Math.max(...grew))} MB more`
    }${held()} (runs ${wall.map(Math.round).join(', ')}; load ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')})`,
  );
};

const pickOf = (asked: number): Omit<PickTask, 'answers' | 'model'> => ({
  kind: 'pick',
  items: library.items,
  asked: order.slice(0, asked),
  count: 10,
  seed: asked,
});

console.log(
  `${snapshot.name}: ${library.items.length} tracks, backend ${backend.name}, node ${process.version}`,
);
await time('cold start (no model, no answers)', () => pickOf(0));
const stored = await runModelTask({ kind: 'train', items: library.items, ...answersOf(500) });
await time('stored model (500 labels), no answers', () => ({ ...pickOf(500), model: stored }));
for (const count of [10, 50, 200, 500, 2000])
  await time(`light model on ${count} answers`, () => ({ ...pickOf(count), answers: answersOf(count) }));
await pool?.close();
