import { parseArgs } from 'node:util';
import { type BackendPreference, selectBackend } from '../ml/backend.js';
import {
  type BudgetResult,
  type LabelStrategy,
  runBaseline,
  runMotherlistSession,
  scenarioLayer,
} from '../ml/evaluation.js';
import { parseFeatureSelection } from '../ml/feature-selection.js';
import { readLibrarySnapshot } from './read-snapshot.js';

const USAGE = `usage: npm run evaluate -- --snapshot FILE --scenario NAME|all [--budgets 25,50,100,200]
  [--seeds 3] [--first-seed 1] [--features metadata|metadata+audio|metadata+tags|all] [--strategy active|random] [--backend auto|wasm|cpu|...] [--json]`;

interface MeanRow {
  method: string;
  budget: number;
  micro_f1: number;
  macro_f1: number;
  void_precision?: number;
  void_recall?: number;
  train_ms: number;
  predict_ms: number;
}

const mean = (values: readonly number[]): number =>
  values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
const round = (value: number, digits = 4): number => Number(value.toFixed(digits));

const averageOverSeeds = (results: readonly BudgetResult[]): MeanRow[] => {
  const groups = new Map<string, BudgetResult[]>();
  for (const r of results) {
    const key = `${r.method}\u0000${r.budget}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups.values()].map((group) => {
    const first = group[0] as BudgetResult;
    const row: MeanRow = {
      method: first.method,
      budget: first.budget,
      micro_f1: round(mean(group.map((r) => r.scores.microF1))),
      macro_f1: round(mean(group.map((r) => r.scores.macroF1))),
      train_ms: Math.round(mean(group.map((r) => r.trainMs))),
      predict_ms: Math.round(mean(group.map((r) => r.predictMs))),
    };
    const precisions = group.flatMap((r) =>
      r.scores.voidPrecision === undefined ? [] : [r.scores.voidPrecision],
    );
    const recalls = group.flatMap((r) => (r.scores.voidRecall === undefined ? [] : [r.scores.voidRecall]));
    if (precisions.length > 0) row.void_precision = round(mean(precisions));
    if (recalls.length > 0) row.void_recall = round(mean(recalls));
    return row;
  });
};

const formatTable = (rows: readonly MeanRow[]): string => {
  const header = 'method      budget  micro_f1  macro_f1  void_p  void_r  train_ms  predict_ms';
  const lines = rows.map((r) =>
    [
      r.method.padEnd(10),
      String(r.budget).padStart(7),
      r.micro_f1.toFixed(3).padStart(9),
      r.macro_f1.toFixed(3).padStart(9),
      (r.void_precision?.toFixed(3) ?? '-').padStart(7),
      (r.void_recall?.toFixed(3) ?? '-').padStart(7),
      String(r.train_ms).padStart(9),
      String(r.predict_ms).padStart(11),
    ].join(' '),
  );
  return [header, ...lines].join('\n');
};

const main = async (): Promise<void> => {
  const { values } = parseArgs({
    options: {
      snapshot: { type: 'string' },
      scenario: { type: 'string', default: 'all' },
      budgets: { type: 'string', default: '25,50,100,200' },
      seeds: { type: 'string', default: '3' },
      'first-seed': { type: 'string', default: '1' },
      features: { type: 'string', default: 'metadata' },
      strategy: { type: 'string', default: 'active' },
      backend: { type: 'string', default: 'auto' },
      json: { type: 'boolean', default: false },
    },
  });
  const selection = parseFeatureSelection(values.features ?? '');
  const features = selection?.name;
  const strategy = values.strategy as LabelStrategy;
  const budgets = (values.budgets ?? '').split(',').map((b) => Number.parseInt(b, 10));
  const seeds = Number.parseInt(values.seeds ?? '3', 10);
  const firstSeed = Number.parseInt(values['first-seed'] ?? '1', 10);
  if (
    !values.snapshot ||
    !selection ||
    !['active', 'random'].includes(strategy) ||
    budgets.some((b) => !(b > 0)) ||
    !(seeds > 0) ||
    !(firstSeed > 0)
  ) {
    console.error(USAGE);
    process.exitCode = 2;
    return;
  }
  const backend = await selectBackend(values.backend as BackendPreference);
  const snapshot = await readLibrarySnapshot(values.snapshot);
  const scenarios = snapshot.scenarios.filter((s) => values.scenario === 'all' || s.name === values.scenario);
  if (scenarios.length === 0) {
    console.error(
      `no scenario ${values.scenario} in ${snapshot.name}: ${snapshot.scenarios.map((s) => s.name).join(', ')}`,
    );
    process.exitCode = 2;
    return;
  }
  const reports = [];
  for (const scenario of scenarios) {
    const { library, dataset } = scenarioLayer(snapshot, scenario, selection);
    const results: BudgetResult[] = [];
    for (let seed = firstSeed; seed < firstSeed + seeds; seed++) {
      results.push(...(await runMotherlistSession(library, dataset, budgets, seed, strategy)));
      results.push(...(await runBaseline('random-lr', library, dataset, budgets, seed)));
      results.push(...(await runBaseline('seed-mlp', library, dataset, budgets, seed)));
      if (!values.json)
        console.error(`${scenario.name}: seed ${seed} (${seed - firstSeed + 1}/${seeds}) done`);
    }
    const rows = averageOverSeeds(results);
    const report = {
      snapshot: snapshot.name,
      scenario: scenario.name,
      features,
      strategy,
      backend: backend.name,
      seeds,
      first_seed: firstSeed,
      tracks: library.items.length,
      excluded_playlists: library.excludedPlaylists,
      results: rows,
    };
    reports.push(report);
    if (values.json) continue;
    console.log(
      `\n${snapshot.name} / ${scenario.name} (${library.items.length} tracks, features ${features}, strategy ${strategy}, ` +
        `${seeds} seeds, backend ${backend.name})`,
    );
    console.log(formatTable(rows));
  }
  if (values.json) console.log(JSON.stringify(reports.length === 1 ? reports[0] : reports));
};

await main();
