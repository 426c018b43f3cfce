/**
 * Time from `npm start` with no configuration to its exit (the target: under 5 s).
 * Usage: npx tsx bench/startup/run.ts [runs]  — prints the median and every run.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const runs = Number(process.argv[2] ?? 7);
const root = join(import.meta.dirname, '..', '..');
const emptyFolder = mkdtempSync(join(tmpdir(), 'motherlist-bench-start-'));
const times: number[] = [];
for (let run = 0; run < runs; run++) {
  const started = performance.now();
  const result = spawnSync('npm', ['start', '--prefix', root, '--silent'], {
    cwd: emptyFolder,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
    encoding: 'utf8',
  });
  times.push(performance.now() - started);
  if (result.status === 0 || !result.stderr.includes('DISCORD_TOKEN is missing')) {
    throw new Error(`unexpected result: status ${result.status}\n${result.stderr}`);
  }
}
const sorted = [...times].sort((a, b) => a - b);
const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
console.log(
  `npm start without configuration: ${runs} runs, median ${(median / 1000).toFixed(2)} s, max ${((sorted.at(-1) ?? 0) / 1000).toFixed(2)} s`,
);
console.log(`runs (s): ${times.map((t) => (t / 1000).toFixed(2)).join(', ')}`);
