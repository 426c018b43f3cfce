import type { DataSource } from 'typeorm';

/** Which linked users are due for a library sync. */
export class SyncScheduleRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Users with an active link, not blocked by the quota, whose last sync is older than their
   * interval (their setting, else `defaultMinutes`).
   */
  async dueUsers(defaultMinutes: number, now: Date = new Date()): Promise<string[]> {
    const rows: { user_id: string }[] = await this.dataSource.query(
      `select a.user_id
         from spotify_accounts a
         left join user_settings s on s.user_id = a.user_id
        where a.status = 'active'
          and not exists (select 1 from spotify_quota q where q.blocked_until > $1)
          and (a.last_sync_at is null
               or a.last_sync_at + make_interval(mins => coalesce(s.sync_interval_minutes, $2)) <= $1)
        order by a.last_sync_at nulls first, a.user_id`,
      [now, defaultMinutes],
    );
    return rows.map((row) => row.user_id);
  }
}
