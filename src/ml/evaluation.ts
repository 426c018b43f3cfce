import type { Placement } from '../core/layer.js';
import type { LibrarySnapshot, SnapshotScenario } from '../core/library-snapshot.js';
import { pickTracksToLabel } from './active-learner.js';
import { type LayerDataset, buildLayerDataset } from './dataset.js';
import { type FeatureSelection, selectEnrichmentBlocks } from './feature-selection.js';
import { defaultFeatureSpec } from './features.js';
import {
  type LayerModel,
  type ModelOptions,
  crossValidateLayer,
  predictLayer,
  trainLayerModel,
} from './layer-model.js';
import { type PlacementScores, scorePlacements } from './metrics.js';
import { createRandom, shuffled } from './random.js';
import { type ScenarioLibrary, scenarioLibrary } from './snapshot-library.js';

/** The evaluation protocol of data/README.md, run with the same code the bot runs. */
export type EvaluationMethod = 'motherlist' | 'random-lr' | 'seed-mlp';
export type LabelStrategy = 'active' | 'random';

export interface BudgetResult {
  method: EvaluationMethod;
  budget: number;
  seed: number;
  scores: PlacementScores;
  trainMs: number;
  predictMs: number;
}

export const LABEL_ROUND = 10;

/** Regularisation grid the baselines choose from by cross-validation on their labels. */
const L2_GRID = [1e-4, 1e-3, 1e-2];

/** The baselines keep the single model and training schedule they were tuned with, whatever the bot's model uses. */
const BASELINE_SCHEDULE: Partial<ModelOptions> = { epochs: 100, learningRate: 0.01, ensemble: false };

const BASELINES: Record<Exclude<EvaluationMethod, 'motherlist'>, Partial<ModelOptions>> = {
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

/** A snapshot scenario with only the selected feature blocks, encoded as the bot would encode it. */
export const scenarioLayer = (
  snapshot: LibrarySnapshot,
  scenario: SnapshotScenario,
  selection: FeatureSelection,
): { library: ScenarioLibrary; dataset: LayerDataset } => {
  const tracks = scenarioLibrary(snapshot, scenario, { enrichment: selection.enrichment });
  const library = { ...tracks, items: selectEnrichmentBlocks(tracks.items, selection) };
  return { library, dataset: buildLayerDataset(library.items, defaultFeatureSpec(selection.enrichment)) };
};

const scoreModel = (
  library: ScenarioLibrary,
  dataset: LayerDataset,
  model: LayerModel,
  labeled: ReadonlySet<string>,
): { scores: PlacementScores; predictMs: number } => {
  const started = performance.now();
  const rows = dataset.items
    .map((_, row) => row)
    .filter((row) => !labeled.has(dataset.items[row]?.track.id ?? ''));
  const predictions = predictLayer(model, dataset, rows);
  const predictMs = performance.now() - started;
  const scores = scorePlacements(
    library.sublistIds,
    predictions.map((p) => p.placement),
    predictions.map((p) => library.truth.get(p.trackId) ?? []),
  );
  return { scores, predictMs };
};

const labelsOf = (library: ScenarioLibrary, ids: readonly string[]): Map<string, Placement> =>
  new Map(ids.map((id) => [id, library.truth.get(id) ?? []]));

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
  const random = shuffled(
    library.items.map((i) => i.track.id),
    createRandom(seed),
  );
  const asked: string[] = [];
  let model: LayerModel | undefined;
  for (const budget of sortedBudgets) {
    while (asked.length < budget && asked.length < library.items.length) {
      const round = Math.min(LABEL_ROUND, budget - asked.length);
      const askedSet = new Set(asked);
      const next =
        strategy === 'random'
          ? random.filter((id) => !askedSet.has(id)).slice(0, round)
          : pickTracksToLabel({
              dataset,
              asked: askedSet,
              model,
              count: round,
              seed: seed * 1000 + asked.length,
            });
      asked.push(...next);
      if (strategy === 'active' && asked.length < sortedBudgets[sortedBudgets.length - 1]!) {
        model = await trainLayerModel({
          dataset,
          mode: library.mode,
          sublistIds: library.sublistIds,
          labels: labelsOf(library, asked),
          seed,
          // Between rounds a lighter model suffices to rank tracks by uncertainty.
          options: { ...options, calibrate: false, epochs: 50 },
        });
      }
    }
    const started = performance.now();
    const final = await trainLayerModel({
      dataset,
      mode: library.mode,
      sublistIds: library.sublistIds,
      labels: labelsOf(library, asked),
      seed,
      options,
    });
    const trainMs = performance.now() - started;
    onFinalModel?.(budget, final, asked);
    const { scores, predictMs } = scoreModel(library, dataset, final, new Set(asked));
    results.push({ method: 'motherlist', budget, seed, scores, trainMs, predictMs });
  }
  return results;
};

/** A baseline: random labels, its regularisation chosen by cross-validated micro-F1 on them. */
export const runBaseline = async (
  method: Exclude<EvaluationMethod, 'motherlist'>,
  library: ScenarioLibrary,
  dataset: LayerDataset,
  budgets: readonly number[],
  seed: number,
): Promise<BudgetResult[]> => {
  const order = shuffled(
    library.items.map((i) => i.track.id),
    createRandom(seed),
  );
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
    const { scores, predictMs } = scoreModel(library, dataset, best, new Set(labeledIds));
    results.push({ method, budget, seed, scores, trainMs, predictMs });
  }
  return results;
};
