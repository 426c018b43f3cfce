/**
 * Development tool (issue 21): how the model's promises hold, pooled over many label sessions.
 * Runs the model's sessions on generated cells and prints, per final model, the calibration bins
 * of the full sort and what a sort at the default precision target writes (the same fields as
 * `npm run evaluate -- --json`); `--table` pools such lines and prints the reliability per mode.
 *
 *   npx tsx bench/ml/calibration-pool.ts --generated tuning --cells 8 --seeds 1-4 \
 *     [--budgets 25,50,100] [--options '{"folds":5}'] [--part 0/2] > out/pool-0.jsonl
 *   npx tsx bench/ml/calibration-pool.ts --table out/pool-0.jsonl out/pool-1.jsonl
 *
 * Reads the libraries from ../shared/data, which a fresh clone does not have.
 */
import { parseArgs } from 'node:util';
import {
  type CalibrationBin,
  type ConfidentScores,
  calibrationError,
} from '../../src/ml/confident-scores.js';
import { runMotherlistSession } from '../../src/ml/evaluate-motherlist.js';
import type { ModelOptions } from '../../src/ml/layer-model.js';
import { GENERATED_SESSION_OPTIONS, forEachGeneratedSession, readJsonLines } from './generated-sessions.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    ...GENERATED_SESSION_OPTIONS,
    budgets: { type: 'string', default: '25,50,100' },
    options: { type: 'string', default: '{}' },
    table: { type: 'boolean', default: false },
  },
});

interface Line {
  cell: string;
  seed: number;
  budget: number;
  microF1: number;
  confident: ConfidentScores;
}

const MODES = [
  '/mutual-complete/',
  '/mutual-incomplete/',
  '/non-mutual-complete/',
  '/non-mutual-incomplete/',
];

const printTable = (lines: readonly Line[]): void => {
  for (const mode of ['all', ...MODES]) {
    const chosen = lines.filter((l) => mode === 'all' || l.cell.includes(mode));
    if (chosen.length === 0) continue;
    const bins: CalibrationBin[] = Array.from({ length: 10 }, () => ({
      placements: 0,
      right: 0,
      probabilitySum: 0,
    }));
    let placed = 0;
    let right = 0;
    let promised = 0;
    for (const { confident } of chosen) {
      confident.bins.forEach((b, i) => {
        const bin = bins[i] as CalibrationBin;
        bin.placements += b.placements;
        bin.right += b.right;
        bin.probabilitySum += b.probabilitySum;
      });
      placed += confident.placements;
      right += confident.right;
      promised += confident.probabilitySum;
    }
    const microF1 = chosen.reduce((sum, l) => sum + l.microF1, 0) / chosen.length;
    const reliability = bins
      .map((b, i) =>
        b.placements > 0
          ? `${i / 10}-${(i + 1) / 10}: ${b.placements} promised ${(b.probabilitySum / b.placements).toFixed(2)} right ${(b.right / b.placements).toFixed(2)}`
          : '',
      )
      .filter(Boolean);
    console.log(
      `${mode} (${chosen.length} models): micro-F1 ${microF1.toFixed(4)}, calibration error ${calibrationError(bins)?.toFixed(3) ?? '–'}; ` +
        `at the precision target ${placed} placed, ${placed ? (right / placed).toFixed(3) : '–'} right for ${placed ? (promised / placed).toFixed(3) : '–'} promised`,
    );
    for (const line of reliability) console.log(`  ${line}`);
  }
};

if (values.table) {
  const lines = readJsonLines<Line>(positionals);
  printTable(lines);
} else {
  const options = JSON.parse(values.options ?? '{}') as Partial<ModelOptions>;
  await forEachGeneratedSession(values, async ({ cell, library, dataset, seed, budgets }) => {
    const results = await runMotherlistSession(library, dataset, budgets, seed, 'active', options);
    for (const r of results) {
      if (!r.confident) continue;
      const line: Line = { cell, seed, budget: r.budget, microF1: r.scores.microF1, confident: r.confident };
      console.log(JSON.stringify(line));
    }
  });
}
