import { describe, expect, it } from 'vitest';
import { parseCustomId } from '../../../src/bot/custom-id.js';
import { dmView, statusView } from '../../../src/bot/views/account.view.js';
import type { UserStatus } from '../../../src/services/account/status.service.js';
import type { SyncPlan } from '../../../src/services/sync/sync-plan.service.js';
import { defaultSettings } from '../../support/memory-stores.js';
import { viewStatus } from '../../support/view-fixtures.js';

const base: UserStatus = { ...viewStatus, settings: { ...defaultSettings('u'), syncIntervalMinutes: 10 } };
const at = (iso: string) => new Date(iso);
const t = (iso: string) => Math.ceil(Date.parse(iso) / 1000);
/** A sync plan stretched by the budget, with no block and the syncs' share not spent. */
const plan: SyncPlan = {
  wishMinutes: 10,
  effectiveMinutes: 44,
  nextSyncAt: at('2026-12-05T22:00:00Z'),
  requestsUsed: 312,
  requestsLeft: 688,
  dailyBudget: 1_000,
  learnedFromBlock: undefined,
  blockedUntil: undefined,
  syncsResumeAt: undefined,
};

describe('/status and the Spotify limits', () => {
  it('shows the effective interval, the next sync, the spend and when the link expires', () => {
    const description = statusView({
      ...base,
      linkExpiresAt: at('2027-06-01T00:00:00Z'),
      sync: plan,
    }).embeds[0]?.description;
    expect(description).toContain('sync every 44 minutes (you asked for 10 minutes');
    expect(description).toContain(`next <t:${t('2026-12-05T22:00:00Z')}:R>`);
    expect(description).toContain('312 used, 688 left of 1000');
    expect(description).toContain(`link expires <t:${t('2027-06-01T00:00:00Z')}:D>`);
    expect(description).not.toContain('quota blocks');
  });

  it('says when a quota block lifts, and keeps the plain interval without a budget', () => {
    const blocked = statusView({
      ...base,
      sync: {
        wishMinutes: 10,
        effectiveMinutes: 10,
        nextSyncAt: at('2026-12-06T04:00:00Z'),
        requestsUsed: 612,
        requestsLeft: 0,
        dailyBudget: 611,
        learnedFromBlock: { requests: 611, at: at('2026-12-05T18:00:00Z'), configured: 1_000 },
        blockedUntil: at('2026-12-06T04:00:00Z'),
        syncsResumeAt: undefined,
      },
    }).embeds[0]?.description;
    expect(blocked).toContain(`quota blocks the bot until <t:${t('2026-12-06T04:00:00Z')}:t>`);
    expect(blocked).toContain('612 used, 0 left of 611');
    expect(blocked).toContain(
      `blocked the bot <t:${t('2026-12-05T18:00:00Z')}:R> after 611 requests in 24 h, below the 1000 configured: the bot now plans with 611`,
    );
    expect(blocked).toContain('sync every 10 minutes · next');
    expect(statusView(base).embeds[0]?.description).toContain('sync every 10 minutes\n');
  });

  it('while the syncs’ share of the budget is spent, says the next sync waits for it, and why', () => {
    const description = statusView({
      ...base,
      sync: {
        ...plan,
        effectiveMinutes: 10,
        nextSyncAt: at('2026-12-06T09:30:00Z'),
        syncsResumeAt: at('2026-12-06T09:30:00Z'),
      },
    }).embeds[0]?.description;
    expect(description).toContain(
      `sync every 10 minutes · next <t:${t('2026-12-06T09:30:00Z')}:R> (syncs have spent their share of the daily Spotify budget until then; the rest is kept for commands)`,
    );
  });

  it('the DM a week before the link expires says when and carries a "Link again" button', () => {
    const view = dmView({ kind: 'link-expiring', expiresAt: at('2027-06-01T00:00:00Z') });
    expect(view.content).toContain(`<t:${t('2027-06-01T00:00:00Z')}:R>`);
    const button = (view.components[0] as { components: { custom_id?: string; label?: string }[] })
      .components[0]!;
    expect(button.label).toBe('Link again');
    expect(parseCustomId(button.custom_id!)).toEqual({ ok: true, id: { kind: 'rl', args: [] } });
  });

  it('the DM after Spotify stopped accepting the link carries the same "Link again" button', () => {
    const view = dmView({ kind: 'relink', reason: 'the Spotify approval expired or was revoked' });
    expect(view.content).toContain('Please link again with `/link` or the button below');
    expect(view.components).toEqual(
      dmView({ kind: 'link-expiring', expiresAt: at('2027-06-01') }).components,
    );
  });

  it('the DM to a user whose link the bot removed says why and how to link again, with the same button', () => {
    const view = dmView({ kind: 'link-removed' });
    expect(view.content).toContain('Motherlist removed your Spotify link');
    expect(view.content).toContain('linked from another Discord account too');
    expect(view.content).toContain('link again with `/link` or the button below');
    expect(view.content).toContain('your layers, labels and models stay');
    expect(view.components).toEqual(
      dmView({ kind: 'link-expiring', expiresAt: at('2027-06-01') }).components,
    );
  });
});

describe('/status when the budget stretches the default interval', () => {
  it('does not say “you asked for” a value the user never set', () => {
    const description = statusView({
      ...viewStatus,
      settings: { ...defaultSettings('u'), syncIntervalMinutes: null },
      sync: { ...plan, wishMinutes: 10_080, effectiveMinutes: 11_618 },
    }).embeds[0]?.description;
    expect(description).toContain(
      'sync every 8 days 1 hour 38 minutes (the default is 7 days: the daily Spotify budget stretches it)',
    );
    expect(description).not.toContain('you asked for');
  });
});
