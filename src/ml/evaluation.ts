import type { Placement } from '../core/layer.js';
import type { LibrarySnapshot, SnapshotScenario } from '../core/library-snapshot.js';
import { TRIVIAL_BASELINES, type TrivialBaseline } from './baseline-trivial.js';
import { type ConfidentScores, scoreConfident } from './confident-scores.js';
import { type LayerDataset, buildLayerDataset } from './dataset.js';
import { type FeatureSelection, selectEnrichmentBlocks } from './feature-selection.js';
import { defaultFeatureSpec } from './features.js';
import type { LayerModel } from './layer-model.js';
import { type PlacementScores, scorePlacements } from './metrics.js';
import { predictLayer } from './predict-layer.js';
import { createRandom, shuffled } from './random.js';
import { type ScenarioLibrary, scenarioLibrary } from './snapshot-library.js';

/**
 * The evaluation protocol of data/README.md, run with the same code the bot runs: its methods and
 * results, and what their sessions share (the random labels, scoring on the unlabeled tracks).
 * Each method's session is an evaluate-*.ts; evaluate-method.ts runs the one asked for.
 */
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
export const randomOrder = (library: ScenarioLibrary, seed: number): string[] =>
  shuffled(
    library.items.map((i) => i.track.id),
    createRandom(seed),
  );

export const labelsOf = (library: ScenarioLibrary, ids: readonly string[]): Map<string, Placement> =>
  new Map(ids.map((id) => [id, library.truth.get(id) ?? []]));

export const scoreUnlabeled = (
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
