/**
 * Development diagnostic for the model's quality target: where its errors are. Runs one label
 * session of the bot, then splits the unlabeled tracks by graph distance (links through shared
 * artists, albums and other playlists) to the nearest labeled track and scores each group; also
 * how many tracks a greedy maximum coverage would bring within one link with the same budget.
 *
 *   npx tsx bench/ml/reach.ts --snapshot exportify-owner --scenario mood-playlists [--budget 100] [--seed 1]
 *
 * Reads the libraries from ../shared/data, which a fresh clone does not have.
 */
import { parseArgs } from 'node:util';
import { readLibrarySnapshot } from '../../src/cli/read-snapshot.js';
import { selectBackend } from '../../src/ml/backend.js';
import type { LayerDataset } from '../../src/ml/dataset.js';
import { runMotherlistSession } from '../../src/ml/evaluate-motherlist.js';
import { scenarioLayer } from '../../src/ml/evaluation.js';
import { parseFeatureSelection } from '../../src/ml/feature-selection.js';
import type { LayerModel } from '../../src/ml/layer-model.js';
import { predictLayer } from '../../src/ml/predict-layer.js';
import { scorePlacements } from '../../src/ml/metrics.js';
import { entityKind } from '../../src/ml/neighbourhood.js';

const { values } = parseArgs({
  options: {
    snapshot: { type: 'string' },
    scenario: { type: 'string' },
    budget: { type: 'string', default: '100' },
    seed: { type: 'string', default: '1' },
    features: { type: 'string', default: 'metadata' },
    data: { type: 'string', default: '../shared/data' },
  },
});
const budget = Number.parseInt(values.budget ?? '', 10);
const seed = Number.parseInt(values.seed ?? '', 10);
const selection = parseFeatureSelection(values.features ?? '');
if (!values.snapshot || !values.scenario || !selection || !(budget > 0) || !(seed > 0)) {
  console.error('usage: npx tsx bench/ml/reach.ts --snapshot FILE --scenario NAME [--budget 100] [--seed 1]');
  process.exit(2);
}

await selectBackend('wasm');
const snapshot = await readLibrarySnapshot(`${values.data}/${values.snapshot}.json.gz`);
const scenario = snapshot.scenarios.find((s) => s.name === values.scenario);
if (!scenario) throw new Error(`no scenario ${values.scenario} in ${values.snapshot}`);
const { library, dataset } = scenarioLayer(snapshot, scenario, selection);

let final: { model: LayerModel; asked: string[] } | undefined;
await runMotherlistSession(library, dataset, [budget], seed, 'active', {}, (_, model, asked) => {
  final = { model, asked: [...asked] };
});
if (!final) throw new Error('the session trained no final model');

/** Entity -> rows holding it, for entities that link two or more tracks. */
const linking = (data: LayerDataset): Map<string, number[]> => {
  const members = new Map<string, number[]>();
  data.entities.forEach((keys, row) => {
    for (const key of keys) {
      const rows = members.get(key);
      if (rows) rows.push(row);
      else members.set(key, [row]);
    }
  });
  for (const [key, rows] of members) if (rows.length < 2) members.delete(key);
  return members;
};
const members = linking(dataset);
const neighbours = (row: number, kinds?: readonly string[]): number[] =>
  (dataset.entities[row] ?? [])
    .filter((key) => !kinds || kinds.includes(entityKind(key)))
    .flatMap((key) => members.get(key) ?? [])
    .filter((other) => other !== row);

const labeled = new Set(final.asked.map((id) => dataset.rowOf.get(id) as number));
const distance = new Map<number, number>([...labeled].map((row) => [row, 0]));
for (let frontier = [...labeled], hops = 1; frontier.length > 0; hops++) {
  const next: number[] = [];
  for (const row of frontier)
    for (const other of neighbours(row))
      if (!distance.has(other)) {
        distance.set(other, hops);
        next.push(other);
      }
  frontier = next;
}

const rows = dataset.items.map((_, row) => row).filter((row) => !labeled.has(row));
const predictions = predictLayer(final.model, dataset, rows);
const groupOf = (row: number): string => {
  const hops = distance.get(row);
  if (hops === undefined)
    return neighbours(row).length > 0 ? 'linked, no label in reach' : 'no shared entity';
  return hops >= 3 ? '3+ links' : `${hops} link${hops > 1 ? 's' : ''}`;
};
/** For a track one link from a label: whether an artist or album links it to a label, or only other entities. */
const linkKindOf = (row: number): string =>
  neighbours(row, ['artist', 'album']).some((other) => labeled.has(other))
    ? 'artist or album'
    : 'other playlists only';

const groups = new Map<string, number[]>();
predictions.forEach((_, i) => {
  const row = rows[i] as number;
  const keys = [groupOf(row), ...(distance.get(row) === 1 ? [`1 link via ${linkKindOf(row)}`] : [])];
  for (const key of keys) groups.set(key, [...(groups.get(key) ?? []), i]);
});
console.log(
  `${values.snapshot}/${values.scenario}, budget ${budget}, seed ${seed}: ${rows.length} unlabeled tracks`,
);
for (const [group, indices] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
  const truth = indices.map((i) => library.truth.get(predictions[i]?.trackId ?? '') ?? []);
  const scores = scorePlacements(
    library.sublistIds,
    indices.map((i) => predictions[i]?.placement ?? []),
    truth,
  );
  const topHits = indices.filter((i, j) => {
    const p = predictions[i]?.probabilities ?? [];
    return truth[j]?.includes(library.sublistIds[p.indexOf(Math.max(...p))] ?? '');
  }).length;
  console.log(
    `${group.padEnd(32)} ${String(indices.length).padStart(5)} tracks  micro-F1 ${scores.microF1.toFixed(3)}  top-1 ${(topHits / indices.length).toFixed(3)}`,
  );
}

// Greedy maximum coverage: each pick the track that brings the most tracks within one link.
const covered = new Set<number>();
const picked = new Set<number>();
for (let pick = 0; pick < budget; pick++) {
  let best = { row: -1, gain: -1 };
  dataset.items.forEach((_, row) => {
    const gain = new Set([row, ...neighbours(row)].filter((r) => !covered.has(r))).size;
    if (gain > best.gain) best = { row, gain };
  });
  picked.add(best.row);
  for (const r of [best.row, ...neighbours(best.row)]) covered.add(r);
}
const reached = [...distance.values()].filter((hops) => hops === 1).length;
console.log(
  `within one link of a label: ${reached} tracks now, ${[...covered].filter((r) => !picked.has(r)).length} with a greedy maximum coverage of ${budget} labels`,
);
