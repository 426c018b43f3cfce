import type { DataSource } from 'typeorm';

const MINUTE_MS = 60_000;

export interface QuotaBlock {
  from: Date;
  until: Date;
  /** Blocks so far (this one included). */
  blocks: number;
}

const minuteOf = (at: Date): Date => new Date(Math.floor(at.getTime() / MINUTE_MS) * MINUTE_MS);

/**
 * The Spotify request budget and quota block shared by every process on the database: requests
 * counted in per-minute buckets, and the app's QUOTA_EXCEEDED block in a single row.
 */
export class SpotifyBudgetRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Counts `requests` made at `at`. */
  async record(at: Date, requests = 1): Promise<void> {
    await this.dataSource.query(
      `insert into spotify_request_buckets (minute, requests) values ($1, $2)
       on conflict (minute) do update set requests = spotify_request_buckets.requests + excluded.requests`,
      [minuteOf(at), requests],
    );
  }

  /** Requests counted in the buckets of minutes after `since` (the minute holding `since` included). */
  async spentSince(since: Date): Promise<number> {
    const rows: { spent: string | number | null }[] = await this.dataSource.query(
      'select coalesce(sum(requests), 0) as spent from spotify_request_buckets where minute >= $1',
      [minuteOf(since)],
    );
    return Number(rows[0]?.spent ?? 0);
  }

  /** Requests per bucket minute from `since` on, oldest first (for projections and status). */
  async bucketsSince(since: Date): Promise<{ minute: Date; requests: number }[]> {
    const rows: { minute: Date | string; requests: number }[] = await this.dataSource.query(
      'select minute, requests from spotify_request_buckets where minute >= $1 order by minute',
      [minuteOf(since)],
    );
    return rows.map((row) => ({ minute: new Date(row.minute), requests: Number(row.requests) }));
  }

  /** Drops buckets older than `before`. */
  async prune(before: Date): Promise<void> {
    await this.dataSource.query('delete from spotify_request_buckets where minute < $1', [minuteOf(before)]);
  }

  /**
   * Stores a QUOTA_EXCEEDED block ending at `until`: extends the current block, or starts a new one
   * when the last one was over by `at`. Atomic, so two processes that meet the 429 together agree.
   */
  async block(at: Date, until: Date): Promise<QuotaBlock> {
    const rows: { blocked_from: Date | string; blocked_until: Date | string; blocks: number }[] =
      await this.dataSource.query(
        `insert into spotify_quota (id, blocked_from, blocked_until, blocks) values (1, $1, $2, 1)
         on conflict (id) do update set
           blocked_from = case when spotify_quota.blocked_until > $1
                               then spotify_quota.blocked_from else excluded.blocked_from end,
           blocks = case when spotify_quota.blocked_until > $1
                         then spotify_quota.blocks else spotify_quota.blocks + 1 end,
           blocked_until = greatest(spotify_quota.blocked_until, excluded.blocked_until)
         returning blocked_from, blocked_until, blocks`,
        [at, until],
      );
    const row = rows[0]!;
    return {
      from: new Date(row.blocked_from),
      until: new Date(row.blocked_until),
      blocks: Number(row.blocks),
    };
  }

  /** The block in force at `at`, if any. */
  async blockAt(at: Date): Promise<QuotaBlock | undefined> {
    const rows: { blocked_from: Date | string; blocked_until: Date | string; blocks: number }[] =
      await this.dataSource.query(
        'select blocked_from, blocked_until, blocks from spotify_quota where id = 1 and blocked_until > $1',
        [at],
      );
    const row = rows[0];
    return row
      ? { from: new Date(row.blocked_from), until: new Date(row.blocked_until), blocks: Number(row.blocks) }
      : undefined;
  }
}
