import { NotLinkedError, UserError, UserErrorCode } from './errors.js';

/** No Spotify account is linked to this Discord user. */
export class SpotifyNotLinkedError extends NotLinkedError {
  constructor(readonly discordUserId: string) {
    super('Your Spotify account is not linked yet. Use `/link` to connect it.');
    this.name = 'SpotifyNotLinkedError';
  }
}

/** Spotify refused the refresh token (6-month expiry or revoked access): only a new /link helps. */
export class SpotifyLinkExpiredError extends UserError {
  constructor(readonly discordUserId: string) {
    super(
      UserErrorCode.LinkExpired,
      'Your Spotify link has expired (Spotify asks for a new approval every 6 months, or access was revoked). Use `/link` to connect again.',
    );
    this.name = 'SpotifyLinkExpiredError';
  }
}

/** The bot's Spotify quota (Development Mode, shared by all its users) is used up for a while. */
export class SpotifyQuotaError extends UserError {
  constructor(readonly retryAfterMs: number) {
    const minutes = Math.max(1, Math.ceil(retryAfterMs / 60_000));
    super(
      'spotify-quota',
      `Spotify's request quota for this bot is used up for now. Please try again in about ${minutes} minute${minutes === 1 ? '' : 's'}.`,
    );
    this.name = 'SpotifyQuotaError';
  }
}
