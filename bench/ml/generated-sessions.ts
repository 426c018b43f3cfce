/**
 * The loop the development tools share: the generated cells of a set, split between processes
 * (`--part i/n` takes every n-th cell from the i-th), each cell's layer encoded on metadata, and a
 * range of seeds. Reads the libraries from ../shared/data, which a fresh clone does not have.
 */
import { readFileSync } from 'node:fs';
import { isGeneratedSet, loadGeneratedCells } from '../../src/cli/generated-cells.js';
import { selectBackend } from '../../src/ml/backend.js';
import type { LayerDataset } from '../../src/ml/dataset.js';
import { scenarioLayer } from '../../src/ml/evaluation.js';
import { parseFeatureSelection } from '../../src/ml/feature-selection.js';
import type { ScenarioLibrary } from '../../src/ml/snapshot-library.js';

/** The command-line options of the loop, for `parseArgs`. */
export const GENERATED_SESSION_OPTIONS = {
  generated: { type: 'string', default: 'tuning' },
  cells: { type: 'string', default: '8' },
  seeds: { type: 'string', default: '1-4' },
  budgets: { type: 'string', default: '10,25,50,100' },
  data: { type: 'string', default: '../shared/data' },
  part: { type: 'string', default: '0/1' },
} as const;

export interface GeneratedSessionArgs {
  generated?: string;
  cells?: string;
  seeds?: string;
  budgets?: string;
  data?: string;
  part?: string;
}

export interface GeneratedSession {
  cell: string;
  library: ScenarioLibrary;
  dataset: LayerDataset;
  seed: number;
  budgets: number[];
}

export const forEachGeneratedSession = async (
  args: GeneratedSessionArgs,
  run: (session: GeneratedSession) => Promise<void>,
): Promise<void> => {
  const [part, parts] = (args.part ?? '0/1').split('/').map((s) => Number.parseInt(s, 10));
  const [firstSeed, lastSeed] = (args.seeds ?? '1').split('-').map((s) => Number.parseInt(s, 10));
  const budgets = (args.budgets ?? '').split(',').map((b) => Number.parseInt(b, 10));
  const selection = parseFeatureSelection('metadata');
  const set = args.generated ?? '';
  if (!selection || !isGeneratedSet(set) || !(parts! > part! && part! >= 0) || !(firstSeed! > 0)) {
    console.error('usage: --generated tuning|held-back [--cells N] [--seeds A-B] [--budgets …] [--part i/n]');
    process.exit(2);
  }
  await selectBackend('wasm');
  const cells = await loadGeneratedCells(args.data ?? '', set, Number.parseInt(args.cells ?? '8', 10));
  for (const [index, { id, snapshot, scenario }] of cells.entries()) {
    if (index % parts! !== part) continue;
    const { library, dataset } = scenarioLayer(snapshot, scenario, selection);
    for (let seed = firstSeed!; seed <= (lastSeed ?? firstSeed)!; seed++)
      await run({ cell: id, library, dataset, seed, budgets });
  }
};

/** The JSON lines a tool printed (other lines, such as a library's warnings, are skipped). */
export const readJsonLines = <T>(files: readonly string[]): T[] =>
  files.flatMap((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as T),
  );
