import { NotLinkedError, UserError, UserErrorCode } from './errors.js';

/** No Spotify account is linked to this Discord user. */
export class SpotifyNotLinkedError extends NotLinkedError {
  constructor(readonly discordUserId: string) {
    super('Your Spotify account is not linked yet. Use /link to connect it.');
    this.name = 'SpotifyNotLinkedError';
  }
}

/** Spotify refused the refresh token (6-month expiry or revoked access): only a new /link helps. */
export class SpotifyLinkExpiredError extends UserError {
  constructor(readonly discordUserId: string) {
    super(
      UserErrorCode.LinkExpired,
      'Your Spotify link has expired (Spotify asks for a new approval every 6 months, or access was revoked). Use /link to connect again.',
    );
    this.name = 'SpotifyLinkExpiredError';
  }
}

const clock = (at: Date): string => `${at.toISOString().slice(11, 16)} UTC`;

/** The bot's Spotify quota (Development Mode, shared by all its users) is used up until `until`. */
export class SpotifyQuotaError extends UserError {
  constructor(readonly until: Date) {
    super(
      UserErrorCode.SpotifyQuota,
      `Spotify's request quota for this bot is used up; it lifts at ${clock(until)}. Nothing is lost: your new likes are sorted after that.`,
    );
    this.name = 'SpotifyQuotaError';
  }
}

/** The bot's daily Spotify request budget has nothing left for this kind of work until `until`. */
export class SpotifyBudgetError extends UserError {
  constructor(
    readonly until: Date,
    readonly priority: string,
  ) {
    super(
      UserErrorCode.SpotifyBudget,
      `This bot's Spotify requests for today are used up (Spotify allows only so many a day); more are available at ${clock(until)}.`,
    );
    this.name = 'SpotifyBudgetError';
  }
}
