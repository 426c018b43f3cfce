import { describe, expect, it } from 'vitest';
import { markCommands, userErrorText } from '../../../src/bot/views/user-error.view.js';
import { dmView } from '../../../src/bot/views/account.view.js';
import { NotLinkedError, UnknownLayerError } from '../../../src/services/errors.js';
import { NoLabelsError, NoModelError } from '../../../src/services/layer-model.service.js';
import {
  SpotifyBudgetError,
  SpotifyLinkExpiredError,
  SpotifyNotLinkedError,
  SpotifyQuotaError,
} from '../../../src/services/spotify-errors.js';

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

  it('the block DM says when it lifts', () => {
    expect(dmView({ kind: 'quota-blocked', until }).content).toContain(`<t:${seconds}:R>`);
  });
});

describe('user errors: plain words from the services, markup from the bot (issue 26 item 4)', () => {
  it('the services name commands without Discord markup', () => {
    const errors = [
      new NotLinkedError(),
      new SpotifyNotLinkedError('u'),
      new SpotifyLinkExpiredError('u'),
      new UnknownLayerError('Genres'),
      new NoModelError('Genres'),
      new NoLabelsError('Genres', 4),
    ];
    for (const error of errors) {
      expect(error.message).not.toContain('`');
      expect(error.message).toMatch(/ \/[a-z]+/);
    }
  });

  it('the bot shows the commands a user error names as code, the words unchanged', () => {
    expect(userErrorText(new NotLinkedError())).toBe('Link your Spotify account first with `/link`.');
    expect(userErrorText(new UnknownLayerError('Genres'))).toBe(
      'You have no layer named “Genres”. See `/layer list`.',
    );
    expect(markCommands('Layer “G” has no labels yet: /label or /import, then /train.')).toBe(
      'Layer “G” has no labels yet: `/label` or `/import`, then `/train`.',
    );
    expect(markCommands('Layer “G” has no sublists yet: /sublist add first.')).toBe(
      'Layer “G” has no sublists yet: `/sublist add` first.',
    );
  });

  it('leaves names the user gave and links as they are', () => {
    expect(userErrorText(new UnknownLayerError('rock /sort'))).toBe(
      'You have no layer named “rock /sort”. See `/layer list`.',
    );
    expect(markCommands('Open https://example.com/link and either/or')).toBe(
      'Open https://example.com/link and either/or',
    );
  });
});
