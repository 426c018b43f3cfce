import type { Database } from '../db/database.js';
import { UserRepository } from '../db/repositories/user.repository.js';
import { LabelSessionRepository } from '../db/repositories/label-session.repository.js';
import { LabelRepository } from '../db/repositories/label.repository.js';
import { OAuthStateRepository } from '../db/repositories/oauth-state.repository.js';
import { LayerRepository } from '../db/repositories/layer.repository.js';
import { SublistRepository } from '../db/repositories/sublist.repository.js';
import { SyncScheduleRepository } from '../db/repositories/sync-schedule.repository.js';
import { UserSettingsRepository } from '../db/repositories/user-settings.repository.js';
import { ImportLabelsService } from '../services/import-labels.service.js';
import type { LabelCandidatePicker, LayerGuesser, TrackCatalog } from '../services/label-session.ports.js';
import { LabelSessionService } from '../services/label-session.service.js';
import { LabelService } from '../services/label.service.js';
import { LayerService } from '../services/layer.service.js';
import { requiringLiveLink } from '../services/linked-sorter.js';
import type {
  AccountDirectory,
  AccountRemover,
  MotherlistReader,
  PlaylistDirectory,
} from '../services/library-ports.js';
import type {
  LayerExplainer,
  LayerSorter,
  LayerTrainer,
  LinkStarter,
  PlacementCorrector,
} from '../services/model-ports.js';
import type { RunChartRenderer } from '../services/run-chart.service.js';
import { SettingsService } from '../services/settings.service.js';
import { StatusService, type ModelDirectory } from '../services/status.service.js';
import { SublistService } from '../services/sublist.service.js';
import { SyncPlanService, type BudgetUsage } from '../services/sync-plan.service.js';
import { UnlinkService } from '../services/unlink.service.js';
import type { BotServices } from './bot-services.js';

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
  sorter: LayerSorter & PlacementCorrector;
  explainer: LayerExplainer;
  charts: RunChartRenderer;
}

export interface BotServiceSet {
  services: BotServices;
  dmStatus: UserRepository;
}

/** Builds the repositories and services the bot calls; main.ts passes the Spotify and model adapters. */
export const createBotServices = (
  database: Database,
  ports: BotPorts,
  options: {
    defaultSyncIntervalMinutes: number;
    modelBackend?: () => string;
    /** The shared Spotify request budget: /status shows the effective sync interval and the spend. */
    spotifyBudget?: BudgetUsage & { dailyBudget: number };
  },
): BotServiceSet => {
  const { dataSource } = database;
  const layerRepository = new LayerRepository(dataSource);
  const sublistRepository = new SublistRepository(dataSource);
  const labelRepository = new LabelRepository(dataSource);
  const settingsRepository = new UserSettingsRepository(dataSource);
  const dmStatus = new UserRepository(dataSource);
  const layers = new LayerService({
    layers: layerRepository,
    sublists: sublistRepository,
    labels: labelRepository,
    accounts: ports.accounts,
    playlists: ports.playlists,
    users: dmStatus,
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
      settings: settingsRepository,
      links: new OAuthStateRepository(dataSource),
      users: dmStatus,
    }),
    layers,
    sublists: new SublistService({
      layers,
      sublists: sublistRepository,
      labels: labelRepository,
      accounts: ports.accounts,
      playlists: ports.playlists,
    }),
    labels,
    labelSessions: new LabelSessionService({
      sessions: new LabelSessionRepository(dataSource),
      layers,
      labels,
      accounts: ports.accounts,
      catalog: ports.catalog,
      picker: ports.picker,
      guesser: ports.guesser,
    }),
    importLabels: new ImportLabelsService({
      layers,
      labels: labelRepository,
      accounts: ports.accounts,
      playlists: ports.playlists,
      motherlists: ports.motherlists,
    }),
    trainer: ports.trainer,
    sorter: requiringLiveLink(ports.sorter, ports.accounts),
    explainer: ports.explainer,
    charts: ports.charts,
    status: new StatusService({
      accounts: ports.accounts,
      layers,
      models: ports.models,
      settings,
      users: dmStatus,
      ...(options.modelBackend ? { modelBackend: options.modelBackend } : {}),
      ...(options.spotifyBudget
        ? {
            syncPlan: new SyncPlanService({
              loads: new SyncScheduleRepository(dataSource),
              dailyBudget: options.spotifyBudget.dailyBudget,
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
