import type { Database } from '../db/database.js';
import { createRunLocks, type RunLocks } from '../db/run-lock.js';
import type { ModelOptions } from '../ml/layer-model.js';
import { KeepSortedService, type KeepSortedDeps } from '../services/sync/keep-sorted.service.js';
import {
  LayerModelService,
  type EnrichmentProgress,
  type LayerModelDeps,
} from '../services/model/layer-model.service.js';
import type { Metrics } from '../services/ports/metrics.js';
import type { ModelWork } from '../services/ports/model-work.ports.js';
import type { Notifier } from '../services/ports/notifier.js';
import { RunChartService, type RunChartDeps } from '../services/sorting/run-chart.service.js';
import type {
  HandEditStore,
  PlaylistWriter,
  RunDmStore,
  RunLockProvider,
  SortRunDeps,
  SortStepStore,
} from '../services/ports/sort-run.ports.js';
import { SortRunService } from '../services/sorting/sort-run.service.js';
import { AnswerRetraining } from '../services/model/answer-retraining.js';
import { createRepositories, type Repositories } from './repositories.js';

export interface SortingServicesOptions {
  writer: PlaylistWriter;
  /** The pool of model threads (src/ml/pool). */
  modelWork: ModelWork;
  trainOptions?: Partial<ModelOptions>;
  enrichment?: boolean;
  /** Which kinds of enrichment are still arriving (/train says how far they are). */
  enrichmentProgress?: EnrichmentProgress;
  /** Tells users how runs finished after their answer went (an /undo cut short, a /sort held back). */
  notifier?: Notifier;
  /** The process's run charts, when its notifier (built earlier) attaches them too. */
  charts?: RunChartService;
  /** The sort runs' clock (default: the system clock). */
  now?: () => Date;
  /** Times trainings and sort runs. */
  metrics?: Metrics;
  /** The job queue's debounced retraining, queued once a correction's answer is stored. */
  retrain?: (userId: string, layerId: string) => Promise<void>;
  /** New answers since the active model that make a retraining worth it (default: AnswerRetraining's). */
  retrainAfterLabels?: number;
}

/**
 * What the sorting services read and write: the repositories, or (unit tier) the in-memory stores
 * that test/contracts holds to them.
 */
export interface SortingStores {
  layers: SortRunDeps['layers'] & KeepSortedDeps['layers'] & RunChartDeps['layers'];
  sublists: SortRunDeps['sublists'];
  labels: SortRunDeps['labels'] & KeepSortedDeps['labels'];
  settings: SortRunDeps['settings'];
  motherlist: SortRunDeps['motherlist'] & LayerModelDeps['library'];
  contents: SortRunDeps['contents'] & KeepSortedDeps['contents'];
  handEdits: HandEditStore;
  waiting: SortRunDeps['waiting'] & KeepSortedDeps['waiting'] & LayerModelDeps['waiting'];
  intake: KeepSortedDeps['intake'];
  runs: SortRunDeps['runs'] & RunDmStore & RunChartDeps['runs'];
  steps: SortStepStore;
  models: LayerModelDeps['models'] & RunChartDeps['models'];
}

export interface SortingServices<Stores extends SortingStores = Repositories, Locks = RunLocks> {
  models: LayerModelService;
  modelWork: ModelWork;
  sortRuns: SortRunService;
  charts: RunChartService;
  repositories: Stores;
  locks: Locks;
  close(): Promise<void>;
}

/** The PNG chart of a sort run, for its summary and its DM. */
export const createRunCharts = (repositories: RunChartDeps) =>
  new RunChartService({ runs: repositories.runs, layers: repositories.layers, models: repositories.models });

/** Builds the model and sort-run services on one database (every role and the sorting test harnesses). */
export const createSortingServices = (
  database: Database,
  options: SortingServicesOptions,
  repositories: Repositories = createRepositories(database, options.now),
): SortingServices => {
  const locks = createRunLocks(database.url);
  return { ...createSortingServicesOn(repositories, locks, options), close: () => locks.close() };
};

/**
 * The model and sort-run services on the given stores and run locks (createSortingServices: the
 * database's). `close` closes nothing of theirs; whoever made the stores and locks closes them. The
 * unit tier, which runs no model thread, builds the sort runs alone (createSortRunService).
 */
export const createSortingServicesOn = <Stores extends SortingStores, Locks extends RunLockProvider>(
  repositories: Stores,
  locks: Locks,
  options: SortingServicesOptions,
): SortingServices<Stores, Locks> => {
  const models = new LayerModelService({
    layers: repositories.layers,
    sublists: repositories.sublists,
    labels: repositories.labels,
    handEdits: repositories.handEdits,
    waiting: repositories.waiting,
    library: repositories.motherlist,
    models: repositories.models,
    work: options.modelWork,
    metrics: options.metrics,
    ...(options.trainOptions ? { trainOptions: options.trainOptions } : {}),
    ...(options.enrichment === undefined ? {} : { enrichment: options.enrichment }),
    ...(options.enrichmentProgress ? { enrichmentProgress: options.enrichmentProgress } : {}),
  });
  const sortRuns = createSortRunService(repositories, locks, models, options);
  const charts = options.charts ?? createRunCharts(repositories);
  return {
    models,
    modelWork: options.modelWork,
    sortRuns,
    charts,
    repositories,
    locks,
    close: async () => undefined,
  };
};

/** Retraining after answers, over the stores' labels, hand edits and models. */
const answerRetraining = (
  stores: Pick<SortingStores, 'labels' | 'handEdits' | 'models'>,
  options: { retrain: (userId: string, layerId: string) => Promise<void>; retrainAfterLabels?: number },
): AnswerRetraining =>
  new AnswerRetraining({
    labels: stores.labels,
    handEdits: stores.handEdits,
    models: stores.models,
    retrain: options.retrain,
    ...(options.retrainAfterLabels === undefined ? {} : { retrainAfterLabels: options.retrainAfterLabels }),
  });

/**
 * The sort-run service on the stores and run locks, sorting by `model` (the model service; a test of
 * the sort itself gives a stand-in).
 */
export const createSortRunService = (
  stores: SortingStores,
  locks: RunLockProvider,
  model: SortRunDeps['model'],
  options: Pick<
    SortingServicesOptions,
    'writer' | 'notifier' | 'now' | 'metrics' | 'retrain' | 'retrainAfterLabels'
  >,
): SortRunService =>
  new SortRunService({
    layers: stores.layers,
    sublists: stores.sublists,
    labels: stores.labels,
    settings: stores.settings,
    model,
    motherlist: stores.motherlist,
    contents: stores.contents,
    handEdits: stores.handEdits,
    waiting: stores.waiting,
    runs: stores.runs,
    steps: stores.steps,
    writer: options.writer,
    locks,
    metrics: options.metrics,
    ...(options.notifier ? { notifier: options.notifier } : {}),
    ...(options.now ? { now: options.now } : {}),
    ...(options.retrain
      ? { retraining: answerRetraining(stores, { ...options, retrain: options.retrain }) }
      : {}),
  });

/** The keep-sorted service on top of the sorting services. */
export const createKeepSortedService = (
  services: Pick<SortingServices<SortingStores, unknown>, 'repositories' | 'sortRuns'>,
  deps: {
    library: KeepSortedDeps['library'];
    notifier: Notifier;
    /** The job queue's debounced retraining. */
    retrain: (userId: string, layerId: string) => Promise<void>;
    retrainAfterLabels?: number;
    now?: () => Date;
  },
): KeepSortedService => {
  const r = services.repositories;
  return new KeepSortedService({
    layers: r.layers,
    sublists: r.sublists,
    labels: r.labels,
    settings: r.settings,
    contents: r.contents,
    handEdits: r.handEdits,
    waiting: r.waiting,
    intake: r.intake,
    library: deps.library,
    sortRuns: services.sortRuns,
    dms: r.runs,
    models: r.models,
    notifier: deps.notifier,
    retraining: answerRetraining(r, deps),
    ...(deps.now ? { now: deps.now } : {}),
  });
};
