import type {
  ConsumeResult,
  NewSpotifyLink,
  PendingLink,
  SpotifyAccountRecord,
} from '../../core/account-records.js';

/** One-time link ids with their OAuth state and PKCE verifier. */
export interface OAuthStateStore {
  create(link: Omit<PendingLink, 'usedAt'>): Promise<void>;
  byLinkId(linkId: string): Promise<PendingLink | undefined>;
  /** Marks the state used, once. */
  consume(state: string, at: Date): Promise<ConsumeResult>;
  deleteOpenFor(userId: string): Promise<void>;
  deleteAllFor(userId: string): Promise<void>;
  deleteExpired(before: Date): Promise<number>;
}

/** The linked Spotify accounts, as linking needs them. */
export interface SpotifyLinkStore {
  /** The user's linked account, if any (a used link's page says whether it is linked). */
  byUserId(userId: string): Promise<Pick<SpotifyAccountRecord, 'status' | 'linkedAt'> | undefined>;
  /** The Discord user the Spotify account is linked to, if any. */
  linkedUserOf(spotifyUserId: string, accountId: string | null): Promise<string | undefined>;
  /** Throws SpotifyAccountHeldError when another Discord user holds the account, even one linked a moment ago. */
  link(link: NewSpotifyLink, at: Date): Promise<void>;
}

/** What a person's authorization code opened: their tokens and the Spotify profile they belong to. */
export interface SpotifyGrant {
  accessToken: string;
  refreshToken: string;
  expiresAt: Date;
  scopes: string;
  profile: { id: string; displayName: string; accountId: string | null };
}

/**
 * Why Spotify gave no grant: the person is not on a Development Mode app's allow-list, the code was
 * used or stale, Spotify's daily limit holds the bot's requests back (the block, or the bot's own
 * budget), or anything else.
 */
export type AuthorizationRefusal = 'not-allow-listed' | 'code-rejected' | 'spotify-limit' | 'spotify-error';

export class AuthorizationRefusedError extends Error {
  /** `spotify-limit`: when the bot's requests are expected to go out again. */
  readonly until: Date | undefined;

  constructor(
    readonly kind: AuthorizationRefusal,
    options?: ErrorOptions & { until?: Date },
  ) {
    super(`Spotify gave no grant: ${kind}`, options);
    this.name = 'AuthorizationRefusedError';
    this.until = options?.until;
  }
}

/** Spotify's part of linking (OAuth Authorization Code with PKCE S256). */
export interface SpotifyAuthorization {
  /** A fresh single-use OAuth state and PKCE code verifier. */
  newSecrets(): { state: string; codeVerifier: string };
  /** Where to send the person: Spotify's authorize URL for this state and verifier. */
  authorizeUrl(state: string, codeVerifier: string): string;
  /** Exchanges the code and reads the profile; throws AuthorizationRefusedError when Spotify says no. */
  grant(code: string, codeVerifier: string): Promise<SpotifyGrant>;
}
