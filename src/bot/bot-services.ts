import type { Logger } from '../logger.js';
import type { ImportLabelsService } from '../services/labels/import-labels.service.js';
import type { LabelSessionService } from '../services/labels/label-session.service.js';
import type { LayerService } from '../services/layers/layer.service.js';
import type {
  LayerExplainer,
  LayerSorter,
  LayerTrainer,
  LinkStarter,
  PlacementCorrector,
} from '../services/ports/model-ports.js';
import type { RunChartSource } from '../services/sorting/run-chart.service.js';
import type { SettingsService } from '../services/account/settings.service.js';
import type { StatusService } from '../services/account/status.service.js';
import type { SublistService } from '../services/layers/sublist.service.js';
import type { TrainingRequests } from '../services/model/training-requests.service.js';
import type { UnlinkService } from '../services/account/unlink.service.js';

/** The services slash commands and components call; src/composition builds them. */
export interface BotServices {
  link: LinkStarter;
  unlink: UnlinkService;
  layers: LayerService;
  sublists: SublistService;
  labelSessions: LabelSessionService;
  importLabels: ImportLabelsService;
  trainer: LayerTrainer;
  /** /train as a job: queued per layer, answered by whichever process trains (none: /train fails). */
  trainings?: Pick<TrainingRequests, 'ensureIdle' | 'request'>;
  sorter: LayerSorter & PlacementCorrector;
  explainer: LayerExplainer;
  /** The PNG chart of a sort run, attached to its summary. */
  charts: RunChartSource;
  status: StatusService;
  settings: SettingsService;
}

export interface BotContext {
  services: BotServices;
  logger: Logger;
}
