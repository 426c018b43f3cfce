/**
 * Speed benchmark of the layer model (not a test): `npm run bench:ml [-- --runs 5 --backend wasm]`.
 * 1. tidytuesday-genres (28,356 tracks): features for all tracks + training with 500 labels
 *    (cross-validated calibration included) + predicting every track. Target: median < 20 s on wasm,
 *    peak RSS < 1.5 GB.
 * 2. A 2,000-track layer trained with 100 labels. Target: median < 2 s.
 * Wall and CPU time are both recorded: the machine may be shared, and CPU time shows the work itself.
 */
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { readLibrarySnapshot } from '../../src/cli/read-snapshot.js';
import { type BackendPreference, selectBackend } from '../../src/ml/backend.js';
import { buildLayerDataset } from '../../src/ml/dataset.js';
import { defaultFeatureSpec } from '../../src/ml/features.js';
import { predictLayer } from '../../src/ml/predict-layer.js';
import { trainLayerModel } from '../../src/ml/train-layer.js';
import { createRandom, shuffled } from '../../src/ml/random.js';
import { scenarioLibrary } from '../../src/ml/snapshot-library.js';

const { values } = parseArgs({
  options: {
    snapshot: { type: 'string', default: '../shared/data/tidytuesday-genres.json.gz' },
    runs: { type: 'string', default: '5' },
    backend: { type: 'string', default: 'wasm' },
    out: { type: 'string', default: 'bench/ml/results' },
  },
});
const runs = Number.parseInt(values.runs ?? '5', 10);
const backend = await selectBackend(values.backend as BackendPreference);
const snapshot = await readLibrarySnapshot(values.snapshot ?? '');
const scenario = snapshot.scenarios[0];
if (!scenario) throw new Error('the snapshot has no scenario');

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};

const measure = async (run: () => Promise<void>): Promise<{ wallMs: number; cpuMs: number }> => {
  const cpu = process.cpuUsage();
  const started = performance.now();
  await run();
  const used = process.cpuUsage(cpu);
  return { wallMs: performance.now() - started, cpuMs: (used.user + used.system) / 1000 };
};

const labelsFor = (
  ids: readonly string[],
  truth: ReadonlyMap<string, readonly string[]>,
  count: number,
  seed: number,
) =>
  new Map(
    shuffled(ids, createRandom(seed))
      .slice(0, count)
      .map((id) => [id, truth.get(id) ?? []]),
  );

const full: { wallMs: number; cpuMs: number }[] = [];
for (let run = 1; run <= runs; run++) {
  full.push(
    await measure(async () => {
      const library = scenarioLibrary(snapshot, scenario, { enrichment: false });
      const dataset = buildLayerDataset(library.items, defaultFeatureSpec(false));
      const labels = labelsFor(
        library.items.map((i) => i.track.id),
        library.truth,
        500,
        run,
      );
      const model = await trainLayerModel({
        dataset,
        mode: library.mode,
        sublistIds: library.sublistIds,
        labels,
        seed: run,
      });
      predictLayer(model, dataset);
    }),
  );
  console.error(`full run ${run}: ${Math.round(full[full.length - 1]?.wallMs ?? 0)} ms`);
}

const small: { wallMs: number; cpuMs: number }[] = [];
const library = scenarioLibrary(snapshot, scenario, { enrichment: false });
const items = shuffled(library.items, createRandom(42)).slice(0, 2000);
const dataset = buildLayerDataset(items, defaultFeatureSpec(false));
for (let run = 1; run <= runs; run++) {
  const labels = labelsFor(
    items.map((i) => i.track.id),
    library.truth,
    100,
    run,
  );
  small.push(
    await measure(async () => {
      await trainLayerModel({
        dataset,
        mode: library.mode,
        sublistIds: library.sublistIds,
        labels,
        seed: run,
      });
    }),
  );
}

const result = {
  date: new Date().toISOString(),
  backend: backend.name,
  node: process.version,
  loadAverageAtEnd: loadavg().map((l) => Number(l.toFixed(2))),
  runs,
  fullLibrary: {
    what: `${snapshot.name}: ${library.items.length} tracks, features + train with 500 labels + predict all`,
    medianWallMs: Math.round(median(full.map((r) => r.wallMs))),
    medianCpuMs: Math.round(median(full.map((r) => r.cpuMs))),
    wallMs: full.map((r) => Math.round(r.wallMs)),
    targetMs: 20_000,
  },
  smallLayer: {
    what: '2,000-track layer, train with 100 labels (calibration included)',
    medianWallMs: Math.round(median(small.map((r) => r.wallMs))),
    medianCpuMs: Math.round(median(small.map((r) => r.cpuMs))),
    wallMs: small.map((r) => Math.round(r.wallMs)),
    targetMs: 2_000,
  },
  peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  peakRssTargetMb: 1536,
};
const text = [
  `motherlist ml benchmark ${result.date} backend ${result.backend} node ${result.node} load ${result.loadAverageAtEnd.join(' ')}`,
  `${result.fullLibrary.what}: median ${result.fullLibrary.medianWallMs} ms wall, ${result.fullLibrary.medianCpuMs} ms cpu (runs ${result.fullLibrary.wallMs.join(', ')}; target < ${result.fullLibrary.targetMs})`,
  `${result.smallLayer.what}: median ${result.smallLayer.medianWallMs} ms wall, ${result.smallLayer.medianCpuMs} ms cpu (runs ${result.smallLayer.wallMs.join(', ')}; target < ${result.smallLayer.targetMs})`,
  `peak RSS ${result.peakRssMb} MB (target < ${result.peakRssTargetMb})`,
].join('\n');
console.log(text);
writeFileSync(`${values.out}.json`, `${JSON.stringify(result, null, 2)}\n`);
writeFileSync(`${values.out}.txt`, `${text}\n`);
