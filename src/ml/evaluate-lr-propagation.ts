import { COLD_START_ROUNDS, pickForLrPropagation } from './baseline-lr-active.js';
import {
  type LrPropagationFit,
  applySettings,
  chooseSettings,
  fitLrPropagation,
  predictRow,
  prepareLrPropagation,
} from './baseline-lr-propagation.js';
import type { LayerDataset } from './dataset.js';
import { type BudgetResult, LABEL_ROUND, labelsOf, scoreUnlabeled } from './evaluation.js';
import type { ScenarioLibrary } from './snapshot-library.js';

/** Selection of lr-propagation's settings is redone when the labels grew by this factor since the last. */
const RESELECT_GROWTH = 1.5;

/**
 * lr-propagation's label session: its own active learner in rounds of 10 (one session serves
 * every budget, as for the model), settings chosen by cross-validation at every budget and
 * whenever the labels grew by half, reused in between.
 */
export const runLrPropagation = (
  library: ScenarioLibrary,
  dataset: LayerDataset,
  budgets: readonly number[],
  seed: number,
  /** Sees the tracks asked by each budget (for diagnostics such as bench/ml/picker-swap.ts). */
  onBudget?: (budget: number, asked: readonly string[]) => void,
): BudgetResult[] => {
  const layer = prepareLrPropagation(dataset, library.mode, library.sublistIds);
  const results: BudgetResult[] = [];
  const asked: string[] = [];
  let fit: LrPropagationFit | undefined;
  let selectedAt = 0;
  let round = 0;
  const refit = (): LrPropagationFit => {
    const labels = labelsOf(library, asked);
    const reselect = fit === undefined || asked.length >= selectedAt * RESELECT_GROWTH;
    if (reselect) selectedAt = asked.length;
    return applySettings(
      layer,
      labels,
      reselect || !fit ? chooseSettings(layer, labels, seed) : fit.settings,
    );
  };
  for (const budget of [...budgets].sort((a, b) => a - b)) {
    while (asked.length < budget && asked.length < library.items.length) {
      const count = Math.min(LABEL_ROUND, budget - asked.length);
      asked.push(
        ...pickForLrPropagation({
          layer,
          asked: new Set(asked),
          fit,
          round,
          count,
          seed: seed * 1000 + asked.length,
        }),
      );
      round++;
      // The final model of a budget is fitted below.
      if (round >= COLD_START_ROUNDS && asked.length < budget) fit = refit();
    }
    const started = performance.now();
    onBudget?.(budget, asked);
    const final = fitLrPropagation(layer, labelsOf(library, asked), seed);
    const trainMs = performance.now() - started;
    fit = final;
    selectedAt = asked.length;
    const predictStarted = performance.now();
    const labeled = new Set(asked);
    const placements = new Map(
      dataset.items.map((item, row) => [
        item.track.id,
        labeled.has(item.track.id) ? [] : predictRow(layer, final, row),
      ]),
    );
    const scores = scoreUnlabeled(library, labeled, (id) => placements.get(id) ?? []);
    results.push({
      method: 'lr-propagation',
      budget,
      seed,
      scores,
      trainMs,
      predictMs: performance.now() - predictStarted,
    });
  }
  return results;
};
