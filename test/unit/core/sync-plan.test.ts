import { describe, expect, it } from 'vitest';
import { linkExpiresAt, linkExpiresSoon } from '../../../src/core/link-age.js';
import {
  idleSyncCost,
  intervalStretch,
  projectedDailySpend,
  type SyncLoad,
} from '../../../src/core/sync-plan.js';

const users = (count: number, wishMinutes: number, playlists: number): SyncLoad[] =>
  Array.from({ length: count }, (_, i) => ({ userId: `u${i}`, wishMinutes, playlists, lastSyncAt: null }));

describe('a sync schedule that fits the daily budget', () => {
  it('costs an idle sync one Liked Songs page and one GET /me/playlists page per 50 playlists', () => {
    expect(idleSyncCost(0)).toBe(2);
    expect(idleSyncCost(50)).toBe(2);
    expect(idleSyncCost(98)).toBe(3);
  });

  it('leaves the wishes alone when they fit in half the budget', () => {
    // 2 users every 60 min, 3 requests a sync: 144 a day.
    expect(projectedDailySpend(users(2, 60, 98))).toBe(144);
    expect(intervalStretch(users(2, 60, 98), 1_000)).toBe(1);
  });

  it('stretches every interval alike when five users want a sync every 10 minutes', () => {
    // 5 × 144 syncs × 3 requests = 2,160 a day against 500 for idle syncs.
    const stretch = intervalStretch(users(5, 10, 98), 1_000);
    expect(stretch).toBeCloseTo(4.32, 5);
    expect(projectedDailySpend(users(5, 10 * stretch, 98))).toBeCloseTo(500, 5);
  });
});

describe('link age', () => {
  it('expires 182 days after linking and is due for the notice in its last week', () => {
    const linkedAt = new Date('2026-06-01T00:00:00Z');
    expect(linkExpiresAt(linkedAt).toISOString()).toBe('2026-11-30T00:00:00.000Z');
    expect(linkExpiresSoon(linkedAt, new Date('2026-11-22T23:00:00Z'))).toBe(false);
    expect(linkExpiresSoon(linkedAt, new Date('2026-11-23T00:00:00Z'))).toBe(true);
  });
});
