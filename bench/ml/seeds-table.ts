/**
 * Markdown tables of bench/ml/seeds.ts runs (issue 25's before / after records): per mode (the
 * second part of a generated cell's id; `public` for the six public scenarios) and per cell, the
 * mean over seeds of each run's micro-F1 and of lr-propagation's (from the first run that has it
 * for the same seeds), and the last run's ratio to lr-propagation.
 *
 *   npx tsx bench/ml/seeds-table.ts before after
 */
import { readFileSync } from 'node:fs';
import { type SeedResults, seedResultsFile } from './seed-results.js';

const names = process.argv.slice(2);
if (names.length === 0) {
  console.error('usage: npx tsx bench/ml/seeds-table.ts RUN [RUN…]');
  process.exit(2);
}
const runs = names.map((name) => JSON.parse(readFileSync(seedResultsFile(name), 'utf8')) as SeedResults);
const first = runs[0] as SeedResults;
const cells = Object.keys(first.results)
  .filter((key) => !key.includes('#'))
  .sort();
const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const seedsOf = (key: string): string[] => Object.keys(first.results[key] ?? {});
/** Mean over the first run's seeds of a result at budget index i; undefined when a seed is missing. */
const meanOf = (run: SeedResults, key: string, i: number): number | undefined => {
  const values = seedsOf(key).map((seed) => run.results[key]?.[seed]?.[i]);
  return values.every((v) => v !== undefined) ? mean(values as number[]) : undefined;
};
const baseline = (key: string, i: number): number | undefined =>
  runs.map((run) => meanOf(run, `${key}#lr-propagation`, i)).find((v) => v !== undefined);
const modeOf = (key: string): string =>
  key.split('/').length === 3 ? (key.split('/')[1] as string) : 'public';
const format = (x: number | undefined): string => (x === undefined ? '–' : x.toFixed(3));

const header = `| ${['cells', 'budget', ...names, 'lr-propagation', `${names.at(-1)} / lr-propagation`].join(' | ')} |`;
const rule = `| ${['---', '---:', ...names.map(() => '---:'), '---:', '---:'].join(' | ')} |`;
console.log(`| mode ${header}\n| --- ${rule}`);
const modes = [...new Set(cells.map(modeOf))].sort();
for (const mode of [...modes, 'all']) {
  const chosen = cells.filter((key) => mode === 'all' || modeOf(key) === mode);
  first.budgets.forEach((budget, i) => {
    const columns = runs.map((run) => mean(chosen.map((key) => meanOf(run, key, i) ?? Number.NaN)));
    const lr = mean(chosen.map((key) => baseline(key, i) ?? Number.NaN));
    const label = mode === 'all' ? '**all**' : mode;
    console.log(
      `| ${label} | ${chosen.length} | ${budget} | ${columns.map(format).join(' | ')} | ${format(lr)} | ${format((columns.at(-1) ?? 0) / lr)} |`,
    );
  });
}
first.budgets.forEach((budget, i) => {
  console.log(`\nPer cell at budget ${budget}:\n`);
  console.log(`| cell | ${[...names, 'lr-propagation'].join(' | ')} |`);
  console.log(`| --- | ${[...names, ''].map(() => '---:').join(' | ')} |`);
  for (const key of cells)
    console.log(
      `| ${key} | ${[...runs.map((run) => meanOf(run, key, i)), baseline(key, i)].map(format).join(' | ')} |`,
    );
});
