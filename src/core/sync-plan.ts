/** A linked user as the sync schedule sees them. */
export interface SyncLoad {
  userId: string;
  /** Their /settings sync_interval, else the server default. */
  wishMinutes: number;
  /** Playlists in their library: GET /me/playlists is read 50 at a time. */
  playlists: number;
  lastSyncAt: Date | null;
}

const MINUTES_PER_DAY = 1_440;

/**
 * The share of the daily budget that scheduled syncs of an idle library are planned to spend: the
 * rest is for new likes' sorts, hand-edit reads, imports, sorts and corrections.
 */
export const IDLE_SYNC_SHARE = 0.5;

/**
 * Requests of a sync when nothing changed: one page of Liked Songs, and the GET /me/playlists
 * pages whose snapshot_ids show that no playlist changed.
 */
export const idleSyncCost = (playlists: number): number => 1 + Math.max(1, Math.ceil(playlists / 50));

/** Requests a day the users' syncs would spend at the intervals they wish, idle. */
export const projectedDailySpend = (loads: readonly SyncLoad[]): number =>
  loads.reduce((sum, load) => sum + (MINUTES_PER_DAY / load.wishMinutes) * idleSyncCost(load.playlists), 0);

/**
 * How much every wished interval is stretched so that idle syncs stay within their share of the
 * budget: 1 when the wishes fit.
 */
export const intervalStretch = (loads: readonly SyncLoad[], dailyBudget: number): number =>
  Math.max(1, projectedDailySpend(loads) / (dailyBudget * IDLE_SYNC_SHARE));

/** SPOTIFY_DAILY_BUDGET, lowered to what a QUOTA_EXCEEDED taught when that is less. */
export const budgetInForce = (configured: number, learned: number | undefined): number =>
  learned === undefined ? configured : Math.min(configured, learned);
