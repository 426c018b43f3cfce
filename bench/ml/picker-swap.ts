/**
 * Development tool (issue 25): is the gap to lr-propagation in the picks or in the model? Runs
 * both label sessions on the same cells and seeds, then trains each method on the other's picks,
 * and prints the 2×2 of mean micro-F1 (picker × model) per budget.
 *
 *   npx tsx bench/ml/picker-swap.ts --generated tuning --cells 8 --seeds 1-2 --budgets 50,100 \
 *     [--part 0/2] [--out out/picker-swap.json]
 *
 * Reads the libraries from ../shared/data, which a fresh clone does not have.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import type { Placement } from '../../src/core/layer.js';
import { isGeneratedSet, loadGeneratedCells } from '../../src/cli/generated-cells.js';
import { selectBackend } from '../../src/ml/backend.js';
import { fitLrPropagation, predictRow, prepareLrPropagation } from '../../src/ml/baseline-lr-propagation.js';
import {
  runLrPropagation,
  runMotherlistSession,
  scenarioLayer,
  scoreModel,
} from '../../src/ml/evaluation.js';
import { parseFeatureSelection } from '../../src/ml/feature-selection.js';
import { type ModelOptions, trainLayerModel } from '../../src/ml/layer-model.js';
import { scorePlacements } from '../../src/ml/metrics.js';

const { values } = parseArgs({
  options: {
    generated: { type: 'string', default: 'tuning' },
    cells: { type: 'string', default: '8' },
    seeds: { type: 'string', default: '1-2' },
    budgets: { type: 'string', default: '50,100' },
    data: { type: 'string', default: '../shared/data' },
    part: { type: 'string', default: '0/1' },
    options: { type: 'string', default: '{}' },
    out: { type: 'string', default: 'out/picker-swap.json' },
  },
});
const [part, parts] = (values.part ?? '').split('/').map((s) => Number.parseInt(s, 10));
const [firstSeed, lastSeed] = (values.seeds ?? '').split('-').map((s) => Number.parseInt(s, 10));
const budgets = (values.budgets ?? '').split(',').map((b) => Number.parseInt(b, 10));
const options = JSON.parse(values.options ?? '{}') as Partial<ModelOptions>;
const selection = parseFeatureSelection('metadata');
if (!selection || !isGeneratedSet(values.generated ?? '')) process.exit(2);

type Row = { cell: string; seed: number; budget: number; picker: string; model: string; microF1: number };
const file = values.out ?? '';
const save = (row: Row): void => {
  const rows: Row[] = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Row[]) : [];
  rows.push(row);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(rows));
};

await selectBackend('wasm');
const cells = await loadGeneratedCells(
  values.data ?? '',
  values.generated as 'tuning',
  Number.parseInt(values.cells ?? '8', 10),
);
for (const [index, { id, snapshot, scenario }] of cells.entries()) {
  if (index % parts! !== part) continue;
  const { library, dataset } = scenarioLayer(snapshot, scenario, selection);
  const labelsOf = (ids: readonly string[]) =>
    new Map<string, Placement>(ids.map((t) => [t, library.truth.get(t) ?? []]));
  for (let seed = firstSeed!; seed <= lastSeed!; seed++) {
    const oursAsked = new Map<number, string[]>();
    const ours = await runMotherlistSession(
      library,
      dataset,
      budgets,
      seed,
      'active',
      options,
      (b, _m, asked) => oursAsked.set(b, [...asked]),
    );
    const lrpAsked = new Map<number, string[]>();
    const lrp = runLrPropagation(library, dataset, budgets, seed, (b, asked) => lrpAsked.set(b, [...asked]));
    const layer = prepareLrPropagation(dataset, library.mode, library.sublistIds);
    for (const [i, budget] of budgets.entries()) {
      save({ cell: id, seed, budget, picker: 'ours', model: 'ours', microF1: ours[i]!.scores.microF1 });
      save({ cell: id, seed, budget, picker: 'lrp', model: 'lrp', microF1: lrp[i]!.scores.microF1 });
      const theirs = lrpAsked.get(budget) ?? [];
      const model = await trainLayerModel({
        dataset,
        mode: library.mode,
        sublistIds: library.sublistIds,
        labels: labelsOf(theirs),
        seed,
        options,
      });
      const swapped = scoreModel(library, dataset, model, new Set(theirs)).scores.microF1;
      save({ cell: id, seed, budget, picker: 'lrp', model: 'ours', microF1: swapped });
      const mine = oursAsked.get(budget) ?? [];
      const fit = fitLrPropagation(layer, labelsOf(mine), seed);
      const labeled = new Set(mine);
      const ids = dataset.items.map((item) => item.track.id).filter((t) => !labeled.has(t));
      const rowOf = new Map(dataset.items.map((item, row) => [item.track.id, row]));
      const lrpOnOurs = scorePlacements(
        library.sublistIds,
        ids.map((t) => predictRow(layer, fit, rowOf.get(t) ?? 0)),
        ids.map((t) => library.truth.get(t) ?? []),
      ).microF1;
      save({ cell: id, seed, budget, picker: 'ours', model: 'lrp', microF1: lrpOnOurs });
      console.error(
        `${id} s${seed} @${budget}: ours/ours ${ours[i]!.scores.microF1.toFixed(3)} lrp/lrp ${lrp[i]!.scores.microF1.toFixed(3)} ` +
          `ours-model on lrp picks ${swapped.toFixed(3)} lrp-model on our picks ${lrpOnOurs.toFixed(3)}`,
      );
    }
  }
}
