import type { SyncLoad } from '../../core/sync-plan.js';
import type { DataSource } from 'typeorm';

/** Which linked users are due for a library sync. */
export class SyncScheduleRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Users with an active link, when the quota does not block the app, whose last sync is older
   * than their interval (their setting, else `defaultMinutes`) times `stretch` (the daily budget's).
   */
  async dueUsers(defaultMinutes: number, now: Date = new Date(), stretch = 1): Promise<string[]> {
    const rows: { user_id: string }[] = await this.dataSource.query(
      `select a.user_id
         from spotify_accounts a
         left join user_settings s on s.user_id = a.user_id
        where a.status = 'active'
          and not exists (select 1 from spotify_quota q where q.blocked_until > $1)
          and (a.last_sync_at is null
               or a.last_sync_at + make_interval(secs => coalesce(s.sync_interval_minutes, $2) * 60 * $3::float8) <= $1)
        order by a.last_sync_at nulls first, a.user_id`,
      [now, defaultMinutes, stretch],
    );
    return rows.map((row) => row.user_id);
  }

  /** Every active link with the interval its user wishes and how many playlists a sync lists. */
  async syncLoad(defaultMinutes: number): Promise<SyncLoad[]> {
    const rows: {
      user_id: string;
      wish: number;
      playlists: string | number;
      last_sync_at: Date | string | null;
    }[] = await this.dataSource.query(
      `select a.user_id, coalesce(s.sync_interval_minutes, $1) as wish, a.last_sync_at,
              (select count(*) from user_playlists p where p.user_id = a.user_id) as playlists
         from spotify_accounts a
         left join user_settings s on s.user_id = a.user_id
        where a.status = 'active'
        order by a.user_id`,
      [defaultMinutes],
    );
    return rows.map((row) => ({
      userId: row.user_id,
      wishMinutes: Number(row.wish),
      playlists: Number(row.playlists),
      lastSyncAt: row.last_sync_at === null ? null : new Date(row.last_sync_at),
    }));
  }
}
