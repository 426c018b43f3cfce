import type { Layer, UserSettings } from '../../core/layer-records.js';
import type { ModelFeatures } from '../../core/model-records.js';
import { linkExpiresAt } from '../../core/link-age.js';
import type { DmFailure } from '../../core/account-records.js';
import { DM_OWED_FOR_MS, type SortRun } from '../../core/run-records.js';
import type { RunSummary } from '../sorting/run-summary.js';
import type { RunDmStore, SortRunStore } from '../ports/sort-run.ports.js';
import type { WaitingStore } from '../ports/layer.ports.js';
import type { UserStore } from '../ports/user.ports.js';
import type { LayerOverview, LayerService } from '../layers/layer.service.js';
import type { TrackCatalog } from '../ports/label-session.ports.js';
import { songName } from '../../core/track.js';
import type { AccountDirectory, LinkedAccount } from '../ports/library.ports.js';
import type { SettingsService } from './settings.service.js';
import type { SyncPlan } from '../sync/sync-plan.service.js';

export interface ModelSummary {
  version: number;
  trainedAt: Date;
  labelCount: number;
  /** Cross-validated quality in [0, 1] (e.g. macro F1), when measured. */
  quality: number | undefined;
  /** What it learned from (song metadata, and which enrichment); undefined for models stored before it was recorded. */
  features?: ModelFeatures;
}

/** The layer's active model, from whoever trains them. */
export interface ModelDirectory {
  activeModel(layer: Layer): Promise<ModelSummary | undefined>;
}

/**
 * An enrichment provider as /status shows it: its state and how much of the person's library it
 * answered. A failing provider's error is the operator's (logged once per outage), not the user's.
 */
export type EnrichmentProviderStatus = (
  { state: 'on' } | { state: 'off'; reason: string } | { state: 'failing'; since: Date }
) & {
  provider: string;
  /** Library tracks the provider has data for (audio features or tags). */
  covered: number;
  total: number;
};

export interface EnrichmentHealth {
  providersFor(userId: string): Promise<EnrichmentProviderStatus[]>;
}

/** The layer's last sync run, when it will not finish (Spotify refused it, or it failed on every try). */
export interface SyncFailure {
  /** The reference the failure was logged with. */
  reference: string;
  at: Date;
  /** The new likes it could not place, which wait instead. */
  unplaced: number;
  /** It failed on every try for a cause of ours, not because Spotify refused it. */
  ourError?: true;
}

export interface LayerStatus extends LayerOverview {
  model: ModelSummary | undefined;
  syncFailure?: SyncFailure;
  /** Songs a sort or sync left waiting for an answer (the model was less sure than the precision target). */
  waitingCount: number;
  /** The names of the songs that began waiting last ("Artist – Title"), newest first: at most LATEST_WAITING. */
  latestWaiting: string[];
}

/** How many waiting songs /status names per layer (it counts them all). */
const LATEST_WAITING = 3;

/** What the run's stored summary says of its failure, if it ended failed. */
const syncFailureOf = (run: SortRun | undefined): SyncFailure | undefined => {
  const failed = (run?.summary as Partial<RunSummary> | null)?.failed;
  if (!run || run.status !== 'failed' || !failed) return undefined;
  return {
    reference: failed.reference,
    at: run.finishedAt ?? run.createdAt,
    unplaced: failed.unplacedCount,
    ...(failed.ourError ? { ourError: true as const } : {}),
  };
};

export interface UserStatus {
  account: LinkedAccount | undefined;
  layers: LayerStatus[];
  settings: UserSettings;
  syncIntervalMinutes: number;
  dmFailure: DmFailure | undefined;
  /**
   * Summaries of the last DM_OWED_FOR_MS that never reached the user: Discord refused them,
   * refused DMs for longer than they are kept, or failed every try (given up).
   */
  droppedDms?: number;
  /** The TensorFlow.js backend models train and predict on (wasm, cpu, tensorflow...). */
  modelBackend: string | undefined;
  /** The sync schedule under the daily Spotify budget (when the bot knows the budget). */
  sync?: SyncPlan;
  /** When Spotify stops accepting the link (6 months after linking). */
  linkExpiresAt?: Date;
  /** Each enrichment provider (when this process enriches). */
  enrichment?: EnrichmentProviderStatus[];
}

export class StatusService {
  constructor(
    private readonly deps: {
      accounts: AccountDirectory;
      layers: LayerService;
      models: ModelDirectory;
      settings: SettingsService;
      users: UserStore;
      /** The sort-run journal: a failed last sync is shown with its reference, dropped DMs counted. */
      runs: Pick<SortRunStore, 'lastSyncEnded'> & Pick<RunDmStore, 'droppedDmsSince'>;
      /** The layers' waiting songs (the waiting-track repository). */
      waiting: Pick<WaitingStore, 'countFor' | 'latestFor'>;
      /** The names of the latest waiting songs. */
      catalog: TrackCatalog;
      modelBackend?: () => string;
      syncPlan?: { planFor(userId: string): Promise<SyncPlan | undefined> };
      enrichment?: EnrichmentHealth;
    },
  ) {}

  /** A DM reached the user: the refusal on record no longer holds DMs back. */
  async dmDelivered(userId: string): Promise<void> {
    await this.deps.users.clearFailure(userId);
  }

  /** Discord refused a DM again: the record (and the pause it starts) is renewed. */
  async dmRefused(userId: string, reason: string, at: Date): Promise<void> {
    await this.deps.users.recordFailure(userId, reason, at);
  }

  /** The Spotify account linked now (`/link` says what linking again, or another account, does). */
  linkedAccount(userId: string): Promise<LinkedAccount | undefined> {
    return this.deps.accounts.accountOf(userId);
  }

  /** /status is the user's alone (ephemeral): it may name songs of their library. */
  private async latestWaiting(layerId: string): Promise<string[]> {
    const trackIds = await this.deps.waiting.latestFor(layerId, LATEST_WAITING);
    if (trackIds.length === 0) return [];
    const tracks = new Map((await this.deps.catalog.byIds(trackIds)).map((track) => [track.id, track]));
    return trackIds.flatMap((id) => {
      const track = tracks.get(id);
      return track ? [songName(track)] : [];
    });
  }

  async statusOf(userId: string): Promise<UserStatus> {
    const [account, overviews, settings, dmFailure, droppedDms, sync, enrichment] = await Promise.all([
      this.deps.accounts.accountOf(userId),
      this.deps.layers.list(userId),
      this.deps.settings.get(userId),
      this.deps.users.failureOf(userId),
      this.deps.runs.droppedDmsSince(userId, new Date(Date.now() - DM_OWED_FOR_MS)),
      this.deps.syncPlan?.planFor(userId),
      this.deps.enrichment?.providersFor(userId),
    ]);
    const layers = await Promise.all(
      overviews.map(async (overview) => {
        const syncFailure = syncFailureOf(await this.deps.runs.lastSyncEnded(overview.layer.id));
        return {
          ...overview,
          model: await this.deps.models.activeModel(overview.layer).catch(() => undefined),
          ...(syncFailure ? { syncFailure } : {}),
          waitingCount: await this.deps.waiting.countFor(overview.layer.id),
          latestWaiting: await this.latestWaiting(overview.layer.id),
        };
      }),
    );
    return {
      account,
      layers,
      settings,
      syncIntervalMinutes: settings.syncIntervalMinutes ?? this.deps.settings.defaultSyncIntervalMinutes,
      modelBackend: this.deps.modelBackend?.(),
      dmFailure,
      droppedDms,
      ...(sync ? { sync } : {}),
      ...(enrichment ? { enrichment } : {}),
      ...(account ? { linkExpiresAt: linkExpiresAt(account.linkedAt) } : {}),
    };
  }
}
