import { describe, expect, it } from 'vitest';
import type { APIButtonComponentWithCustomId } from 'discord.js';
import { customId } from '../../../src/bot/custom-id.js';
import { DM_RETRY_AFTER_MS } from '../../../src/core/account-records.js';
import { statusView } from '../../../src/bot/views/account.view.js';
import type { UserStatus } from '../../../src/services/account/status.service.js';
import { viewStatus } from '../../support/view-fixtures.js';

/**
 * After Discord refuses a DM the bot tries no DM for DM_RETRY_AFTER_MS: /status must not promise
 * summaries the moment the user opens their DMs, and offers to try one now.
 */
describe('/status after Discord refused a DM', () => {
  const refusedAt = new Date('2026-06-01T12:00:00Z');
  const status: UserStatus = {
    ...viewStatus,
    dmFailure: { at: refusedAt, reason: 'Discord error 50007: Cannot send messages to this user' },
  };
  const retryAt = Math.floor((refusedAt.getTime() + DM_RETRY_AFTER_MS) / 1000);

  it('within the pause: says until when no DM is tried and that summaries meanwhile wait a week at most, with a Try a DM button', () => {
    const view = statusView(status, new Date(refusedAt.getTime() + 60 * 60_000));
    const description = view.embeds[0]?.description ?? '';
    expect(description).toContain(`<t:${retryAt}:R>`);
    expect(description).toContain(
      'Summaries meanwhile wait for your DMs, 7 days at most, then they are not delivered',
    );
    expect(description).toContain('they go out at the next sync');
    expect(description).toContain('**Try a DM**');
    const button = view.components[0]?.components[0] as APIButtonComponentWithCustomId;
    expect(button.custom_id).toBe(customId('dt'));
    expect(button.label).toBe('Try a DM');
  });

  it('after the pause: the next DM is tried, and the button still checks at once', () => {
    const view = statusView(status, new Date(refusedAt.getTime() + DM_RETRY_AFTER_MS + 1));
    const description = view.embeds[0]?.description ?? '';
    expect(description).not.toContain(`<t:${retryAt}:R>`);
    expect(description).toContain('Open your DMs');
    expect((view.components[0]?.components[0] as APIButtonComponentWithCustomId).custom_id).toBe(
      customId('dt'),
    );
  });

  it('without a refusal: no button', () => {
    expect(statusView({ ...status, dmFailure: undefined }).components).toEqual([]);
  });
});
