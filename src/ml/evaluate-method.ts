import type { LayerDataset } from './dataset.js';
import { runLrPropagation } from './evaluate-lr-propagation.js';
import { runMotherlistSession } from './evaluate-motherlist.js';
import { runBaseline } from './evaluate-network-baselines.js';
import { runTrivialBaseline } from './evaluate-trivial.js';
import type { BudgetResult, EvaluationMethod, LabelStrategy } from './evaluation.js';
import type { ScenarioLibrary } from './snapshot-library.js';

/** One method's results for one seed, every budget from one run. */
export const runMethod = async (
  method: EvaluationMethod,
  library: ScenarioLibrary,
  dataset: LayerDataset,
  budgets: readonly number[],
  seed: number,
  strategy: LabelStrategy,
): Promise<BudgetResult[]> => {
  switch (method) {
    case 'motherlist':
      return runMotherlistSession(library, dataset, budgets, seed, strategy);
    case 'random-lr':
    case 'seed-mlp':
      return runBaseline(method, library, dataset, budgets, seed);
    case 'lr-propagation':
      return runLrPropagation(library, dataset, budgets, seed);
    default:
      return runTrivialBaseline(method, library, budgets, seed);
  }
};
