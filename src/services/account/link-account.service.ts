import { randomBytes } from 'node:crypto';
import { SpotifyAccountHeldError } from '../../core/account-records.js';
import {
  AuthorizationRefusedError,
  type OAuthStateStore,
  type SpotifyAuthorization,
  type SpotifyGrant,
  type SpotifyLinkStore,
} from '../ports/account.ports.js';
import type { Logger } from '../../logger.js';
import type { SecretCipher } from './secret-cipher.js';

/** How long a /link URL (and the OAuth state behind it) stays usable. */
export const LINK_LIFETIME_MS = 10 * 60_000;

/** Why a link attempt ended without a link; the web pages explain each one. */
export type LinkFailureKind =
  | 'unknown-link'
  | 'expired'
  /** A used link, and its Discord user is linked to Spotify since it was used. */
  | 'used-and-linked'
  /** A used link that changed nothing: the account linked before it stays linked. */
  | 'used-link-unchanged'
  /** A used link, and its Discord user has no working link now. */
  | 'used-not-linked'
  | 'denied'
  | 'spotify-error'
  | 'code-rejected'
  | 'spotify-limit'
  | 'not-allow-listed'
  | 'linked-to-someone-else';

export class LinkFailedError extends Error {
  /** `spotify-limit`: when the bot's requests to Spotify are expected to go out again. */
  readonly until: Date | undefined;

  constructor(
    readonly kind: LinkFailureKind,
    options?: ErrorOptions & { until?: Date | undefined },
  ) {
    super(`linking failed: ${kind}`, options);
    this.name = 'LinkFailedError';
    this.until = options?.until;
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
  cipher: SecretCipher;
  spotify: SpotifyAuthorization;
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
      ...this.deps.spotify.newSecrets(),
      expiresAt: new Date(this.now().getTime() + LINK_LIFETIME_MS),
    });
    return `${this.deps.publicUrl}/link/${linkId}`;
  }

  /** Spotify's authorize URL for a link id; throws LinkFailedError when the link cannot be used. */
  async authorizeUrlFor(linkId: string): Promise<string> {
    const link = await this.deps.states.byLinkId(linkId);
    if (!link) throw new LinkFailedError('unknown-link');
    if (link.usedAt) throw await this.usedLinkFailure(link.userId, link.usedAt);
    if (link.expiresAt <= this.now()) throw new LinkFailedError('expired');
    return this.deps.spotify.authorizeUrl(link.state, link.codeVerifier);
  }

  /**
   * A used link opened again (the button pressed twice, a reload, the browser's back): whether its
   * Discord user is linked now, and whether since the link was used. Never which account: whoever
   * has the URL may open it.
   */
  private async usedLinkFailure(userId: string, usedAt: Date): Promise<LinkFailedError> {
    const account = await this.deps.accounts.byUserId(userId);
    if (account?.status !== 'active') return new LinkFailedError('used-not-linked');
    return new LinkFailedError(account.linkedAt >= usedAt ? 'used-and-linked' : 'used-link-unchanged');
  }

  /** Finishes the link from Spotify's redirect; throws LinkFailedError (nothing stored) on any failure. */
  async completeLink({ state, code, error }: CallbackParameters): Promise<LinkedResult> {
    if (!state) throw new LinkFailedError('unknown-link');
    const consumed = await this.deps.states.consume(state, this.now());
    if (consumed.outcome === 'unknown') throw new LinkFailedError('unknown-link');
    if (consumed.outcome === 'already-used')
      throw await this.usedLinkFailure(consumed.link.userId, consumed.link.usedAt);
    const { link } = consumed;
    if (link.expiresAt <= this.now()) throw new LinkFailedError('expired');
    if (error) throw new LinkFailedError(error === 'access_denied' ? 'denied' : 'spotify-error');
    if (!code) throw new LinkFailedError('spotify-error');

    let grant: SpotifyGrant;
    try {
      grant = await this.deps.spotify.grant(code, link.codeVerifier);
    } catch (error) {
      const refused = error instanceof AuthorizationRefusedError;
      const cause = refused ? error.cause : error;
      this.deps.logger.warn(
        { err: cause, userId: link.userId },
        'Spotify link failed at the token exchange or GET /me',
      );
      throw new LinkFailedError(refused ? error.kind : 'spotify-error', {
        cause,
        ...(refused ? { until: error.until } : {}),
      });
    }
    const { profile } = grant;

    const holder = await this.deps.accounts.linkedUserOf(profile.id, profile.accountId);
    if (holder !== undefined && holder !== link.userId) throw new LinkFailedError('linked-to-someone-else');

    try {
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
    } catch (error) {
      // Someone else linked the account between the check above and this link.
      if (error instanceof SpotifyAccountHeldError)
        throw new LinkFailedError('linked-to-someone-else', { cause: error });
      throw error;
    }
    this.deps.logger.info({ userId: link.userId, spotifyUserId: profile.id }, 'Spotify account linked');
    try {
      await this.deps.onLinked(link.userId, profile.displayName);
    } catch (cause) {
      this.deps.logger.warn({ err: cause, userId: link.userId }, 'the linked notification failed');
    }
    return { discordUserId: link.userId, displayName: profile.displayName };
  }
}
