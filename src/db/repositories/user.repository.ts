import type { DataSource, Repository } from 'typeorm';
import type { DmFailure } from '../../core/account-records.js';
import { UserEntity } from '../entities/index.js';
import { storableText } from '../storable-text.js';

/** The users row every other table hangs on, and whether Discord refused the bot's last DM (users.dm_failed_at). */
export class UserRepository {
  private readonly rows: Repository<UserEntity>;

  constructor(dataSource: DataSource) {
    this.rows = dataSource.getRepository(UserEntity);
  }

  async failureOf(userId: string): Promise<DmFailure | undefined> {
    const row = await this.rows.findOneBy({ id: userId });
    return row?.dmFailedAt ? { at: row.dmFailedAt, reason: row.dmFailureReason ?? 'unknown' } : undefined;
  }

  async recordFailure(userId: string, reason: string, at: Date): Promise<void> {
    await this.rows.upsert({ id: userId, dmFailedAt: at, dmFailureReason: storableText(reason) }, ['id']);
  }

  async clearFailure(userId: string): Promise<void> {
    await this.rows.update({ id: userId }, { dmFailedAt: null, dmFailureReason: null });
  }

  /**
   * Claims every owed "your Spotify link was removed" notice (users.link_removed_at), each once
   * however many processes start together; `linked`: the user linked again since (nothing to tell).
   */
  async claimLinkRemovedNotices(): Promise<{ userId: string; linked: boolean }[]> {
    const [rows] = (await this.rows.query(
      `update users u set link_removed_at = null where link_removed_at is not null
       returning u.id, exists (select 1 from spotify_accounts a where a.user_id = u.id) as linked`,
    )) as [{ id: string; linked: boolean }[], number];
    return rows.map((row) => ({ userId: row.id, linked: row.linked }));
  }

  /** Owes the notice again (its DM did not go out). */
  async releaseLinkRemovedNotice(userId: string, at: Date): Promise<void> {
    await this.rows.update({ id: userId }, { linkRemovedAt: at });
  }

  /** Creates the user row the other tables hang on, if it is missing. */
  async ensureUser(userId: string): Promise<void> {
    await this.rows.createQueryBuilder().insert().values({ id: userId }).orIgnore().execute();
  }

  /** Deletes the user row; every table that belongs to the user cascades from it. */
  async delete(userId: string): Promise<void> {
    await this.rows.delete({ id: userId });
  }
}
