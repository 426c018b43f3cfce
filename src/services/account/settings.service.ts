import type { UserSettings } from '../../core/layer-records.js';
import type { UserSettingsStore, UserStore } from '../ports/user.ports.js';
import { UserError } from '../errors.js';

export const MIN_SYNC_INTERVAL_MINUTES = 5;
export const MAX_SYNC_INTERVAL_MINUTES = 10_080;

export interface SettingsChange {
  autoSort?: boolean | undefined;
  dmSummaries?: boolean | undefined;
  /**
   * Results public (or not) in one server: `serverId` is where the user asked, null in their DM
   * with the bot (refused: there results are private anyway).
   */
  publicResults?: { on: boolean; serverId: string | null } | undefined;
  /** 0 resets to the server's default. */
  syncIntervalMinutes?: number | undefined;
}

export class SettingsService {
  constructor(
    private readonly deps: {
      settings: UserSettingsStore;
      users: UserStore;
      defaultSyncIntervalMinutes: number;
    },
  ) {}

  get(userId: string): Promise<UserSettings> {
    return this.deps.settings.get(userId);
  }

  get defaultSyncIntervalMinutes(): number {
    return this.deps.defaultSyncIntervalMinutes;
  }

  async update(userId: string, change: SettingsChange): Promise<UserSettings> {
    const current = await this.deps.settings.get(userId);
    const next: UserSettings = { ...current };
    if (change.autoSort !== undefined) next.autoSort = change.autoSort;
    if (change.dmSummaries !== undefined) next.dmSummaries = change.dmSummaries;
    if (change.publicResults !== undefined) {
      const { on, serverId } = change.publicResults;
      if (serverId === null)
        throw new UserError({ code: 'invalid-input', rule: 'public-results-per-server' });
      const others = current.publicResultServers.filter((id) => id !== serverId);
      next.publicResultServers = on ? [...others, serverId] : others;
    }
    if (change.syncIntervalMinutes !== undefined) {
      const minutes = change.syncIntervalMinutes;
      if (minutes === 0) next.syncIntervalMinutes = null;
      else if (
        !Number.isInteger(minutes) ||
        minutes < MIN_SYNC_INTERVAL_MINUTES ||
        minutes > MAX_SYNC_INTERVAL_MINUTES
      ) {
        throw new UserError({
          code: 'invalid-input',
          rule: 'sync-interval-range',
          min: MIN_SYNC_INTERVAL_MINUTES,
          max: MAX_SYNC_INTERVAL_MINUTES,
        });
      } else next.syncIntervalMinutes = minutes;
    }
    await this.deps.users.ensureUser(userId);
    return this.deps.settings.save(next);
  }

  /** The interval the sync job uses for this user. */
  async syncIntervalOf(userId: string): Promise<number> {
    return (await this.deps.settings.get(userId)).syncIntervalMinutes ?? this.deps.defaultSyncIntervalMinutes;
  }
}
