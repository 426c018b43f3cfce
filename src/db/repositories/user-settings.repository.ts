import type { DataSource, Repository } from 'typeorm';
import type { UserSettings } from '../../core/layer-records.js';
import { UserSettingsEntity } from '../entities/index.js';

export const DEFAULT_USER_SETTINGS: Omit<UserSettings, 'userId'> = {
  autoSort: true,
  dmSummaries: true,
  publicResults: false,
  syncIntervalMinutes: null,
  removeUnliked: true,
};

const toSettings = (row: UserSettingsEntity): UserSettings => ({
  userId: row.userId,
  autoSort: row.autoSort,
  dmSummaries: row.dmSummaries,
  publicResults: row.publicResults,
  syncIntervalMinutes: row.syncIntervalMinutes,
  removeUnliked: row.removeUnliked,
});

export class UserSettingsRepository {
  private readonly rows: Repository<UserSettingsEntity>;

  constructor(dataSource: DataSource) {
    this.rows = dataSource.getRepository(UserSettingsEntity);
  }

  /** The stored settings, or the defaults when the user never changed any. */
  async get(userId: string): Promise<UserSettings> {
    const row = await this.rows.findOneBy({ userId });
    return row ? toSettings(row) : { userId, ...DEFAULT_USER_SETTINGS };
  }

  async save(settings: UserSettings): Promise<UserSettings> {
    await this.rows.upsert({ ...settings }, ['userId']);
    return this.get(settings.userId);
  }

  async delete(userId: string): Promise<void> {
    await this.rows.delete({ userId });
  }
}
