/**
 * Chooses the calibration's prior weight and minimum of out-of-fold answers on the generated
 * TUNING cells (never the held-back ones): one label session per cell and seed, then for each
 * final model its out-of-fold predictions (crossValidateLayer, same seed as the training) are
 * calibrated under every setting and the split at the default precision target scored on the
 * unlabeled tracks. `npx tsx bench/ml/calibration-tuning.ts --cells 8 [--cell ID …] [--seeds 1]
 * [--budgets 25,50,100]` prints one JSON line per cell, seed, budget and setting.
 */
import { parseArgs } from 'node:util';
import { loadGeneratedCells } from '../../src/cli/generated-cells.js';
import { selectBackend } from '../../src/ml/backend.js';
import {
  PRIOR_WEIGHT,
  calibrateOutputs,
  fitCalibration,
  placementProbability,
} from '../../src/ml/calibration.js';
import { splitByPrecision } from '../../src/ml/confident-placements.js';
import { runMotherlistSession } from '../../src/ml/evaluate-motherlist.js';
import { scenarioLayer } from '../../src/ml/evaluation.js';
import { parseFeatureSelection } from '../../src/ml/feature-selection.js';
import { crossValidateLayer } from '../../src/ml/cross-validation.js';
import type { LayerModel } from '../../src/ml/layer-model.js';
import { predictLayer } from '../../src/ml/predict-layer.js';

const { values } = parseArgs({
  options: {
    cells: { type: 'string', default: '8' },
    cell: { type: 'string', multiple: true },
    seeds: { type: 'string', default: '1' },
    budgets: { type: 'string', default: '25,50,100' },
    data: { type: 'string', default: '../shared/data' },
  },
});
const WEIGHTS = [PRIOR_WEIGHT, 5, 10, 20];
const MINIMUM_EXAMPLES = [0, 20, 40];

await selectBackend('auto');
const all = await loadGeneratedCells(values.data ?? '', 'tuning', Number(values.cells));
const cells = values.cell ? all.filter((c) => values.cell?.includes(c.id)) : all;
const budgets = (values.budgets ?? '').split(',').map(Number);
const selection = parseFeatureSelection('metadata');
if (!selection) throw new Error('no feature selection');
for (const cell of cells) {
  const { library, dataset } = scenarioLayer(cell.snapshot, cell.scenario, selection);
  for (let seed = 1; seed <= Number(values.seeds); seed++) {
    const finals: { budget: number; model: LayerModel; asked: string[] }[] = [];
    await runMotherlistSession(library, dataset, budgets, seed, 'active', {}, (budget, model, asked) =>
      finals.push({ budget, model, asked: [...asked] }),
    );
    for (const { budget, model, asked } of finals) {
      const labels = new Map(asked.map((id) => [id, library.truth.get(id) ?? []]));
      const { mode, sublistIds } = library;
      const validation = await crossValidateLayer({ dataset, mode, sublistIds, labels, seed });
      const outOfFold = validation.outOfFold;
      if (!outOfFold) continue;
      const askedSet = new Set(asked);
      const rows = dataset.items
        .map((_, row) => row)
        .filter((row) => !askedSet.has(dataset.items[row]?.track.id ?? ''));
      const predictions = predictLayer(model, dataset, rows);
      const outputs = { mode, sublistIds };
      for (const weight of WEIGHTS) {
        const calibration = fitCalibration(outputs, outOfFold.probabilities, outOfFold.targets, weight);
        for (const minimum of MINIMUM_EXAMPLES) {
          const calibrated = predictions.map((p) => {
            const c = calibrateOutputs(outputs, p.probabilities, calibration);
            return {
              trackId: p.trackId,
              placement: p.placement,
              calibrated: outOfFold.probabilities.length >= minimum,
              confidence: placementProbability(c, sublistIds, p.placement),
              memberships: Object.fromEntries(sublistIds.map((id, o) => [id, c.memberships[o] ?? 0])),
            };
          });
          const split = splitByPrecision(calibrated, mode);
          let right = 0;
          for (const placed of split.placed) {
            const truth = library.truth.get(placed.trackId) ?? [];
            right += placed.placement.filter((id) => truth.includes(id)).length;
          }
          console.log(
            JSON.stringify({
              cell: cell.id,
              seed,
              budget,
              weight,
              minimum,
              tracks: predictions.length,
              placedTracks: split.placed.length,
              placements: split.placements,
              right,
              probabilitySum: (split.expectedPrecision ?? 0) * split.placements,
            }),
          );
        }
      }
    }
  }
}
