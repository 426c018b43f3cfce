import type { AccountRemover } from './library.ports.js';

export interface UnlinkResult {
  hadAccount: boolean;
  /** Layers deleted, each with its sublists, labels, models, sort runs and label sessions. */
  layersDeleted: number;
}

export interface UnlinkDeps {
  accounts: AccountRemover;
  layers: { deleteAllFor(userId: string): Promise<number> };
  settings: { delete(userId: string): Promise<void> };
  /** Pending and used /link pages. */
  links: { deleteAllFor(userId: string): Promise<void> };
  /** The users row, last: whatever else hangs on it cascades. */
  users: { delete(userId: string): Promise<void> };
}

/** Forgets a user's Spotify link and everything learned from it. Their Spotify playlists stay. */
export class UnlinkService {
  constructor(private readonly deps: UnlinkDeps) {}

  async unlink(userId: string): Promise<UnlinkResult> {
    const layersDeleted = await this.deps.layers.deleteAllFor(userId);
    await this.deps.settings.delete(userId);
    const hadAccount = await this.deps.accounts.removeAccount(userId);
    await this.deps.links.deleteAllFor(userId);
    await this.deps.users.delete(userId);
    return { hadAccount, layersDeleted };
  }
}
