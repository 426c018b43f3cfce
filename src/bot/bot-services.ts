import type { Logger } from '../logger.js';
import type { ImportLabelsService } from '../services/import-labels.service.js';
import type { LabelService } from '../services/label.service.js';
import type { LabelSessionService } from '../services/label-session.service.js';
import type { LayerService } from '../services/layer.service.js';
import type {
  LayerExplainer,
  LayerSorter,
  LayerTrainer,
  LinkStarter,
  PlacementCorrector,
} from '../services/model-ports.js';
import type { RunChartSource } from '../services/run-chart.service.js';
import type { SettingsService } from '../services/settings.service.js';
import type { StatusService } from '../services/status.service.js';
import type { SublistService } from '../services/sublist.service.js';
import type { TrainingRequests } from '../services/training-requests.service.js';
import type { UnlinkService } from '../services/unlink.service.js';

/** The services slash commands and components call; src/composition builds them. */
export interface BotServices {
  link: LinkStarter;
  unlink: UnlinkService;
  layers: LayerService;
  sublists: SublistService;
  labels: LabelService;
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
