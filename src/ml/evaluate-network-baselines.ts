import { crossValidateLayer } from './cross-validation.js';
import type { LayerDataset } from './dataset.js';
import { type BudgetResult, type NetworkBaseline, labelsOf, randomOrder, scoreModel } from './evaluation.js';
import type { ModelOptions } from './layer-model.js';
import type { ScenarioLibrary } from './snapshot-library.js';
import { trainLayerModel } from './train-layer.js';

/** Regularisation grid the baselines choose from by cross-validation on their labels. */
const L2_GRID = [1e-4, 1e-3, 1e-2];

/** The baselines keep the single model and training schedule they were tuned with, whatever the bot's model uses. */
const BASELINE_SCHEDULE: Partial<ModelOptions> = {
  epochs: 100,
  learningRate: 0.01,
  ensemble: false,
  blend: false,
};

const BASELINES: Record<NetworkBaseline, Partial<ModelOptions>> = {
  'random-lr': { ...BASELINE_SCHEDULE, hidden: [], useContext: false, useDegree: false, propagate: false },
  'seed-mlp': {
    ...BASELINE_SCHEDULE,
    hidden: [32],
    useContext: false,
    useDegree: false,
    blocks: ['audio'],
    propagate: false,
  },
};

/** A baseline: random labels, its regularisation chosen by cross-validated micro-F1 on them. */
export const runBaseline = async (
  method: NetworkBaseline,
  library: ScenarioLibrary,
  dataset: LayerDataset,
  budgets: readonly number[],
  seed: number,
): Promise<BudgetResult[]> => {
  const order = randomOrder(library, seed);
  const results: BudgetResult[] = [];
  for (const budget of budgets) {
    const labeledIds = order.slice(0, budget);
    const labels = labelsOf(library, labeledIds);
    const started = performance.now();
    const layer = { dataset, mode: library.mode, sublistIds: library.sublistIds, labels, seed };
    // Cross-validation on the labeled tracks picks the penalty; then the usual calibrated training.
    let bestL2 = L2_GRID[0] as number;
    let bestScore = -1;
    for (const l2 of L2_GRID) {
      const validation = await crossValidateLayer({ ...layer, options: { ...BASELINES[method], l2 } });
      const score = validation.quality?.microF1 ?? 0;
      if (score > bestScore) {
        bestScore = score;
        bestL2 = l2;
      }
    }
    const best = await trainLayerModel({ ...layer, options: { ...BASELINES[method], l2: bestL2 } });
    const trainMs = performance.now() - started;
    const { scores, confident, predictMs } = scoreModel(library, dataset, best, new Set(labeledIds));
    results.push({ method, budget, seed, scores, confident, trainMs, predictMs });
  }
  return results;
};
