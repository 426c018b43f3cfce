import type { Database } from '../db/database.js';
import { HandEditRepository } from '../db/repositories/hand-edit.repository.js';
import { LabelRepository } from '../db/repositories/label.repository.js';
import { LayerRepository } from '../db/repositories/layer.repository.js';
import { LayerTrackRepository } from '../db/repositories/layer-track.repository.js';
import { ModelRepository } from '../db/repositories/model.repository.js';
import { MotherlistTracksRepository } from '../db/repositories/motherlist-tracks.repository.js';
import { PlaylistContentsRepository } from '../db/repositories/playlist-contents.repository.js';
import { SortRunRepository } from '../db/repositories/sort-run.repository.js';
import { SortStepRepository } from '../db/repositories/sort-step.repository.js';
import { SublistRepository } from '../db/repositories/sublist.repository.js';
import { UserSettingsRepository } from '../db/repositories/user-settings.repository.js';
import { createRunLocks, type RunLocks } from '../db/run-lock.js';
import type { ModelOptions } from '../ml/layer-model.js';
import { KeepSortedService } from '../services/keep-sorted.service.js';
import { LayerModelService } from '../services/layer-model.service.js';
import type { ModelWork } from '../services/model-work.ports.js';
import type { Notifier } from '../services/notifier.js';
import { RunChartService } from '../services/run-chart.service.js';
import type { PlaylistWriter } from '../services/sort-run.ports.js';
import { SortRunService } from '../services/sort-run.service.js';

export interface SortingServicesOptions {
  writer: PlaylistWriter;
  /** The pool of model threads (src/ml/pool). */
  modelWork: ModelWork;
  trainOptions?: Partial<ModelOptions>;
  enrichment?: boolean;
  /** Tells users that an undo cut short by a restart has finished. */
  notifier?: Notifier;
}

export interface SortingServices {
  models: LayerModelService;
  modelWork: ModelWork;
  sortRuns: SortRunService;
  charts: RunChartService;
  repositories: {
    layers: LayerRepository;
    sublists: SublistRepository;
    labels: LabelRepository;
    settings: UserSettingsRepository;
    motherlist: MotherlistTracksRepository;
    contents: PlaylistContentsRepository;
    handEdits: HandEditRepository;
    intake: LayerTrackRepository;
    runs: SortRunRepository;
    steps: SortStepRepository;
    models: ModelRepository;
  };
  locks: RunLocks;
  close(): Promise<void>;
}

/** Builds the model and sort-run services on one database (main.ts and the worker both use it). */
export const createSortingServices = (
  database: Database,
  options: SortingServicesOptions,
): SortingServices => {
  const { dataSource } = database;
  const repositories = {
    layers: new LayerRepository(dataSource),
    sublists: new SublistRepository(dataSource),
    labels: new LabelRepository(dataSource),
    settings: new UserSettingsRepository(dataSource),
    motherlist: new MotherlistTracksRepository(dataSource),
    contents: new PlaylistContentsRepository(dataSource),
    handEdits: new HandEditRepository(dataSource),
    intake: new LayerTrackRepository(dataSource),
    runs: new SortRunRepository(dataSource),
    steps: new SortStepRepository(dataSource),
    models: new ModelRepository(dataSource),
  };
  const locks = createRunLocks(database.url);
  const models = new LayerModelService({
    sublists: repositories.sublists,
    labels: repositories.labels,
    library: repositories.motherlist,
    models: repositories.models,
    work: options.modelWork,
    ...(options.trainOptions ? { trainOptions: options.trainOptions } : {}),
    ...(options.enrichment === undefined ? {} : { enrichment: options.enrichment }),
  });
  const sortRuns = new SortRunService({
    layers: repositories.layers,
    sublists: repositories.sublists,
    labels: repositories.labels,
    settings: repositories.settings,
    model: models,
    motherlist: repositories.motherlist,
    contents: repositories.contents,
    handEdits: repositories.handEdits,
    runs: repositories.runs,
    steps: repositories.steps,
    writer: options.writer,
    locks,
    ...(options.notifier ? { notifier: options.notifier } : {}),
  });
  const charts = new RunChartService({
    runs: repositories.runs,
    layers: repositories.layers,
    models: repositories.models,
  });
  return {
    models,
    modelWork: options.modelWork,
    sortRuns,
    charts,
    repositories,
    locks,
    close: () => locks.close(),
  };
};

/** The keep-sorted service on top of the sorting services. */
export const createKeepSortedService = (
  services: SortingServices,
  deps: {
    library: { syncLibrary(userId: string): Promise<unknown> };
    notifier: Notifier;
    retrain: (userId: string, layerId: string) => Promise<void>;
    retrainAfterLabels?: number;
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
    intake: r.intake,
    library: deps.library,
    sortRuns: services.sortRuns,
    dms: r.runs,
    models: r.models,
    notifier: deps.notifier,
    retrain: deps.retrain,
    ...(deps.retrainAfterLabels === undefined ? {} : { retrainAfterLabels: deps.retrainAfterLabels }),
  });
};
