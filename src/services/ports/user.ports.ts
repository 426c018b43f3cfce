import type { DmFailure } from '../../core/account-records.js';
import type { UserSettings } from '../../core/layer-records.js';

/** The users row every other table hangs on, and whether Discord refused the bot's last DM. */
export interface UserStore {
  failureOf(userId: string): Promise<DmFailure | undefined>;
  recordFailure(userId: string, reason: string, at: Date): Promise<void>;
  clearFailure(userId: string): Promise<void>;
  ensureUser(userId: string): Promise<void>;
  delete(userId: string): Promise<void>;
}

export interface UserSettingsStore {
  /** The user's settings, or the defaults. */
  get(userId: string): Promise<UserSettings>;
  save(settings: UserSettings): Promise<UserSettings>;
  delete(userId: string): Promise<void>;
}
