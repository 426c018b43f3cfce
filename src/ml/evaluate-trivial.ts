import type { Placement } from '../core/layer.js';
import { TRIVIAL_BASELINES, type TrivialBaseline, trivialPlacement } from './baseline-trivial.js';
import { type BudgetResult, randomOrder, scoreUnlabeled } from './evaluation.js';
import { scorePlacements } from './metrics.js';
import type { ScenarioLibrary } from './snapshot-library.js';

/** A trivial answer as the protocol decides it: from the first `budget` random labels of the seed. */
const trivialAnswer = (
  method: TrivialBaseline,
  library: ScenarioLibrary,
  labeledIds: readonly string[],
): Placement | undefined =>
  trivialPlacement(
    method,
    library.mode,
    library.sublistIds,
    labeledIds.map((id) => library.truth.get(id) ?? []),
  );

/** A trivial answer from the same random labels as the baselines; none for `all-void` in a complete layer. */
export const runTrivialBaseline = (
  method: TrivialBaseline,
  library: ScenarioLibrary,
  budgets: readonly number[],
  seed: number,
): BudgetResult[] => {
  const order = randomOrder(library, seed);
  return budgets.flatMap((budget): BudgetResult[] => {
    const labeledIds = order.slice(0, budget);
    const started = performance.now();
    const placement = trivialAnswer(method, library, labeledIds);
    if (placement === undefined) return [];
    const trainMs = performance.now() - started;
    const scores = scoreUnlabeled(library, new Set(labeledIds), () => placement);
    return [{ method, budget, seed, scores, trainMs, predictMs: 0 }];
  });
};

/**
 * Every trivial answer (decided as runTrivialBaseline decides it) scored on `trackIds`, the tracks
 * a learner left unlabeled: its own label session asks other tracks than the random protocol, so the
 * trivial rows alone score other songs (a model that decodes to `everywhere` then differs from the
 * `everywhere` row in the fourth decimal).
 */
export const pairedTrivialScores = (
  library: ScenarioLibrary,
  budget: number,
  seed: number,
  trackIds: readonly string[],
): Partial<Record<TrivialBaseline, number>> => {
  const labeledIds = randomOrder(library, seed).slice(0, budget);
  const paired: Partial<Record<TrivialBaseline, number>> = {};
  for (const method of TRIVIAL_BASELINES) {
    const placement = trivialAnswer(method, library, labeledIds);
    if (placement === undefined) continue;
    paired[method] = scorePlacements(
      library.sublistIds,
      trackIds.map(() => placement),
      trackIds.map((id) => library.truth.get(id) ?? []),
    ).microF1;
  }
  return paired;
};
