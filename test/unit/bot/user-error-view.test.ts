import { describe, expect, it } from 'vitest';
import { userErrorText } from '../../../src/bot/views/user-error.view.js';
import { dmView } from '../../../src/bot/views/account.view.js';
import { NotLinkedError } from '../../../src/services/errors.js';
import { SpotifyBudgetError, SpotifyQuotaError } from '../../../src/services/spotify-errors.js';

const until = new Date('2026-12-06T03:30:00.400Z');
const seconds = Math.ceil(until.getTime() / 1000);

describe('user errors about Spotify limits', () => {
  it('say when a quota block lifts as a Discord timestamp every reader sees in their own time', () => {
    const text = userErrorText(new SpotifyQuotaError(until));
    expect(text).toContain(`<t:${seconds}:R>`);
    expect(text).toMatch(/quota/);
  });

  it('say when a spent budget has requests again', () => {
    expect(userErrorText(new SpotifyBudgetError(until, 'interactive'))).toContain(`<t:${seconds}:R>`);
  });

  it('leave other user errors as they are, and the block DM says when it lifts', () => {
    expect(userErrorText(new NotLinkedError())).toBe(new NotLinkedError().message);
    expect(dmView({ kind: 'quota-blocked', until }).content).toContain(`<t:${seconds}:R>`);
  });
});
