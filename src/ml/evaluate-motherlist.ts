import { BETWEEN_ROUNDS_OPTIONS, pickLabelRound } from './active-learner.js';
import type { LayerDataset } from './dataset.js';
import { pairedTrivialScores } from './evaluate-trivial.js';
import {
  type BudgetResult,
  LABEL_ROUND,
  type LabelStrategy,
  labelsOf,
  randomOrder,
  scoreModel,
} from './evaluation.js';
import type { LayerModel, ModelOptions } from './layer-model.js';
import type { ScenarioLibrary } from './snapshot-library.js';
import { trainLayerModel } from './train-layer.js';

/**
 * One label session: rounds of at most 10 tracks (a round ends early at a budget so that one
 * session serves every budget), the oracle answering from the truth, then the final model.
 */
export const runMotherlistSession = async (
  library: ScenarioLibrary,
  dataset: LayerDataset,
  budgets: readonly number[],
  seed: number,
  strategy: LabelStrategy,
  options: Partial<ModelOptions> = {},
  /** Sees each budget's final model and the tracks asked so far (for diagnostics such as bench/ml/reach.ts). */
  onFinalModel?: (budget: number, model: LayerModel, asked: readonly string[]) => void,
): Promise<BudgetResult[]> => {
  const sortedBudgets = [...budgets].sort((a, b) => a - b);
  const results: BudgetResult[] = [];
  const random = randomOrder(library, seed);
  const asked: string[] = [];
  const randomlyDrawn = new Set<string>();
  let model: LayerModel | undefined;
  for (const budget of sortedBudgets) {
    while (asked.length < budget && asked.length < library.items.length) {
      const round = Math.min(LABEL_ROUND, budget - asked.length);
      const askedSet = new Set(asked);
      if (strategy === 'random') {
        const next = random.filter((id) => !askedSet.has(id)).slice(0, round);
        asked.push(...next);
        for (const id of next) randomlyDrawn.add(id);
      } else {
        const next = pickLabelRound({
          dataset,
          asked: askedSet,
          model,
          count: round,
          seed: seed * 1000 + asked.length,
        });
        asked.push(...next.trackIds);
        for (const id of next.randomlyDrawn) randomlyDrawn.add(id);
      }
      if (strategy === 'active' && asked.length < sortedBudgets[sortedBudgets.length - 1]!) {
        model = await trainLayerModel({
          dataset,
          mode: library.mode,
          sublistIds: library.sublistIds,
          labels: labelsOf(library, asked),
          seed,
          options: { ...options, ...BETWEEN_ROUNDS_OPTIONS },
        });
      }
    }
    const started = performance.now();
    const final = await trainLayerModel({
      dataset,
      mode: library.mode,
      sublistIds: library.sublistIds,
      labels: labelsOf(library, asked),
      randomlyDrawn,
      seed,
      options,
    });
    const trainMs = performance.now() - started;
    onFinalModel?.(budget, final, asked);
    const { scores, confident, predictMs, scoredIds } = scoreModel(library, dataset, final, new Set(asked));
    results.push({
      method: 'motherlist',
      budget,
      seed,
      scores,
      confident,
      trivialOnSameTracks: pairedTrivialScores(library, budget, seed, scoredIds),
      trainMs,
      predictMs,
    });
  }
  return results;
};
