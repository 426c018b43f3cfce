import { UserError } from './errors.js';

/** No Spotify account is linked to this Discord user. */
export class SpotifyNotLinkedError extends UserError<{ code: 'not-linked' }> {
  constructor(readonly discordUserId: string) {
    super({ code: 'not-linked' });
    this.name = 'SpotifyNotLinkedError';
  }
}

/** Spotify refused the refresh token (6-month expiry or revoked access): only a new /link helps. */
export class SpotifyLinkExpiredError extends UserError<{ code: 'link-expired' }> {
  constructor(readonly discordUserId: string) {
    super({ code: 'link-expired' });
    this.name = 'SpotifyLinkExpiredError';
  }
}

/** The bot's Spotify quota (Development Mode, shared by all its users) is used up until `until`. */
export class SpotifyQuotaError extends UserError<{ code: 'spotify-quota'; until: Date }> {
  constructor(readonly until: Date) {
    super({ code: 'spotify-quota', until });
    this.name = 'SpotifyQuotaError';
  }
}

/** The bot's daily Spotify request budget has nothing left for this kind of work until `until`. */
export class SpotifyBudgetError extends UserError<{ code: 'spotify-budget'; until: Date; priority: string }> {
  constructor(
    readonly until: Date,
    readonly priority: string,
  ) {
    super({ code: 'spotify-budget', until, priority });
    this.name = 'SpotifyBudgetError';
  }
}
