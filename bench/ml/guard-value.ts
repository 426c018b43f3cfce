/**
 * Development tool (issues 21 and 25): what the trivial guard (src/ml/trivial-guard.ts) buys.
 * Runs the model's label sessions and, for every final model whose decoding the guard replaced by
 * a trivial answer, scores the unlabeled songs with and without the replacement. Prints one JSON
 * line per final model (`trivial` null where the guard kept the model).
 *
 *   npx tsx bench/ml/guard-value.ts --generated tuning --cells 8 --seeds 1-4 --budgets 10,25,50,100 \
 *     [--part 0/2] > out/guard-0.jsonl
 *
 * Reads the libraries from ../shared/data, which a fresh clone does not have.
 */
import { parseArgs } from 'node:util';
import { isGeneratedSet, loadGeneratedCells } from '../../src/cli/generated-cells.js';
import { selectBackend } from '../../src/ml/backend.js';
import { runMotherlistSession, scenarioLayer, scoreModel } from '../../src/ml/evaluation.js';
import { parseFeatureSelection } from '../../src/ml/feature-selection.js';

const { values } = parseArgs({
  options: {
    generated: { type: 'string', default: 'tuning' },
    cells: { type: 'string', default: '8' },
    seeds: { type: 'string', default: '1-4' },
    budgets: { type: 'string', default: '10,25,50,100' },
    data: { type: 'string', default: '../shared/data' },
    part: { type: 'string', default: '0/1' },
  },
});
const [part, parts] = (values.part ?? '').split('/').map((s) => Number.parseInt(s, 10));
const [firstSeed, lastSeed] = (values.seeds ?? '').split('-').map((s) => Number.parseInt(s, 10));
const budgets = (values.budgets ?? '').split(',').map((b) => Number.parseInt(b, 10));
const selection = parseFeatureSelection('metadata');
const set = values.generated ?? '';
if (!selection || !isGeneratedSet(set)) process.exit(2);

await selectBackend('wasm');
const cells = await loadGeneratedCells(values.data ?? '', set, Number.parseInt(values.cells ?? '8', 10));
for (const [index, { id, snapshot, scenario }] of cells.entries()) {
  if (index % parts! !== part) continue;
  const { library, dataset } = scenarioLayer(snapshot, scenario, selection);
  for (let seed = firstSeed!; seed <= lastSeed!; seed++) {
    await runMotherlistSession(library, dataset, budgets, seed, 'active', {}, (budget, model, asked) => {
      const labeled = new Set(asked);
      const { trivial, ...own } = model.featureSpec;
      const withGuard = scoreModel(library, dataset, model, labeled).scores.microF1;
      const without = trivial
        ? scoreModel(library, dataset, { ...model, featureSpec: own }, labeled).scores.microF1
        : withGuard;
      console.log(
        JSON.stringify({ cell: id, seed, budget, trivial: trivial?.answer ?? null, withGuard, without }),
      );
    });
  }
}
