import type { DataSource, Repository } from 'typeorm';
import type { UserSettings } from '../../core/layer-records.js';
import { UserSettingsEntity } from '../entities/index.js';

export const DEFAULT_USER_SETTINGS: Omit<UserSettings, 'userId'> = {
  autoSort: true,
  dmSummaries: true,
  publicResultServers: [],
  syncIntervalMinutes: null,
  removeUnliked: true,
};

const toSettings = (row: UserSettingsEntity): UserSettings => ({
  userId: row.userId,
  autoSort: row.autoSort,
  dmSummaries: row.dmSummaries,
  publicResultServers: row.publicResultServers,
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
    return row ? toSettings(row) : { userId, ...DEFAULT_USER_SETTINGS, publicResultServers: [] };
  }

  async save(settings: UserSettings): Promise<UserSettings> {
    await this.rows.upsert({ ...settings }, ['userId']);
    return this.get(settings.userId);
  }

  /**
   * Claims every owed "public results are per server now" notice (user_settings.public_results_reset_at),
   * each once however many processes start together.
   */
  async claimPublicResultsResetNotices(): Promise<string[]> {
    const [rows] = (await this.rows.query(
      `update user_settings set public_results_reset_at = null where public_results_reset_at is not null
       returning user_id`,
    )) as [{ user_id: string }[], number];
    return rows.map((row) => row.user_id);
  }

  /** Owes the notice again (its DM did not go out). */
  async releasePublicResultsResetNotice(userId: string, at: Date): Promise<void> {
    await this.rows.update({ userId }, { publicResultsResetAt: at });
  }

  async delete(userId: string): Promise<void> {
    await this.rows.delete({ userId });
  }
}
