import { parseArgs } from 'node:util';
import { type BackendPreference, selectBackend } from '../ml/backend.js';
import { type ConfidentScores, calibrationError } from '../ml/confident-scores.js';
import { runMethod } from '../ml/evaluate-method.js';
import {
  type BudgetResult,
  EVALUATION_METHODS,
  type EvaluationMethod,
  type LabelStrategy,
  scenarioLayer,
} from '../ml/evaluation.js';
import { parseFeatureSelection } from '../ml/feature-selection.js';
import { modeName } from '../ml/scenario-generator.js';
import { type EvaluationCell, isGeneratedSet, loadGeneratedCells } from './generated-cells.js';
import { readLibrarySnapshot } from './read-snapshot.js';

const USAGE = `usage: npm run evaluate -- (--snapshot FILE [--scenario NAME|all] | --generated tuning|held-back [--cells N | --cell ID ...] [--list] [--data DIR])
  [--budgets 25,50,100,200] [--seeds 3] [--first-seed 1] [--features metadata|metadata+audio|metadata+tags|all]
  [--strategy active|random] [--methods ${EVALUATION_METHODS.join(',')}] [--backend auto|wasm|cpu|...] [--json]`;

interface MeanRow {
  seeds: number;
  method: string;
  budget: number;
  micro_f1: number;
  macro_f1: number;
  void_precision?: number;
  void_recall?: number;
  /** At the default precision target, pooled over the seeds (see bench/ml/confidence.md). */
  placed_precision?: number;
  /** Expected calibration error of every placement of the full sort, pooled over the seeds. */
  calibration_error?: number;
  coverage?: number;
  expected_precision?: number;
  /** The model's rows: each trivial answer's micro-F1 on the same unlabeled tracks, mean over the seeds. */
  trivial_on_same_tracks?: Record<string, number>;
  train_ms: number;
  predict_ms: number;
}

const mean = (values: readonly number[]): number =>
  values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
const round = (value: number, digits = 4): number => Number(value.toFixed(digits));

/**
 * Pooled over the seeds: the share of all written placements that are right and the mean
 * probability of all of them, so that a seed placing two songs weighs two songs, not a third.
 */
const confidentColumns = (
  group: readonly BudgetResult[],
): Pick<MeanRow, 'placed_precision' | 'coverage' | 'expected_precision' | 'calibration_error'> => {
  const confident = group.flatMap((r) => (r.confident ? [r.confident] : []));
  if (confident.length === 0) return {};
  const sum = (pick: (c: ConfidentScores) => number) => confident.reduce((total, c) => total + pick(c), 0);
  const placements = sum((c) => c.placements);
  const columns: Pick<MeanRow, 'placed_precision' | 'coverage' | 'expected_precision' | 'calibration_error'> =
    {
      coverage: round(
        sum((c) => c.placedTracks) /
          Math.max(
            1,
            sum((c) => c.tracks),
          ),
      ),
    };
  const pooledBins = confident[0]?.bins.map((_, b) => ({
    placements: sum((c) => c.bins[b]?.placements ?? 0),
    right: sum((c) => c.bins[b]?.right ?? 0),
    probabilitySum: sum((c) => c.bins[b]?.probabilitySum ?? 0),
  }));
  const error = calibrationError(pooledBins ?? []);
  if (error !== undefined) columns.calibration_error = round(error);
  if (placements > 0) {
    columns.placed_precision = round(sum((c) => c.right) / placements);
    columns.expected_precision = round(sum((c) => c.probabilitySum) / placements);
  }
  return columns;
};

const pairedTrivialMeans = (group: readonly BudgetResult[]): Record<string, number> | undefined => {
  const perSeed = group.flatMap((r) => (r.trivialOnSameTracks ? [r.trivialOnSameTracks] : []));
  if (perSeed.length === 0) return undefined;
  const methods = [...new Set(perSeed.flatMap((p) => Object.keys(p)))] as (keyof (typeof perSeed)[number])[];
  return Object.fromEntries(methods.map((m) => [m, round(mean(perSeed.map((p) => p[m] ?? 0)))]));
};

const averageOverSeeds = (results: readonly BudgetResult[]): MeanRow[] => {
  const groups = new Map<string, BudgetResult[]>();
  for (const r of results) {
    const key = `${r.method}\u0000${r.budget}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups.values()].map((group) => {
    const first = group[0] as BudgetResult;
    const row: MeanRow = {
      seeds: group.length,
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
    Object.assign(row, confidentColumns(group));
    const paired = pairedTrivialMeans(group);
    if (paired) row.trivial_on_same_tracks = paired;
    return row;
  });
};

const formatTable = (rows: readonly MeanRow[]): string => {
  const header =
    'method          budget  micro_f1  macro_f1  void_p  void_r  placed_p  expected  coverage  train_ms  predict_ms';
  const lines = rows.map((r) =>
    [
      r.method.padEnd(14),
      String(r.budget).padStart(7),
      r.micro_f1.toFixed(3).padStart(9),
      r.macro_f1.toFixed(3).padStart(9),
      (r.void_precision?.toFixed(3) ?? '-').padStart(7),
      (r.void_recall?.toFixed(3) ?? '-').padStart(7),
      (r.placed_precision?.toFixed(3) ?? '-').padStart(9),
      (r.expected_precision?.toFixed(3) ?? '-').padStart(9),
      (r.coverage?.toFixed(3) ?? '-').padStart(9),
      String(r.train_ms).padStart(9),
      String(r.predict_ms).padStart(11),
    ].join(' '),
  );
  return [header, ...lines].join('\n');
};

const readCells = async (values: {
  snapshot?: string;
  scenario?: string;
  generated?: string;
  cells?: string;
  cell?: string[];
  data?: string;
}): Promise<EvaluationCell[] | string> => {
  if (values.generated !== undefined) {
    const count = values.cells === undefined ? undefined : Number.parseInt(values.cells, 10);
    if (!isGeneratedSet(values.generated) || (count !== undefined && !(count > 0)) || values.snapshot)
      return USAGE;
    const cells = await loadGeneratedCells(values.data ?? '../shared/data', values.generated, count);
    const wanted = values.cell ?? [];
    const missing = wanted.filter((id) => !cells.some((c) => c.id === id));
    if (missing.length > 0) return `not in the ${values.generated} set: ${missing.join(', ')}`;
    return wanted.length === 0 ? cells : cells.filter((c) => wanted.includes(c.id));
  }
  if (!values.snapshot) return USAGE;
  const snapshot = await readLibrarySnapshot(values.snapshot);
  const scenarios = snapshot.scenarios.filter((s) => values.scenario === 'all' || s.name === values.scenario);
  if (scenarios.length === 0)
    return `no scenario ${values.scenario} in ${snapshot.name}: ${snapshot.scenarios.map((s) => s.name).join(', ')}`;
  return scenarios.map((scenario) => ({ id: `${snapshot.name}/${scenario.name}`, snapshot, scenario }));
};

const main = async (): Promise<void> => {
  const { values } = parseArgs({
    options: {
      snapshot: { type: 'string' },
      scenario: { type: 'string', default: 'all' },
      generated: { type: 'string' },
      cells: { type: 'string' },
      cell: { type: 'string', multiple: true },
      list: { type: 'boolean', default: false },
      data: { type: 'string', default: '../shared/data' },
      budgets: { type: 'string', default: '25,50,100,200' },
      seeds: { type: 'string', default: '3' },
      'first-seed': { type: 'string', default: '1' },
      features: { type: 'string', default: 'metadata' },
      strategy: { type: 'string', default: 'active' },
      methods: { type: 'string', default: EVALUATION_METHODS.join(',') },
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
  const methods = (values.methods ?? '').split(',') as EvaluationMethod[];
  if (
    !selection ||
    !['active', 'random'].includes(strategy) ||
    budgets.some((b) => !(b > 0)) ||
    !(seeds > 0) ||
    !(firstSeed > 0) ||
    methods.some((m) => !EVALUATION_METHODS.includes(m))
  ) {
    console.error(USAGE);
    process.exitCode = 2;
    return;
  }
  const backend = await selectBackend(values.backend as BackendPreference);
  const cells = await readCells(values);
  if (typeof cells === 'string') {
    console.error(cells);
    process.exitCode = 2;
    return;
  }
  if (values.list) {
    for (const { id, scenario } of cells)
      console.log(`${id}\t${scenario.motherlist.length} tracks\t${scenario.sublists.length} sublists`);
    return;
  }
  const reports = [];
  for (const { id, snapshot, scenario } of cells) {
    const { library, dataset } = scenarioLayer(snapshot, scenario, selection);
    const results: BudgetResult[] = [];
    for (let seed = firstSeed; seed < firstSeed + seeds; seed++) {
      // The order matters only for reproducing recorded numbers: the model's session comes first.
      for (const method of EVALUATION_METHODS.filter((m) => methods.includes(m)))
        results.push(...(await runMethod(method, library, dataset, budgets, seed, strategy)));
      console.error(`${id}: seed ${seed} (${seed - firstSeed + 1}/${seeds}) done`);
    }
    const rows = averageOverSeeds(results);
    const report = {
      snapshot: snapshot.name,
      scenario: scenario.name,
      cell: id,
      mode: modeName(library.mode),
      sublists: library.sublistIds.length,
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
      `\n${id} (${library.items.length} tracks, ${report.mode}, ${report.sublists} sublists, features ${features}, ` +
        `strategy ${strategy}, ${seeds} seeds, backend ${backend.name})`,
    );
    console.log(formatTable(rows));
  }
  if (values.json) console.log(JSON.stringify(reports.length === 1 ? reports[0] : reports));
};

await main();
