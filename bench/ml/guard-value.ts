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
import { runMotherlistSession } from '../../src/ml/evaluate-motherlist.js';
import { scoreModel } from '../../src/ml/evaluation.js';
import { GENERATED_SESSION_OPTIONS, forEachGeneratedSession } from './generated-sessions.js';

const { values } = parseArgs({ options: GENERATED_SESSION_OPTIONS });
await forEachGeneratedSession(values, async ({ cell, library, dataset, seed, budgets }) => {
  await runMotherlistSession(library, dataset, budgets, seed, 'active', {}, (budget, model, asked) => {
    const labeled = new Set(asked);
    const { trivial, ...own } = model.featureSpec;
    const withGuard = scoreModel(library, dataset, model, labeled).scores.microF1;
    const without = trivial
      ? scoreModel(library, dataset, { ...model, featureSpec: own }, labeled).scores.microF1
      : withGuard;
    console.log(JSON.stringify({ cell, seed, budget, trivial: trivial?.answer ?? null, withGuard, without }));
  });
});
