/**
 * Reads the `--json` reports of bench/enrich/run.sh and prints, per scenario and label budget,
 * the micro-F1 of each feature set and its gain over metadata alone (markdown).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface Row {
  method: string;
  budget: number;
  micro_f1: number;
  macro_f1: number;
}

interface Report {
  snapshot: string;
  scenario: string;
  features: string;
  strategy: string;
  seeds: number;
  tracks: number;
  backend: string;
  results: Row[];
}

const FEATURE_SETS = ['metadata', 'metadata+audio', 'metadata+tags', 'all'];
const METHODS = ['motherlist', 'random-lr'];

const directory = process.argv[2] ?? 'bench/enrich/results';
const reports: Report[] = readdirSync(directory)
  .filter((file) => file.endsWith('.json'))
  .flatMap((file) => {
    const text = readFileSync(join(directory, file), 'utf8');
    if (text.trim() === '') {
      console.error(`skipping ${file}: empty (its run did not finish)`);
      return [];
    }
    const parsed = JSON.parse(text) as Report | Report[];
    return Array.isArray(parsed) ? parsed : [parsed];
  });

const scenarios = [...new Set(reports.map((r) => `${r.snapshot} / ${r.scenario}`))].sort();
const cell = (value: number | undefined, base: number | undefined): string => {
  if (value === undefined) return '–';
  if (base === undefined || value === base) return value.toFixed(3);
  const gain = value - base;
  return `${value.toFixed(3)} (${gain >= 0 ? '+' : ''}${gain.toFixed(3)})`;
};

const lines: string[] = [];
const sample = reports[0];
lines.push('# Enrichment blocks: micro-F1 gain over metadata alone', '');
lines.push(
  `Produced by \`bench/enrich/run.sh\` (${sample ? `strategy ${sample.strategy}, backend ${sample.backend}` : 'no reports'}).`,
  "Audio features in the snapshots stand in for ReccoBeats', genres (and the record label where present) for tags.",
  'Cells: mean micro-F1 over seeds on the unlabeled motherlist tracks, and in brackets the change against `metadata`.',
  '',
);
for (const method of METHODS) {
  lines.push(`## ${method}`, '');
  lines.push(`| scenario | tracks | seeds | budget | ${FEATURE_SETS.join(' | ')} |`);
  lines.push(`| --- | ---: | ---: | ---: | ${FEATURE_SETS.map(() => '---:').join(' | ')} |`);
  for (const scenario of scenarios) {
    const ofScenario = reports.filter((r) => `${r.snapshot} / ${r.scenario}` === scenario);
    const budgets = [...new Set(ofScenario.flatMap((r) => r.results.map((row) => row.budget)))].sort(
      (a, b) => a - b,
    );
    for (const budget of budgets) {
      const f1 = (features: string) =>
        ofScenario
          .find((r) => r.features === features)
          ?.results.find((row) => row.method === method && row.budget === budget)?.micro_f1;
      const base = f1('metadata');
      const cells = FEATURE_SETS.map((features) =>
        cell(f1(features), features === 'metadata' ? undefined : base),
      );
      lines.push(
        `| ${scenario} | ${ofScenario[0]?.tracks ?? ''} | ${ofScenario[0]?.seeds ?? ''} | ${budget} | ${cells.join(' | ')} |`,
      );
    }
  }
  lines.push('');
}
console.log(lines.join('\n'));
