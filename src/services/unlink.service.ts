import type { LayerRepository } from '../db/repositories/layer.repository.js';
import type { UserSettingsRepository } from '../db/repositories/user-settings.repository.js';
import type { AccountRemover } from './library-ports.js';

export interface UnlinkResult {
  hadAccount: boolean;
  /** Layers deleted, each with its sublists, labels, models, sort runs and label sessions. */
  layersDeleted: number;
}

/** Forgets a user's Spotify link and everything learned from it. Their Spotify playlists stay. */
export class UnlinkService {
  constructor(
    private readonly deps: {
      accounts: AccountRemover;
      layers: LayerRepository;
      settings: UserSettingsRepository;
    },
  ) {}

  async unlink(userId: string): Promise<UnlinkResult> {
    const layersDeleted = await this.deps.layers.deleteAllFor(userId);
    await this.deps.settings.delete(userId);
    const hadAccount = await this.deps.accounts.removeAccount(userId);
    return { hadAccount, layersDeleted };
  }
}
