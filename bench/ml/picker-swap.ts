/**
 * Development tool (issue 25): is the gap to lr-propagation in the picks or in the model? Runs
 * both label sessions on the same cells and seeds, then trains each method on the other's picks;
 * one JSON line per cell, seed, budget, picker and model. `--table` pools such lines into the
 * 2×2 of mean micro-F1 (picker × model) per budget.
 *
 *   npx tsx bench/ml/picker-swap.ts --generated tuning --cells 8 --seeds 1-2 --budgets 50,100 \
 *     [--part 0/2] > out/swap-0.jsonl
 *   npx tsx bench/ml/picker-swap.ts --table out/swap-0.jsonl out/swap-1.jsonl
 *
 * Reads the libraries from ../shared/data, which a fresh clone does not have.
 */
import { parseArgs } from 'node:util';
import type { Placement } from '../../src/core/layer.js';
import { fitLrPropagation, predictRow, prepareLrPropagation } from '../../src/ml/baseline-lr-propagation.js';
import { runLrPropagation } from '../../src/ml/evaluate-lr-propagation.js';
import { runMotherlistSession } from '../../src/ml/evaluate-motherlist.js';
import { scoreModel } from '../../src/ml/evaluation.js';
import { trainLayerModel } from '../../src/ml/train-layer.js';
import { scorePlacements } from '../../src/ml/metrics.js';
import { GENERATED_SESSION_OPTIONS, forEachGeneratedSession, readJsonLines } from './generated-sessions.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    ...GENERATED_SESSION_OPTIONS,
    seeds: { type: 'string', default: '1-2' },
    budgets: { type: 'string', default: '50,100' },
    table: { type: 'boolean', default: false },
  },
});

type Method = 'model' | 'lr-propagation';
interface Line {
  cell: string;
  seed: number;
  budget: number;
  picker: Method;
  learner: Method;
  microF1: number;
}

if (values.table) {
  const lines = readJsonLines<Line>(positionals);
  for (const budget of [...new Set(lines.map((l) => l.budget))].sort((a, b) => a - b)) {
    const cellsOf = (picker: Method, learner: Method) => {
      const chosen = lines.filter((l) => l.budget === budget && l.picker === picker && l.learner === learner);
      const mean = chosen.reduce((sum, l) => sum + l.microF1, 0) / Math.max(1, chosen.length);
      return `${picker}'s picks, ${learner}: ${mean.toFixed(3)} (${chosen.length})`;
    };
    console.log(
      `@${budget}: ${cellsOf('model', 'model')}; ${cellsOf('lr-propagation', 'model')}; ` +
        `${cellsOf('model', 'lr-propagation')}; ${cellsOf('lr-propagation', 'lr-propagation')}`,
    );
  }
} else {
  await forEachGeneratedSession(values, async ({ cell, library, dataset, seed, budgets }) => {
    const labelsOf = (ids: readonly string[]) =>
      new Map<string, Placement>(ids.map((t) => [t, library.truth.get(t) ?? []]));
    const print = (budget: number, picker: Method, learner: Method, microF1: number) =>
      console.log(JSON.stringify({ cell, seed, budget, picker, learner, microF1 } satisfies Line));
    const modelPicks = new Map<number, string[]>();
    const model = await runMotherlistSession(library, dataset, budgets, seed, 'active', {}, (b, _m, asked) =>
      modelPicks.set(b, [...asked]),
    );
    const lrPicks = new Map<number, string[]>();
    const lr = runLrPropagation(library, dataset, budgets, seed, (b, asked) => lrPicks.set(b, [...asked]));
    const layer = prepareLrPropagation(dataset, library.mode, library.sublistIds);
    for (const [i, budget] of budgets.entries()) {
      print(budget, 'model', 'model', model[i]?.scores.microF1 ?? 0);
      print(budget, 'lr-propagation', 'lr-propagation', lr[i]?.scores.microF1 ?? 0);
      const theirs = lrPicks.get(budget) ?? [];
      const trained = await trainLayerModel({
        dataset,
        mode: library.mode,
        sublistIds: library.sublistIds,
        labels: labelsOf(theirs),
        seed,
      });
      print(
        budget,
        'lr-propagation',
        'model',
        scoreModel(library, dataset, trained, new Set(theirs)).scores.microF1,
      );
      const mine = modelPicks.get(budget) ?? [];
      const fit = fitLrPropagation(layer, labelsOf(mine), seed);
      const labeled = new Set(mine);
      const rows = dataset.items
        .map((_, row) => row)
        .filter((row) => !labeled.has(dataset.items[row]?.track.id ?? ''));
      const scores = scorePlacements(
        library.sublistIds,
        rows.map((row) => predictRow(layer, fit, row)),
        rows.map((row) => library.truth.get(dataset.items[row]?.track.id ?? '') ?? []),
      );
      print(budget, 'model', 'lr-propagation', scores.microF1);
    }
  });
}
