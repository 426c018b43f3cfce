import { randomBytes } from 'node:crypto';
import type { OAuthStateStore, SpotifyLinkStore } from './account.ports.js';
import type { Logger } from '../logger.js';
import { SpotifyApiError, SpotifyTokenError } from '../spotify/errors.js';
import type { SpotifyOAuthClient, TokenGrant } from '../spotify/oauth-client.js';
import { codeChallengeOf, createCodeVerifier, createOAuthState } from '../spotify/pkce.js';
import type { TokenCipher } from '../spotify/token-cipher.js';
import type { SpotifySessionService } from '../spotify/spotify-session.js';

/** How long a /link URL (and the OAuth state behind it) stays usable. */
export const LINK_LIFETIME_MS = 10 * 60_000;

/** Why a link attempt ended without a link; the web pages explain each one. */
export type LinkFailureKind =
  | 'unknown-link'
  | 'expired'
  | 'already-used'
  | 'denied'
  | 'spotify-error'
  | 'code-rejected'
  | 'not-allow-listed'
  | 'linked-to-someone-else';

export class LinkFailedError extends Error {
  constructor(
    readonly kind: LinkFailureKind,
    options?: ErrorOptions,
  ) {
    super(`linking failed: ${kind}`, options);
    this.name = 'LinkFailedError';
  }
}

export interface CallbackParameters {
  state: string | undefined;
  code: string | undefined;
  /** Spotify's `error` parameter (access_denied when the person refused). */
  error: string | undefined;
}

export interface LinkedResult {
  discordUserId: string;
  displayName: string;
}

export interface LinkAccountDeps {
  states: OAuthStateStore;
  accounts: SpotifyLinkStore;
  cipher: TokenCipher;
  oauth: Pick<SpotifyOAuthClient, 'authorizeUrl' | 'exchangeCode'>;
  sessions: Pick<SpotifySessionService, 'clientForGrant'>;
  /** PUBLIC_URL without a trailing slash. */
  publicUrl: string;
  /** Told after a successful link (the bot DMs "linked as <name>"); its failure does not undo the link. */
  onLinked: (discordUserId: string, displayName: string) => Promise<void> | void;
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  now?: () => Date;
}

/**
 * Linking a Discord user to a Spotify account: a one-time URL, the redirect to Spotify with a
 * single-use state bound to the user and PKCE S256, then the callback that exchanges the code and
 * stores the tokens encrypted. Nothing is stored unless every step succeeded.
 */
export class LinkAccountService {
  private readonly now: () => Date;

  constructor(private readonly deps: LinkAccountDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  /** `PUBLIC_URL/link/<one-time id>`, valid for 10 minutes; earlier unused links of the user stop working. */
  async createLinkUrl(discordUserId: string): Promise<string> {
    const linkId = randomBytes(18).toString('base64url');
    await this.deps.states.deleteOpenFor(discordUserId);
    await this.deps.states.deleteExpired(this.now());
    await this.deps.states.create({
      linkId,
      userId: discordUserId,
      state: createOAuthState(),
      codeVerifier: createCodeVerifier(),
      expiresAt: new Date(this.now().getTime() + LINK_LIFETIME_MS),
    });
    return `${this.deps.publicUrl}/link/${linkId}`;
  }

  /** Spotify's authorize URL for a link id; throws LinkFailedError when the link cannot be used. */
  async authorizeUrlFor(linkId: string): Promise<string> {
    const link = await this.deps.states.byLinkId(linkId);
    if (!link) throw new LinkFailedError('unknown-link');
    if (link.usedAt) throw new LinkFailedError('already-used');
    if (link.expiresAt <= this.now()) throw new LinkFailedError('expired');
    return this.deps.oauth.authorizeUrl({
      state: link.state,
      codeChallenge: codeChallengeOf(link.codeVerifier),
    });
  }

  /** Finishes the link from Spotify's redirect; throws LinkFailedError (nothing stored) on any failure. */
  async completeLink({ state, code, error }: CallbackParameters): Promise<LinkedResult> {
    if (!state) throw new LinkFailedError('unknown-link');
    const consumed = await this.deps.states.consume(state, this.now());
    if (consumed.outcome !== 'consumed')
      throw new LinkFailedError(consumed.outcome === 'unknown' ? 'unknown-link' : 'already-used');
    const { link } = consumed;
    if (link.expiresAt <= this.now()) throw new LinkFailedError('expired');
    if (error) throw new LinkFailedError(error === 'access_denied' ? 'denied' : 'spotify-error');
    if (!code) throw new LinkFailedError('spotify-error');

    let grant: TokenGrant;
    let profile: { id: string; displayName: string; accountId: string | null };
    try {
      grant = await this.deps.oauth.exchangeCode(code, link.codeVerifier);
      if (!grant.refreshToken) throw new Error('the token response has no refresh token');
      const me = await this.deps.sessions.clientForGrant(grant).me();
      profile = { id: me.id, displayName: me.display_name || me.id, accountId: me.account_id ?? null };
    } catch (cause) {
      this.deps.logger.warn(
        { err: cause, userId: link.userId },
        'Spotify link failed at the token exchange or GET /me',
      );
      // A Development Mode app answers 403 to every user not on its allow-list.
      const notAllowed = cause instanceof SpotifyApiError && cause.status === 403;
      // A code is single use and short-lived: a replayed or stale callback gets invalid_grant.
      const codeRejected = cause instanceof SpotifyTokenError && cause.invalidGrant;
      const kind = notAllowed ? 'not-allow-listed' : codeRejected ? 'code-rejected' : 'spotify-error';
      throw new LinkFailedError(kind, { cause });
    }

    const holder = await this.deps.accounts.linkedUserOf(profile.id, profile.accountId);
    if (holder !== undefined && holder !== link.userId) throw new LinkFailedError('linked-to-someone-else');

    await this.deps.accounts.link(
      {
        userId: link.userId,
        spotifyUserId: profile.id,
        accountId: profile.accountId,
        displayName: profile.displayName,
        accessTokenCiphertext: this.deps.cipher.encrypt(grant.accessToken),
        refreshTokenCiphertext: this.deps.cipher.encrypt(grant.refreshToken),
        scopes: grant.scopes,
        accessTokenExpiresAt: grant.expiresAt,
      },
      this.now(),
    );
    this.deps.logger.info({ userId: link.userId, spotifyUserId: profile.id }, 'Spotify account linked');
    try {
      await this.deps.onLinked(link.userId, profile.displayName);
    } catch (cause) {
      this.deps.logger.warn({ err: cause, userId: link.userId }, 'the linked notification failed');
    }
    return { discordUserId: link.userId, displayName: profile.displayName };
  }
}
