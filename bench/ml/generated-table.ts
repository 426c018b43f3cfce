/**
 * Builds bench/ml/generated.md (notes from generated-notes.md, then the tables) and the merged raw
 * generated.json from per-cell `npm run evaluate -- --generated SET --cell ID --json` outputs:
 * `npx tsx bench/ml/generated-table.ts DIR` where DIR holds `held-back/*.json` and `tuning/*.json`,
 * or `npx tsx bench/ml/generated-table.ts bench/ml/generated.json` to rebuild the tables from the
 * recorded outputs.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

interface Row {
  method: string;
  budget: number;
  micro_f1: number;
  seeds: number;
}

interface Report {
  cell: string;
  mode: string;
  tracks: number;
  sublists: number;
  features: string;
  strategy: string;
  seeds: number;
  first_seed: number;
  results: Row[];
}

const SETS = ['held-back', 'tuning'] as const;
const MODES = ['mutual-complete', 'mutual-incomplete', 'non-mutual-complete', 'non-mutual-incomplete'];
const METHODS = ['motherlist', 'lr-propagation', 'random-lr', 'majority', 'all-void', 'everywhere'];

const dir = process.argv[2];
if (!dir) {
  console.error('usage: npx tsx bench/ml/generated-table.ts DIR');
  process.exit(2);
}
const recorded = dir.endsWith('.json')
  ? (JSON.parse(readFileSync(dir, 'utf8')) as Record<string, Report[]>)
  : undefined;
const read = (set: string): Report[] => {
  if (recorded) return recorded[set] ?? [];
  const folder = path.join(dir, set);
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(path.join(folder, f), 'utf8')) as Report);
};
const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const f1Of = (report: Report, method: string, budget: number): number | undefined =>
  report.results.find((r) => r.method === method && r.budget === budget)?.micro_f1;
const signed = (value: number): string => value.toFixed(3).replace(/^-/, '−');
/** A seeded generator (mulberry32): the intervals below are the same at every rebuild. */
const seeded = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
/**
 * The 95 % interval of `statistic` over 10,000 resamples of the cells with replacement: how far a
 * mean over this few cells may move with other cells of the same kind (seeds are not resampled).
 */
const cellInterval = <T>(cells: readonly T[], statistic: (sample: readonly T[]) => number): string => {
  const random = seeded(2025);
  const values = Array.from({ length: 10_000 }, () =>
    statistic(cells.map(() => cells[Math.floor(random() * cells.length)] as T)),
  ).sort((a, b) => a - b);
  return `${signed(values[249] as number)} to ${signed(values[9749] as number)}`;
};
const cellOf = (value: number | undefined): string => (value === undefined ? '–' : value.toFixed(3));

const lines: string[] = [readFileSync('bench/ml/generated-notes.md', 'utf8').trimEnd(), ''];
const raw: Record<string, Report[]> = {};
for (const set of SETS) {
  const reports = read(set);
  raw[set] = reports;
  if (reports.length === 0) continue;
  const budgets = [...new Set(reports.flatMap((r) => r.results.map((x) => x.budget)))].sort((a, b) => a - b);
  const seeds = [...new Set(reports.map((r) => r.seeds))].join('/');
  lines.push(
    `## ${set}: ${reports.length} cells, ${seeds} seeds (first seed ${reports[0]?.first_seed}), ` +
      `--features ${reports[0]?.features} --strategy ${reports[0]?.strategy}`,
    '',
    'Mean over the cells of a mode of each cell’s micro-F1 (itself the mean over seeds); `all` is the mean over every cell.',
    '`all-void` exists for incomplete layers only; `everywhere` is not a valid answer in a mutual layer (shown for reference).',
    '',
    `| mode | cells | budget | ${METHODS.join(' | ')} | motherlist / lr-propagation |`,
    `| --- | ---: | ---: | ${METHODS.map(() => '---:').join(' | ')} | ---: |`,
  );
  for (const mode of [...MODES, 'all']) {
    const group = reports.filter((r) => mode === 'all' || r.mode === mode);
    if (group.length === 0) continue;
    for (const budget of budgets) {
      const means = METHODS.map((method) => {
        const values = group.flatMap((r) => {
          const v = f1Of(r, method, budget);
          return v === undefined ? [] : [v];
        });
        return values.length === 0 ? undefined : mean(values);
      });
      const ratio = (means[0] ?? 0) / Math.max(1e-9, means[1] ?? 0);
      const label = mode === 'all' ? '**all**' : mode;
      lines.push(
        `| ${label} | ${group.length} | ${budget} | ${means.map(cellOf).join(' | ')} | ${ratio.toFixed(3)} |`,
      );
    }
  }
  const at = (method: string, budget: number): number =>
    mean(reports.map((r) => f1Of(r, method, budget) ?? 0));
  if (budgets.includes(100) && budgets.includes(200)) {
    const ratioAt100 = (sample: readonly Report[]) =>
      mean(sample.map((r) => f1Of(r, 'motherlist', 100) ?? 0)) /
      Math.max(1e-9, mean(sample.map((r) => f1Of(r, 'lr-propagation', 100) ?? 0)));
    const efficiency = (sample: readonly Report[]) =>
      mean(sample.map((r) => (f1Of(r, 'motherlist', 100) ?? 0) - (f1Of(r, 'lr-propagation', 200) ?? 0)));
    lines.push(
      '',
      `Label efficiency: motherlist at 100 labels ${at('motherlist', 100).toFixed(3)}, ` +
        `lr-propagation at 200 labels ${at('lr-propagation', 200).toFixed(3)}.`,
      '',
      `How far these means may move with other cells (95 % of 10,000 resamples of the ${reports.length} ` +
        `cells, seeded): motherlist / lr-propagation at 100 labels ${ratioAt100(reports).toFixed(3)}, ` +
        `${cellInterval(reports, ratioAt100)}; motherlist at 100 minus lr-propagation at 200 ` +
        `${signed(efficiency(reports))}, ${cellInterval(reports, efficiency)}.`,
    );
  }
  lines.push(
    '',
    `Per cell at budget 100:`,
    '',
    `| cell | tracks | sublists | ${METHODS.join(' | ')} |`,
    `| --- | ---: | ---: | ${METHODS.map(() => '---:').join(' | ')} |`,
    ...reports.map(
      (r) =>
        `| ${r.cell} | ${r.tracks} | ${r.sublists} | ${METHODS.map((m) => cellOf(f1Of(r, m, 100))).join(' | ')} |`,
    ),
    '',
  );
}
writeFileSync('bench/ml/generated.md', `${lines.join('\n').trimEnd()}\n`);
writeFileSync('bench/ml/generated.json', `${JSON.stringify(raw, null, 2)}\n`);
