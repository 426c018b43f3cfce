/**
 * What retraining between rounds is worth (not a test): `npx tsx bench/ml/rounds-value.ts [--
 * --generated tuning --cells 8 --seeds 3]` (default: the public scenarios). The
 * evaluated label session (runMotherlistSession, 'active': a light model retrained after every
 * round picks the next) against the bot's picks before it did the same for a user with no model
 * yet: every round a cold start (graph coverage, 3 of 10 at random), then the same final model.
 * Micro-F1 of the final model on the unlabeled tracks, per public scenario, seed and budget.
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { loadGeneratedCells } from '../../src/cli/generated-cells.js';
import { readLibrarySnapshot } from '../../src/cli/read-snapshot.js';
import type { LibrarySnapshot, SnapshotScenario } from '../../src/core/library-snapshot.js';
import { pickLabelRound } from '../../src/ml/active-learner.js';
import { selectBackend } from '../../src/ml/backend.js';
import { runMotherlistSession } from '../../src/ml/evaluate-motherlist.js';
import { LABEL_ROUND, scenarioLayer } from '../../src/ml/evaluation.js';
import { parseFeatureSelection } from '../../src/ml/feature-selection.js';
import { predictLayer } from '../../src/ml/predict-layer.js';
import { trainLayerModel } from '../../src/ml/train-layer.js';
import { scorePlacements } from '../../src/ml/metrics.js';

const { values } = parseArgs({
  options: {
    generated: { type: 'string' },
    cells: { type: 'string', default: '8' },
    seeds: { type: 'string', default: '3' },
  },
});
await selectBackend('wasm');
const selection = parseFeatureSelection('metadata');
if (!selection) throw new Error('no feature selection');
const budgets = [30, 50, 100];
const seeds = Array.from({ length: Number(values.seeds) }, (_, i) => i + 1);

/** The public scenarios, or the first cells of a generated set. */
const readCells = async (): Promise<
  { id: string; snapshot: LibrarySnapshot; scenario: SnapshotScenario }[]
> => {
  if (values.generated === 'tuning' || values.generated === 'held-back')
    return loadGeneratedCells('../shared/data', values.generated, Number(values.cells));
  const publicCells = [
    ['seven-playlists', 'seven-playlists'],
    ['eargasm', 'all-playlists'],
    ['eargasm', 'single-playlist-tracks'],
  ] as const;
  return Promise.all(
    publicCells.map(async ([file, name]) => {
      const snapshot = await readLibrarySnapshot(`../shared/data/${file}.json.gz`);
      const scenario = snapshot.scenarios.find((s) => s.name === name);
      if (!scenario) throw new Error(`no scenario ${name}`);
      return { id: `${file}/${name}`, snapshot, scenario };
    }),
  );
};

for (const { id, snapshot, scenario } of await readCells()) {
  const { library, dataset } = scenarioLayer(snapshot, scenario, selection);
  for (const seed of seeds) {
    const active = await runMotherlistSession(library, dataset, budgets, seed, 'active');
    // The cold start every round, as runMotherlistSession's rounds but never a model between them.
    const asked: string[] = [];
    const randomlyDrawn = new Set<string>();
    const cold: number[] = [];
    for (const budget of budgets) {
      while (asked.length < budget) {
        const round = pickLabelRound({
          dataset,
          asked: new Set(asked),
          count: Math.min(LABEL_ROUND, budget - asked.length),
          seed: seed * 1000 + asked.length,
        });
        asked.push(...round.trackIds);
        for (const id of round.randomlyDrawn) randomlyDrawn.add(id);
      }
      const labels = new Map(asked.map((id) => [id, library.truth.get(id) ?? []]));
      const model = await trainLayerModel({
        dataset,
        mode: library.mode,
        sublistIds: library.sublistIds,
        labels,
        randomlyDrawn,
        seed,
      });
      const rows = dataset.items
        .map((_, row) => row)
        .filter((row) => !labels.has(dataset.items[row]?.track.id ?? ''));
      const predictions = predictLayer(model, dataset, rows);
      cold.push(
        scorePlacements(
          library.sublistIds,
          predictions.map((p) => p.placement),
          predictions.map((p) => library.truth.get(p.trackId) ?? []),
        ).microF1,
      );
    }
    console.log(
      [
        id,
        `seed ${seed}`,
        ...budgets.map(
          (budget, i) =>
            `${budget}: retrained ${active[i]?.scores.microF1.toFixed(3)} cold ${cold[i]?.toFixed(3)}`,
        ),
        `load ${loadavg()[0]?.toFixed(1)}`,
      ].join(' | '),
    );
  }
}
