import type { OAuthStateStore } from '../services/ports/account.ports.js';
import { ImportLabelsService } from '../services/labels/import-labels.service.js';
import type {
  LabelCandidatePicker,
  LabelSessionStore,
  LayerGuesser,
  TrackCatalog,
} from '../services/ports/label-session.ports.js';
import { LabelSessionService } from '../services/labels/label-session.service.js';
import { LabelService } from '../services/labels/label.service.js';
import type {
  LabelStore,
  LayerLocks,
  LayerStore,
  SublistStore,
  WaitingStore,
} from '../services/ports/layer.ports.js';
import { LayerService } from '../services/layers/layer.service.js';
import { requiringLiveLink } from '../services/sorting/linked-sorter.js';
import type {
  AccountDirectory,
  AccountRemover,
  MotherlistReader,
  PlaylistDirectory,
} from '../services/ports/library.ports.js';
import type {
  LayerExplainer,
  LayerSorter,
  LayerTrainer,
  LinkStarter,
  PlacementCorrector,
} from '../services/ports/model-ports.js';
import type { RunChartSource } from '../services/sorting/run-chart.service.js';
import { SettingsService } from '../services/account/settings.service.js';
import type {
  HandEditStore,
  PlaylistContentsStore,
  RunDmStore,
  SortRunStore,
  SortStepStore,
} from '../services/ports/sort-run.ports.js';
import {
  StatusService,
  type EnrichmentHealth,
  type ModelDirectory,
} from '../services/account/status.service.js';
import { SublistService } from '../services/layers/sublist.service.js';
import { SyncPlanService, type BudgetUsage, type SyncPlanDeps } from '../services/sync/sync-plan.service.js';
import { UnlinkService } from '../services/account/unlink.service.js';
import type { UserSettingsStore, UserStore } from '../services/ports/user.ports.js';
import type { BotServices } from '../bot/bot-services.js';

/** What the bot's services need from the Spotify side and the model side. */
export interface BotPorts {
  link: LinkStarter;
  accounts: AccountDirectory & AccountRemover;
  playlists: PlaylistDirectory;
  motherlists: MotherlistReader;
  catalog: TrackCatalog;
  picker: LabelCandidatePicker;
  guesser: LayerGuesser;
  models: ModelDirectory;
  trainer: LayerTrainer;
  /** /train as a job (absent where nothing trains through the bot, e.g. service tests). */
  trainings?: BotServices['trainings'];
  sorter: LayerSorter & PlacementCorrector;
  /** One run of a layer at a time: /unlink deletes none while it is being written. */
  layerLocks: LayerLocks;
  explainer: LayerExplainer;
  charts: RunChartSource;
}

/** The stores the bot's services keep their records in (the repositories; in unit tests, test/support/memory-stores.ts). */
export interface BotStores {
  users: UserStore;
  layers: LayerStore;
  sublists: SublistStore;
  labels: LabelStore;
  handEdits: Pick<HandEditStore, 'listFor'>;
  contents: Pick<PlaylistContentsStore, 'contentsOf' | 'listedPlaylists'>;
  labelSessions: LabelSessionStore;
  settings: UserSettingsStore;
  states: Pick<OAuthStateStore, 'deleteAllFor'>;
  schedule: SyncPlanDeps['loads'];
  budget: SyncPlanDeps['learned'];
  runs: Pick<SortRunStore, 'lastSyncEnded' | 'unfinishedFor'> & Pick<RunDmStore, 'droppedDmsSince'>;
  steps: Pick<SortStepStore, 'listFor'>;
  waiting: Pick<WaitingStore, 'countFor' | 'latestFor' | 'record' | 'forgetSublist'>;
}

export interface BotServiceSet {
  services: BotServices;
  dmStatus: UserStore;
}

/** Builds the services the bot calls on the Spotify and model adapters (`ports`) and the stores. */
export const createBotServices = (
  stores: BotStores,
  ports: BotPorts,
  options: {
    defaultSyncIntervalMinutes: number;
    modelBackend?: () => string;
    /** The shared Spotify request budget: /status shows the effective sync interval and the spend. */
    spotifyBudget?: BudgetUsage & { dailyBudget: number };
    /** Each enrichment provider's state and coverage, for /status. */
    enrichment?: EnrichmentHealth;
  },
): BotServiceSet => {
  const {
    layers: layerRepository,
    sublists: sublistRepository,
    labels: labelRepository,
    settings: settingsRepository,
    users: dmStatus,
  } = stores;
  const layers = new LayerService({
    layers: layerRepository,
    sublists: sublistRepository,
    labels: labelRepository,
    handEdits: stores.handEdits,
    contents: stores.contents,
    accounts: ports.accounts,
    playlists: ports.playlists,
    users: dmStatus,
    locks: ports.layerLocks,
  });
  const labels = new LabelService(labelRepository);
  const settings = new SettingsService({
    settings: settingsRepository,
    users: dmStatus,
    defaultSyncIntervalMinutes: options.defaultSyncIntervalMinutes,
  });
  const services: BotServices = {
    link: ports.link,
    unlink: new UnlinkService({
      accounts: ports.accounts,
      layers: layerRepository,
      labels: labelRepository,
      locks: ports.layerLocks,
      settings: settingsRepository,
      links: stores.states,
      users: dmStatus,
    }),
    layers,
    sublists: new SublistService({
      layers,
      sublists: sublistRepository,
      labels: labelRepository,
      accounts: ports.accounts,
      playlists: ports.playlists,
      locks: ports.layerLocks,
      runs: stores.runs,
      steps: stores.steps,
      waiting: stores.waiting,
      models: ports.models,
    }),
    labelSessions: new LabelSessionService({
      sessions: stores.labelSessions,
      layers,
      labels,
      catalog: ports.catalog,
      picker: ports.picker,
      guesser: ports.guesser,
      motherlists: ports.motherlists,
    }),
    importLabels: new ImportLabelsService({
      layers,
      labels: labelRepository,
      playlists: ports.playlists,
      motherlists: ports.motherlists,
    }),
    trainer: ports.trainer,
    ...(ports.trainings ? { trainings: ports.trainings } : {}),
    sorter: requiringLiveLink(ports.sorter, ports.accounts),
    explainer: ports.explainer,
    charts: ports.charts,
    status: new StatusService({
      accounts: ports.accounts,
      layers,
      models: ports.models,
      settings,
      users: dmStatus,
      runs: stores.runs,
      waiting: stores.waiting,
      catalog: ports.catalog,
      ...(options.modelBackend ? { modelBackend: options.modelBackend } : {}),
      enrichment: options.enrichment,
      ...(options.spotifyBudget
        ? {
            syncPlan: new SyncPlanService({
              loads: stores.schedule,
              dailyBudget: options.spotifyBudget.dailyBudget,
              learned: stores.budget,
              defaultMinutes: options.defaultSyncIntervalMinutes,
              usage: options.spotifyBudget,
            }),
          }
        : {}),
    }),
    settings,
  };
  return { services, dmStatus };
};
