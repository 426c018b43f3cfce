import { describe, expect, it } from 'vitest';
import { settingsView, statusView } from '../../../src/bot/views/account.view.js';
import { duration } from '../../../src/bot/views/view.js';
import { defaultSettings } from '../../support/memory-stores.js';
import { viewStatus } from '../../support/view-fixtures.js';

/**
 * Sync intervals were shown as raw minutes: "sync every 10080 min", "Sync interval: **10080 min**
 * (default)", "11618 min". They read as days, hours or minutes now.
 */
describe('durations in minutes as a person reads them', () => {
  it('in days, hours or minutes, whichever is whole; under two hours in minutes', () => {
    expect(duration(10_080)).toBe('7 days');
    expect(duration(1_440)).toBe('1 day');
    expect(duration(360)).toBe('6 hours');
    expect(duration(60)).toBe('1 hour');
    expect(duration(90)).toBe('90 minutes');
    expect(duration(1)).toBe('1 minute');
    expect(duration(200)).toBe('3 hours 20 minutes');
    expect(duration(11_618)).toBe('8 days 1 hour 38 minutes');
  });

  it('/status says the sync interval so, stretched or not', () => {
    const at = new Date('2026-12-05T22:00:00Z');
    const stretched = statusView({
      ...viewStatus,
      settings: { ...defaultSettings('u'), syncIntervalMinutes: null },
      sync: {
        wishMinutes: 10_080,
        effectiveMinutes: 11_618,
        nextSyncAt: at,
        requestsUsed: 1,
        requestsLeft: 9,
        dailyBudget: 10,
        learnedFromBlock: undefined,
        blockedUntil: undefined,
        syncsResumeAt: undefined,
      },
    }).embeds[0]?.description;
    expect(stretched).toContain(
      'sync every 8 days 1 hour 38 minutes (the default is 7 days: the daily Spotify budget stretches it)',
    );
    const plain = statusView({ ...viewStatus, syncIntervalMinutes: 360 }).embeds[0]?.description;
    expect(plain).toContain('sync every 6 hours\n');
  });

  it('/settings says the sync interval so', () => {
    const settings = { ...defaultSettings('u'), syncIntervalMinutes: null };
    expect(settingsView(settings, 10_080, null).content).toContain(
      'Sync interval: **every 7 days** (default)',
    );
    expect(settingsView({ ...settings, syncIntervalMinutes: 90 }, 10_080, null).content).toContain(
      'Sync interval: **every 90 minutes**',
    );
  });
});
