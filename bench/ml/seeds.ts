/**
 * Development tool for model changes (not part of the protocol's tables): runs the bot's label
 * session on the public scenarios for a range of seeds and keeps every seed's micro-F1, so that a
 * variant can be compared with the model before it on the same seeds (paired) — a 3-seed ratio
 * moves by about ±0.03 for one and the same model.
 *
 *   npx tsx bench/ml/seeds.ts --name base [--seeds 1-6] [--scenarios mood,genre-playlists]
 *     [--options '{"hidden":[64]}'] [--budgets 50,100,200] [--features metadata] [--baselines]
 *   npx tsx bench/ml/seeds.ts --name base --generated tuning [--cells 12] ...   (generated cells)
 *   npx tsx bench/ml/seeds.ts ... --generated tuning --scenarios exportify-owner   (cells whose id starts so)
 *   npx tsx bench/ml/seeds.ts ... --part 0/2 & npx tsx bench/ml/seeds.ts ... --part 1/2  (two processes)
 *   npx tsx bench/ml/seeds-compare.ts base variant
 *   npx tsx bench/ml/seeds-table.ts base variant   (per mode and cell, with lr-propagation)
 *
 * With --generated, the cells are the generated development set's (scenario-generator.ts): choose
 * model changes on `tuning`, and report them on `held-back`. --baselines also runs random-lr, seed-mlp
and lr-propagation (--baseline-methods lr-propagation: that one alone). --part i/n runs every n-th
cell from the i-th, to split a run between processes.
 * Results go to out/seeds/NAME.json (merged with what is there, so two processes may split the
 * scenarios). Reads the libraries from ../shared/data, which a fresh clone does not have.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { type EvaluationCell, isGeneratedSet, loadGeneratedCells } from '../../src/cli/generated-cells.js';
import { readLibrarySnapshot } from '../../src/cli/read-snapshot.js';
import { selectBackend } from '../../src/ml/backend.js';
import { runMethod } from '../../src/ml/evaluate-method.js';
import { runMotherlistSession } from '../../src/ml/evaluate-motherlist.js';
import { type EvaluationMethod, type LabelStrategy, scenarioLayer } from '../../src/ml/evaluation.js';
import { parseFeatureSelection } from '../../src/ml/feature-selection.js';
import type { ModelOptions } from '../../src/ml/layer-model.js';
import { PUBLIC_SCENARIOS, type SeedResults, seedResultsFile } from './seed-results.js';

const { values } = parseArgs({
  options: {
    name: { type: 'string' },
    seeds: { type: 'string', default: '1-6' },
    scenarios: { type: 'string', default: 'all' },
    options: { type: 'string', default: '{}' },
    budgets: { type: 'string', default: '50,100,200' },
    features: { type: 'string', default: 'metadata' },
    strategy: { type: 'string', default: 'active' },
    data: { type: 'string', default: '../shared/data' },
    baselines: { type: 'boolean', default: false },
    generated: { type: 'string' },
    cells: { type: 'string' },
    part: { type: 'string', default: '0/1' },
    'baseline-methods': { type: 'string', default: 'random-lr,seed-mlp,lr-propagation' },
  },
});
const [part, parts] = (values.part ?? '').split('/').map((s) => Number.parseInt(s, 10));
const baselineMethods = (values['baseline-methods'] ?? '').split(',') as EvaluationMethod[];
const [firstSeed, lastSeed] = (values.seeds ?? '').split('-').map((s) => Number.parseInt(s, 10));
const selection = parseFeatureSelection(values.features ?? '');
const strategy = values.strategy as LabelStrategy;
if (
  !values.name ||
  !selection ||
  !['active', 'random'].includes(strategy) ||
  !(firstSeed! > 0) ||
  !(lastSeed! >= firstSeed!) ||
  !(parts! > part! && part! >= 0) ||
  (values.generated !== undefined && !isGeneratedSet(values.generated))
) {
  console.error(
    'usage: npx tsx bench/ml/seeds.ts --name NAME [--seeds 1-6] [--scenarios a,b] [--options JSON]',
  );
  process.exit(2);
}
const budgets = (values.budgets ?? '').split(',').map((b) => Number.parseInt(b, 10));
const options = JSON.parse(values.options ?? '{}') as Partial<ModelOptions>;
const wanted = (values.scenarios ?? 'all').split(',');
const file = seedResultsFile(values.name);

await selectBackend('wasm');
const stored = (): SeedResults => {
  const fresh: SeedResults = { budgets, features: values.features ?? '', results: {} };
  if (!existsSync(file)) return fresh;
  const previous = JSON.parse(readFileSync(file, 'utf8')) as SeedResults;
  const same = previous.features === fresh.features && previous.budgets.join() === budgets.join();
  if (!same) throw new Error(`${file} holds other budgets or features: choose another --name`);
  return previous;
};
stored(); // fails now, not after the first session, when NAME holds other budgets or features
const save = (key: string, seed: number, microF1: number[]): void => {
  // Re-read before writing: another process may be filling other scenarios of the same name.
  const contents = stored();
  (contents.results[key] ??= {})[String(seed)] = microF1;
  mkdirSync('out/seeds', { recursive: true });
  writeFileSync(file, JSON.stringify(contents));
};

const publicCells = async (): Promise<EvaluationCell[]> => {
  const cells: EvaluationCell[] = [];
  for (const [snapshotName, scenarioNames] of Object.entries(PUBLIC_SCENARIOS)) {
    const chosen = scenarioNames.filter((s) => wanted.includes('all') || wanted.includes(s));
    if (chosen.length === 0) continue;
    const snapshot = await readLibrarySnapshot(`${values.data}/${snapshotName}.json.gz`);
    for (const scenarioName of chosen) {
      const scenario = snapshot.scenarios.find((s) => s.name === scenarioName);
      if (!scenario) throw new Error(`no scenario ${scenarioName} in ${snapshotName}`);
      cells.push({ id: `${snapshotName}/${scenarioName}`, snapshot, scenario });
    }
  }
  return cells;
};

const cells =
  values.generated !== undefined && isGeneratedSet(values.generated)
    ? await loadGeneratedCells(
        values.data ?? '',
        values.generated,
        values.cells === undefined ? undefined : Number.parseInt(values.cells, 10),
      )
    : await publicCells();
for (const [index, { id: key, snapshot, scenario }] of cells.entries()) {
  if (index % parts! !== part) continue;
  if (values.generated !== undefined && !wanted.includes('all') && !wanted.some((w) => key.startsWith(w)))
    continue;
  const { library, dataset } = scenarioLayer(snapshot, scenario, selection);
  for (let seed = firstSeed!; seed <= lastSeed!; seed++) {
    const session = await runMotherlistSession(library, dataset, budgets, seed, strategy, options);
    save(
      key,
      seed,
      session.map((r) => r.scores.microF1),
    );
    if (values.baselines) {
      for (const method of baselineMethods) {
        const baseline = await runMethod(method, library, dataset, budgets, seed, strategy);
        save(
          `${key}#${method}`,
          seed,
          baseline.map((r) => r.scores.microF1),
        );
      }
    }
    console.error(`${key} seed ${seed}: ${session.map((r) => r.scores.microF1.toFixed(3)).join(' ')}`);
  }
}
