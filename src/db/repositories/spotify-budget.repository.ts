import type { DataSource } from 'typeorm';
import type { LearnedBudget, QuotaBlock, RequestAdmission } from '../../core/budget-records.js';

const MINUTE_MS = 60_000;

type Queryable = Pick<DataSource, 'query'>;

const minuteOf = (at: Date): Date => new Date(Math.floor(at.getTime() / MINUTE_MS) * MINUTE_MS);

/** The requests counted from the bucket minute given as the parameter `minute` on. */
const spentSince = (minute: string): string =>
  `select coalesce(sum(requests), 0) as spent from spotify_request_buckets where minute >= ${minute}`;

/**
 * The Spotify request budget and quota block shared by every process on the database: requests
 * counted in per-minute buckets, and the app's QUOTA_EXCEEDED block in a single row.
 */
export class SpotifyBudgetRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Checks and counts one request at `at` in one transaction that holds the spotify_budget row:
   * the block in force refuses it, else it is counted when the spend since `since` is below
   * `allowanceFor(learned budget)`. Two processes asking for the last request wait for each other
   * on that row, and the second sees the first one's count.
   */
  async admit(
    at: Date,
    since: Date,
    allowanceFor: (learned: number | undefined) => number,
  ): Promise<RequestAdmission> {
    return this.dataSource.transaction(async (manager) => {
      const locked: { learned_budget: number | null }[] = await manager.query(
        `insert into spotify_budget (id) values (1)
         on conflict (id) do update set id = excluded.id returning learned_budget`,
      );
      const block = await this.blockIn(manager, at);
      if (block) return { admitted: false, block };
      const allowance = allowanceFor(locked[0]?.learned_budget ?? undefined);
      const counted: unknown[] = await manager.query(
        `insert into spotify_request_buckets (minute, requests)
         select $1, 1 where (${spentSince('$2')}) < $3
         on conflict (minute) do update set requests = spotify_request_buckets.requests + 1
         returning requests`,
        [minuteOf(at), minuteOf(since), allowance],
      );
      return counted.length > 0 ? { admitted: true } : { admitted: false, allowance };
    });
  }

  /**
   * Stores what was spent since `since` (less the refused request, counted already) as the budget
   * Spotify's quota allows, learned at `at`; returns it.
   */
  async learn(at: Date, since: Date): Promise<LearnedBudget> {
    const rows: { learned_budget: number }[] = await this.dataSource.query(
      `insert into spotify_budget (id, learned_budget, learned_at)
       values (1, greatest(1, (${spentSince('$2')}) - 1), $1)
       on conflict (id) do update set
         learned_budget = excluded.learned_budget, learned_at = excluded.learned_at
       returning learned_budget`,
      [at, minuteOf(since)],
    );
    return { requests: Number(rows[0]!.learned_budget), at };
  }

  /** The budget the last QUOTA_EXCEEDED taught, if any. */
  async learned(): Promise<LearnedBudget | undefined> {
    const rows: { learned_budget: number | null; learned_at: Date | string | null }[] =
      await this.dataSource.query(
        'select learned_budget, learned_at from spotify_budget where id = 1 and learned_budget is not null',
      );
    const row = rows[0];
    return row ? { requests: Number(row.learned_budget), at: new Date(row.learned_at!) } : undefined;
  }

  /** Requests counted in the buckets of minutes after `since` (the minute holding `since` included). */
  async spentSince(since: Date): Promise<number> {
    const rows: { spent: string | number | null }[] = await this.dataSource.query(spentSince('$1'), [
      minuteOf(since),
    ]);
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
  blockAt(at: Date): Promise<QuotaBlock | undefined> {
    return this.blockIn(this.dataSource, at);
  }

  private async blockIn(queryable: Queryable, at: Date): Promise<QuotaBlock | undefined> {
    const rows: { blocked_from: Date | string; blocked_until: Date | string; blocks: number }[] =
      await queryable.query(
        'select blocked_from, blocked_until, blocks from spotify_quota where id = 1 and blocked_until > $1',
        [at],
      );
    const row = rows[0];
    return row
      ? { from: new Date(row.blocked_from), until: new Date(row.blocked_until), blocks: Number(row.blocks) }
      : undefined;
  }
}
