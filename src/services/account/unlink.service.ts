import type { LayerLocks } from '../ports/layer.ports.js';
import type { AccountDirectory, AccountRemover } from '../ports/library.ports.js';

export interface UnlinkResult {
  hadAccount: boolean;
  /** Layers deleted, each with its sublists, labels, models, sort runs and label sessions. */
  layersDeleted: number;
}

/** What /unlink would delete, as it is now: its question says so. */
export interface UnlinkPreview {
  linked: boolean;
  layers: number;
  labels: number;
}

export interface UnlinkDeps {
  accounts: AccountRemover & Pick<AccountDirectory, 'accountOf'>;
  layers: {
    listFor(userId: string): Promise<{ id: string }[]>;
    deleteAllFor(userId: string): Promise<number>;
  };
  labels: { countsFor(userId: string): Promise<Map<string, number>> };
  locks: LayerLocks;
  settings: { delete(userId: string): Promise<void> };
  /** Pending and used /link pages. */
  links: { deleteAllFor(userId: string): Promise<void> };
  /** The users row, last: whatever else hangs on it cascades. */
  users: { delete(userId: string): Promise<void> };
}

/** Forgets a user's Spotify link and everything learned from it. Their Spotify playlists stay. */
export class UnlinkService {
  constructor(private readonly deps: UnlinkDeps) {}

  async preview(userId: string): Promise<UnlinkPreview> {
    const [account, layers, labels] = await Promise.all([
      this.deps.accounts.accountOf(userId),
      this.deps.layers.listFor(userId),
      this.deps.labels.countsFor(userId),
    ]);
    return {
      linked: account !== undefined,
      layers: layers.length,
      labels: [...labels.values()].reduce((sum, n) => sum + n, 0),
    };
  }

  async unlink(userId: string): Promise<UnlinkResult> {
    // A run being written (a /sort, a sync) finishes first: deleted under it, it would fail on
    // recording its own writes, after a write made for a user already gone.
    const layerIds = (await this.deps.layers.listFor(userId)).map((layer) => layer.id);
    return this.deps.locks.whileLayersLocked(layerIds, async () => {
      const layersDeleted = await this.deps.layers.deleteAllFor(userId);
      await this.deps.settings.delete(userId);
      const hadAccount = await this.deps.accounts.removeAccount(userId);
      await this.deps.links.deleteAllFor(userId);
      await this.deps.users.delete(userId);
      return { hadAccount, layersDeleted };
    });
  }
}
