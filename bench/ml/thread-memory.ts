/**
 * Memory benchmark of a model thread (not a test): `npx tsx bench/ml/thread-memory.ts [-- --runs 3]`.
 * Through the real ModelPool (one thread, wasm), as /train then /sort do: a `train` task with 500
 * labels on the tidytuesday-genres library (28,356 tracks), then a `predict` task over every track.
 * Each task runs in a fresh pool so that its thread's peak (heap + external memory, which holds the
 * WebAssembly memory of TensorFlow.js; `pool.peakThreadFootprint()`) is its own, and what the thread
 * still holds afterwards is measured against the pool's recycle threshold.
 * The digest of each run's predictions (memberships and confidences as JSON) shows that a change
 * meant to save memory leaves every result as it was: run the same command before and after it.
 * Reads /work/shared/data/tidytuesday-genres.json.gz at run time (never committed).
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { readLibrarySnapshot } from '../../src/cli/read-snapshot.js';
import type { BackendPreference } from '../../src/ml/backend.js';
import { ModelPool, RECYCLE_ABOVE_MB } from '../../src/ml/model-pool.js';
import type { ModelTask } from '../../src/ml/model-tasks.js';
import { createRandom, shuffled } from '../../src/ml/random.js';
import { scenarioLibrary } from '../../src/ml/snapshot-library.js';

const { values } = parseArgs({
  options: {
    snapshot: { type: 'string', default: '/work/shared/data/tidytuesday-genres.json.gz' },
    runs: { type: 'string', default: '3' },
    labels: { type: 'string', default: '500' },
    backend: { type: 'string', default: 'wasm' },
    out: { type: 'string' },
  },
});
const runs = Number.parseInt(values.runs ?? '3', 10);
const snapshot = await readLibrarySnapshot(values.snapshot ?? '');
const scenario = snapshot.scenarios[0];
if (!scenario) throw new Error('the snapshot has no scenario');
const library = scenarioLibrary(snapshot, scenario, { enrichment: false });
const labels = shuffled(
  library.items.map((i) => i.track.id),
  createRandom(7),
)
  .slice(0, Number(values.labels))
  .map((id) => [id, library.truth.get(id) ?? []] as const);

const mb = (bytes: number): number => Math.round(bytes / 2 ** 20);
const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};

/** One task in a fresh one-thread pool: its wall time, the thread's peak and what it holds after. */
const inFreshThread = async <T extends ModelTask>(task: T) => {
  // Never recycled here: what the thread holds after the task is the figure wanted.
  const pool = new ModelPool({
    threads: 1,
    backend: values.backend as BackendPreference,
    recycleAboveMb: 1e6,
  });
  await pool.ready();
  // A cold-start pick over a few tracks (no TensorFlow.js work): what the thread holds idle.
  await pool.run('bench', { kind: 'pick', items: library.items.slice(0, 50), asked: [], count: 5, seed: 1 });
  const idle = pool.threadFootprints()[0] ?? 0;
  const started = performance.now();
  const result = await pool.run('bench', task);
  const ms = performance.now() - started;
  const sample = {
    ms: Math.round(ms),
    peakMb: mb(pool.peakThreadFootprint()),
    afterMb: mb(pool.threadFootprints()[0] ?? 0),
    idleMb: mb(idle),
  };
  await pool.close();
  return { result, sample };
};

type Sample = Awaited<ReturnType<typeof inFreshThread>>['sample'];
const trains: Sample[] = [];
const predicts: Sample[] = [];
const digests: string[] = [];
for (let run = 1; run <= runs; run++) {
  const trained = await inFreshThread({
    kind: 'train',
    items: library.items,
    enrichment: false,
    mode: library.mode,
    sublistIds: library.sublistIds,
    labels,
    seed: run,
  });
  trains.push(trained.sample);
  const predicted = await inFreshThread({ kind: 'predict', model: trained.result, items: library.items });
  predicts.push(predicted.sample);
  digests.push(createHash('sha256').update(JSON.stringify(predicted.result)).digest('hex').slice(0, 16));
  console.error(
    `run ${run}: train ${JSON.stringify(trained.sample)} predict ${JSON.stringify(predicted.sample)} (${predicted.result.length} predictions)`,
  );
}

const summary = (samples: readonly Sample[]) => ({
  medianIdleMb: median(samples.map((s) => s.idleMb)),
  medianMs: median(samples.map((s) => s.ms)),
  medianPeakMb: median(samples.map((s) => s.peakMb)),
  maxPeakMb: Math.max(...samples.map((s) => s.peakMb)),
  medianAfterMb: median(samples.map((s) => s.afterMb)),
  samples,
});
const result = {
  date: new Date().toISOString(),
  node: process.version,
  backend: values.backend,
  loadAverageAtEnd: loadavg().map((l) => Number(l.toFixed(2))),
  library: `${snapshot.name}: ${library.items.length} tracks, ${labels.length} labels, ${library.sublistIds.length} sublists`,
  runs,
  recycleAboveMb: RECYCLE_ABOVE_MB,
  train: summary(trains),
  predict: summary(predicts),
  predictionDigests: digests,
  processPeakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
};
console.log(JSON.stringify(result, null, 2));
if (values.out) writeFileSync(values.out, `${JSON.stringify(result, null, 2)}\n`);
