/**
 * Tables of issue 21's evaluation output from `npm run evaluate -- … --json` files:
 * `npx tsx bench/ml/confidence-table.ts public=out/trust held-back=out/trust/held-back` prints
 * markdown for bench/ml/confidence.md: per cell and budget the model's micro-F1 against every
 * trivial answer (scored on the same unlabeled songs as the model when the report has
 * `trivial_on_same_tracks`, else the trivial rows of the protocol's random labels), and what a sort at the default precision target writes (placed precision,
 * expected precision, coverage), with each target of the issue checked.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

interface Row {
  method: string;
  budget: number;
  micro_f1: number;
  placed_precision?: number;
  expected_precision?: number;
  coverage?: number;
  void_precision?: number;
  void_recall?: number;
  calibration_error?: number;
  trivial_on_same_tracks?: Record<string, number>;
}

interface Report {
  cell: string;
  mode: string;
  seeds: number;
  first_seed: number;
  results: Row[];
}

const TRIVIAL = ['majority', 'all-void', 'everywhere'];
/** Budgets where the calibration targets apply (issue 21). */
const CALIBRATION_BUDGETS = [25, 50, 100];

const readReports = (dir: string): Report[] =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .flatMap((f) => {
      const text = readFileSync(path.join(dir, f), 'utf8').trim();
      if (!text) return [];
      const parsed = JSON.parse(text) as Report | Report[];
      return Array.isArray(parsed) ? parsed : [parsed];
    });

const fmt = (value: number | undefined): string => (value === undefined ? '–' : value.toFixed(3));

const section = (label: string, reports: readonly Report[]): string[] => {
  const lines = [
    `## ${label}: ${reports.length} cells, ${[...new Set(reports.map((r) => r.seeds))].join('/')} seeds`,
    '',
    '| cell | mode | budget | micro_f1 | majority | all-void | everywhere | ≥ trivial | void recall | void precision | placed_precision | expected_precision | abs gap | coverage | calibration error |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  const misses = {
    trivial: [] as string[],
    mutualEverywhere: [] as string[],
    gap: [] as string[],
    precision: [] as string[],
  };
  let calibrationRows = 0;
  let placedRows = 0;
  for (const report of reports) {
    const mutual = report.mode.startsWith('mutual');
    const budgets = [...new Set(report.results.map((r) => r.budget))].sort((a, b) => a - b);
    for (const budget of budgets) {
      const of = (method: string) => report.results.find((r) => r.method === method && r.budget === budget);
      const model = of('motherlist');
      if (!model) continue;
      const paired = model.trivial_on_same_tracks;
      const trivial = TRIVIAL.map((m) => (paired ? paired[m] : of(m)?.micro_f1));
      // `everywhere` is no sort in a mutual layer (a song in every sublist): checked separately.
      const valid = TRIVIAL.map((m, i) => (m === 'everywhere' && mutual ? undefined : trivial[i]));
      const beaten = valid.every((t) => t === undefined || model.micro_f1 >= t);
      const id = `${report.cell} @${budget}`;
      if (!beaten) misses.trivial.push(id);
      if (mutual && model.micro_f1 < (trivial[2] ?? 0)) misses.mutualEverywhere.push(id);
      const gap =
        model.placed_precision === undefined || model.expected_precision === undefined
          ? undefined
          : Math.abs(model.expected_precision - model.placed_precision);
      if (CALIBRATION_BUDGETS.includes(budget)) {
        calibrationRows++;
        if ((model.coverage ?? 0) > 0) {
          placedRows++;
          if ((gap ?? 1) > 0.05) misses.gap.push(`${id} (${fmt(gap)})`);
          if ((model.placed_precision ?? 0) < 0.75)
            misses.precision.push(`${id} (${fmt(model.placed_precision)})`);
        }
      }
      lines.push(
        `| ${report.cell} | ${report.mode} | ${budget} | ${fmt(model.micro_f1)} | ${trivial.map(fmt).join(' | ')} | ` +
          `${beaten ? 'yes' : '**no**'} | ${fmt(model.void_recall)} | ${fmt(model.void_precision)} | ${fmt(model.placed_precision)} | ${fmt(model.expected_precision)} | ${fmt(gap)} | ${fmt(model.coverage)} | ${fmt(model.calibration_error)} |`,
      );
    }
  }
  const list = (items: readonly string[]) => (items.length === 0 ? 'none' : items.join(', '));
  lines.push(
    '',
    `- micro_f1 below a valid trivial answer (budget ≥ 10): ${list(misses.trivial)}`,
    `- mutual layers, below \`everywhere\` (no valid sort there, shown for the record): ${list(misses.mutualEverywhere)}`,
    `- budgets 25/50/100: ${placedRows} of ${calibrationRows} rows place something; ` +
      `|expected − placed| > 0.05: ${list(misses.gap)}; placed_precision < 0.75: ${list(misses.precision)}`,
    '',
  );
  return lines;
};

const pairs = process.argv.slice(2).map((arg) => arg.split('='));
if (pairs.length === 0 || pairs.some((p) => p.length !== 2)) {
  console.error('usage: npx tsx bench/ml/confidence-table.ts LABEL=DIR [LABEL=DIR …]');
  process.exit(2);
}
console.log(pairs.flatMap(([label, dir]) => section(label as string, readReports(dir as string))).join('\n'));
