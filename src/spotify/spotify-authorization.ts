import {
  AuthorizationRefusedError,
  type SpotifyAuthorization,
  type SpotifyGrant,
} from '../services/ports/account.ports.js';
import {
  SpotifyApiError,
  SpotifyBudgetExhaustedError,
  SpotifyQuotaExceededError,
  SpotifyTokenError,
} from './errors.js';
import { SpotifyBudgetError, SpotifyQuotaError } from '../services/spotify-errors.js';
import type { SpotifyOAuthClient } from './oauth-client.js';
import { codeChallengeOf, createCodeVerifier, createOAuthState } from './pkce.js';
import type { SpotifySessionService } from './spotify-session.js';

/** The link flow's Spotify side: the OAuth client for the code, a session on the grant for GET /me. */
export class SpotifyLinkAuthorization implements SpotifyAuthorization {
  constructor(
    private readonly oauth: Pick<SpotifyOAuthClient, 'authorizeUrl' | 'exchangeCode'>,
    private readonly sessions: Pick<SpotifySessionService, 'clientForGrant'>,
  ) {}

  newSecrets(): { state: string; codeVerifier: string } {
    return { state: createOAuthState(), codeVerifier: createCodeVerifier() };
  }

  authorizeUrl(state: string, codeVerifier: string): string {
    return this.oauth.authorizeUrl({ state, codeChallenge: codeChallengeOf(codeVerifier) });
  }

  async grant(code: string, codeVerifier: string): Promise<SpotifyGrant> {
    try {
      const grant = await this.oauth.exchangeCode(code, codeVerifier);
      if (!grant.refreshToken) throw new Error('the token response has no refresh token');
      const me = await this.sessions.clientForGrant(grant).me();
      return {
        accessToken: grant.accessToken,
        refreshToken: grant.refreshToken,
        expiresAt: grant.expiresAt,
        scopes: grant.scopes,
        profile: { id: me.id, displayName: me.display_name || me.id, accountId: me.account_id ?? null },
      };
    } catch (cause) {
      const until = limitEnd(cause);
      if (until) throw new AuthorizationRefusedError('spotify-limit', { cause, until });
      // A Development Mode app answers 403 to every user not on its allow-list.
      const notAllowed = cause instanceof SpotifyApiError && cause.status === 403;
      // A code is single use and short-lived: a replayed or stale callback gets invalid_grant.
      const codeRejected = cause instanceof SpotifyTokenError && cause.invalidGrant;
      const kind = notAllowed ? 'not-allow-listed' : codeRejected ? 'code-rejected' : 'spotify-error';
      throw new AuthorizationRefusedError(kind, { cause });
    }
  }
}

/**
 * When Spotify's daily limit (a stored QUOTA_EXCEEDED block, or the bot's own budget) lets
 * requests go out again, if that is what stopped the code exchange (raised by the OAuth client)
 * or GET /me (raised by the session as a user error).
 */
const limitEnd = (error: unknown): Date | undefined => {
  if (error instanceof SpotifyQuotaExceededError)
    return new Date(error.untilMs ?? Date.now() + error.retryAfterMs);
  if (error instanceof SpotifyBudgetExhaustedError) return new Date(error.untilMs);
  if (error instanceof SpotifyQuotaError || error instanceof SpotifyBudgetError) return error.until;
  return undefined;
};
