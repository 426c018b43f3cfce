import type { Placement } from '../core/layer.js';
import type { LibrarySnapshot, SnapshotScenario } from '../core/library-snapshot.js';
import { BETWEEN_ROUNDS_OPTIONS, pickLabelRound } from './active-learner.js';
import { type LayerDataset, buildLayerDataset } from './dataset.js';
import { type FeatureSelection, selectEnrichmentBlocks } from './feature-selection.js';
import { defaultFeatureSpec } from './features.js';
import { splitByPrecision } from './confident-placements.js';
import { crossValidateLayer } from './cross-validation.js';
import type { LayerModel, ModelOptions } from './layer-model.js';
import { type LayerPrediction, predictLayer } from './predict-layer.js';
import { trainLayerModel } from './train-layer.js';
import { type PlacementScores, scorePlacements } from './metrics.js';
import { createRandom, shuffled } from './random.js';
import { type ScenarioLibrary, scenarioLibrary } from './snapshot-library.js';
import { COLD_START_ROUNDS, pickForLrPropagation } from './baseline-lr-active.js';
import {
  type LrPropagationFit,
  applySettings,
  chooseSettings,
  fitLrPropagation,
  predictRow,
  prepareLrPropagation,
} from './baseline-lr-propagation.js';
import { TRIVIAL_BASELINES, type TrivialBaseline, trivialPlacement } from './baseline-trivial.js';

/** The evaluation protocol of data/README.md, run with the same code the bot runs. */
export type NetworkBaseline = 'random-lr' | 'seed-mlp';
export type EvaluationMethod = 'motherlist' | NetworkBaseline | 'lr-propagation' | TrivialBaseline;
export const EVALUATION_METHODS: readonly EvaluationMethod[] = [
  'motherlist',
  'random-lr',
  'seed-mlp',
  'lr-propagation',
  ...TRIVIAL_BASELINES,
];
export type LabelStrategy = 'active' | 'random';

/** What a sort at the default precision target writes of the unlabeled tracks (confident-placements.ts). */
export interface ConfidentScores {
  /** Unlabeled tracks, and those with at least one placement written. */
  tracks: number;
  placedTracks: number;
  /** Written (track, sublist) placements, the right ones, and the sum of their probabilities. */
  placements: number;
  right: number;
  probabilitySum: number;
  /**
   * Every (track, sublist) placement of the full sort (every song placed), by its calibrated
   * membership in tenths: placements, right ones, sum of probabilities. At the precision target
   * most rows write nothing, so this is what shows how the calibration holds below it.
   */
  bins: CalibrationBin[];
}

export interface CalibrationBin {
  placements: number;
  right: number;
  probabilitySum: number;
}

const CALIBRATION_BINS = 10;

/** Expected calibration error: the placement-weighted mean over bins of |mean probability − share right|. */
export const calibrationError = (bins: readonly CalibrationBin[]): number | undefined => {
  const placements = bins.reduce((total, b) => total + b.placements, 0);
  if (placements === 0) return undefined;
  return bins.reduce((total, b) => total + Math.abs(b.probabilitySum - b.right), 0) / placements;
};

export interface BudgetResult {
  method: EvaluationMethod;
  budget: number;
  seed: number;
  scores: PlacementScores;
  /** Methods whose predictions carry calibrated probabilities. */
  confident?: ConfidentScores;
  /**
   * The model's rows: each trivial answer's micro-F1 on the very tracks the model was scored on
   * (pairedTrivialScores), so that "never worse than a trivial answer" compares like with like.
   */
  trivialOnSameTracks?: Partial<Record<TrivialBaseline, number>>;
  trainMs: number;
  predictMs: number;
}

export const LABEL_ROUND = 10;

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

/** Scores what a sort at the default precision target would write: precision, coverage, promise. */
export const scoreConfident = (
  library: ScenarioLibrary,
  predictions: readonly LayerPrediction[],
): ConfidentScores => {
  const withMemberships = predictions.map((p) => ({
    ...p,
    memberships: Object.fromEntries(library.sublistIds.map((id, o) => [id, p.memberships[o] ?? 0])),
  }));
  const split = splitByPrecision(withMemberships, library.mode);
  let right = 0;
  for (const { trackId, placement } of split.placed) {
    const truth = library.truth.get(trackId) ?? [];
    right += placement.filter((id) => truth.includes(id)).length;
  }
  const bins: CalibrationBin[] = Array.from({ length: CALIBRATION_BINS }, () => ({
    placements: 0,
    right: 0,
    probabilitySum: 0,
  }));
  for (const { trackId, placement, memberships } of predictions) {
    const truth = library.truth.get(trackId) ?? [];
    for (const id of placement) {
      const probability = memberships[library.sublistIds.indexOf(id)] ?? 0;
      const bin = bins[Math.min(CALIBRATION_BINS - 1, Math.floor(probability * CALIBRATION_BINS))];
      if (!bin) continue;
      bin.placements++;
      bin.probabilitySum += probability;
      if (truth.includes(id)) bin.right++;
    }
  }
  return {
    bins,
    tracks: predictions.length,
    placedTracks: split.placed.length,
    placements: split.placements,
    right,
    probabilitySum: (split.expectedPrecision ?? 0) * split.placements,
  };
};

export const scoreModel = (
  library: ScenarioLibrary,
  dataset: LayerDataset,
  model: LayerModel,
  labeled: ReadonlySet<string>,
): { scores: PlacementScores; confident: ConfidentScores; predictMs: number; scoredIds: string[] } => {
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
  return {
    scores,
    confident: scoreConfident(library, predictions),
    predictMs,
    scoredIds: predictions.map((p) => p.trackId),
  };
};

/** The random labels every baseline learns from: the first `budget` of a seeded shuffle. */
const randomOrder = (library: ScenarioLibrary, seed: number): string[] =>
  shuffled(
    library.items.map((i) => i.track.id),
    createRandom(seed),
  );

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

const scoreUnlabeled = (
  library: ScenarioLibrary,
  labeled: ReadonlySet<string>,
  placementOf: (trackId: string) => Placement,
): PlacementScores => {
  const ids = library.items.map((i) => i.track.id).filter((id) => !labeled.has(id));
  return scorePlacements(
    library.sublistIds,
    ids.map(placementOf),
    ids.map((id) => library.truth.get(id) ?? []),
  );
};

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
