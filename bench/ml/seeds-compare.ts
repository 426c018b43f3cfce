/**
 * Paired comparison of two bench/ml/seeds.ts runs: per scenario and budget the mean difference of
 * micro-F1 (B − A) on the seeds both ran, then the mean over those cells, its standard error over
 * the seed × cell differences and how many cells went up; and each run's ratio of mean micro-F1 to
 * the mean better baseline, and the mean of the per-cell ratios (the baselines of the run itself
 * when it has them for its seeds, else those of run A for the same seeds — a variant run without
 * `--baselines` against a base run with them — otherwise the recorded ones of
 * bench/ml/evaluation.json).
 *
 *   npx tsx bench/ml/seeds-compare.ts A B
 */
import { readFileSync } from 'node:fs';
import { type SeedResults, seedResultsFile } from './seed-results.js';

interface RecordedReport {
  snapshot: string;
  scenario: string;
  features: string;
  results: { method: string; budget: number; micro_f1: number }[];
}

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const standardError = (xs: readonly number[]): number => {
  const m = mean(xs);
  const variance = xs.reduce((sum, x) => sum + (x - m) ** 2, 0) / Math.max(1, xs.length - 1);
  return Math.sqrt(variance / Math.max(1, xs.length));
};
const signed = (x: number): string => `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(3)}`;

const [nameA, nameB] = process.argv.slice(2);
if (!nameA || !nameB) {
  console.error('usage: npx tsx bench/ml/seeds-compare.ts A B');
  process.exit(2);
}
const load = (name: string): SeedResults =>
  JSON.parse(readFileSync(seedResultsFile(name), 'utf8')) as SeedResults;
const [a, b] = [load(nameA), load(nameB)];
if (a.budgets.join() !== b.budgets.join() || a.features !== b.features)
  throw new Error('the two runs have other budgets or features');
const models = (run: SeedResults): string[] => Object.keys(run.results).filter((key) => !key.includes('#'));

const differences: number[] = [];
const cellMeans: number[] = [];
for (const key of models(b)
  .filter((k) => a.results[k])
  .sort()) {
  const before = a.results[key] ?? {};
  const after = b.results[key] ?? {};
  const seeds = Object.keys(after).filter((seed) => before[seed]);
  const perBudget = b.budgets.map((_, i) => {
    const deltas = seeds.map((seed) => (after[seed]?.[i] ?? 0) - (before[seed]?.[i] ?? 0));
    differences.push(...deltas);
    return mean(deltas);
  });
  cellMeans.push(...perBudget);
  console.log(`${key.padEnd(40)} ${seeds.length} seeds  ${perBudget.map(signed).join('  ')}`);
}
console.log(
  `mean Δ micro-F1 per cell ${signed(mean(cellMeans))} (se ${standardError(differences).toFixed(4)}, ` +
    `${differences.length} seed × cell differences), cells up ${cellMeans.filter((d) => d > 0).length} of ${cellMeans.length}`,
);

const recorded = (JSON.parse(readFileSync('bench/ml/evaluation.json', 'utf8')) as RecordedReport[]).filter(
  (r) => r.features === a.features,
);
const ratioOf = (run: SeedResults, fallback: SeedResults): string | undefined => {
  const model: number[] = [];
  const baseline: number[] = [];
  let own = true;
  let borrowed = false;
  for (const key of models(run)) {
    const seeds = Object.keys(run.results[key] ?? {});
    const report = recorded.find((r) => `${r.snapshot}/${r.scenario}` === key);
    run.budgets.forEach((budget, i) => {
      const modelMean = mean(seeds.map((seed) => run.results[key]?.[seed]?.[i] ?? 0));
      const fromRun = ['random-lr', 'seed-mlp'].map((method) => {
        const baselineOf = (source: SeedResults) =>
          seeds.map((seed) => source.results[`${key}#${method}`]?.[seed]?.[i]);
        let values = baselineOf(run);
        if (values.some((v) => v === undefined)) {
          values = baselineOf(fallback);
          borrowed = true;
        }
        return values.every((v) => v !== undefined) ? mean(values as number[]) : undefined;
      });
      if (fromRun.every((v) => v !== undefined)) {
        model.push(modelMean);
        baseline.push(Math.max(...(fromRun as number[])));
        return;
      }
      // Generated cells have no recorded baselines: they count only with baselines of their own.
      const stored = report?.results.filter((r) => r.budget === budget && r.method !== 'motherlist') ?? [];
      if (stored.length === 0) return;
      own = false;
      model.push(modelMean);
      baseline.push(Math.max(...stored.map((r) => r.micro_f1)));
    });
  }
  if (model.length === 0) return undefined;
  const perCell = mean(model.map((m, i) => m / Math.max(1e-9, baseline[i] ?? 0)));
  return (
    `${(mean(model) / mean(baseline)).toFixed(3)}, mean of per-cell ratios ${perCell.toFixed(3)} ` +
    `(${own ? (borrowed ? `the baselines of ${nameA}` : "the run's own baselines") : 'recorded baselines'})`
  );
};
for (const [name, ratio] of [
  [nameA, ratioOf(a, a)],
  [nameB, ratioOf(b, a)],
] as const)
  if (ratio) console.log(`ratio ${name}: ${ratio}`);

/** Issue 25's yardstick: per budget, mean micro-F1 of the model over that of lr-propagation, same seeds. */
const lrPropagationRatio = (run: SeedResults, fallback: SeedResults): string | undefined => {
  const parts = run.budgets.map((budget, i) => {
    const model: number[] = [];
    const baseline: number[] = [];
    for (const key of models(run)) {
      for (const seed of Object.keys(run.results[key] ?? {})) {
        const other =
          run.results[`${key}#lr-propagation`]?.[seed]?.[i] ??
          fallback.results[`${key}#lr-propagation`]?.[seed]?.[i];
        if (other === undefined) continue;
        model.push(run.results[key]?.[seed]?.[i] ?? 0);
        baseline.push(other);
      }
    }
    return baseline.length === 0 ? undefined : `${budget}: ${(mean(model) / mean(baseline)).toFixed(3)}`;
  });
  return parts.every((p) => p !== undefined) ? parts.join(', ') : undefined;
};
for (const [name, run] of [
  [nameA, a],
  [nameB, b],
] as const) {
  const ratio = lrPropagationRatio(run, a);
  if (ratio) console.log(`ratio ${name} / lr-propagation by budget: ${ratio}`);
}
