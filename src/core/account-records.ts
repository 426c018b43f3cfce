export type SpotifyAccountStatus = 'active' | 'expired';

/** A linked Spotify account as stored: the tokens stay ciphertexts here. */
export interface SpotifyAccountRecord {
  userId: string;
  spotifyUserId: string;
  accountId: string | null;
  displayName: string;
  accessTokenCiphertext: string;
  refreshTokenCiphertext: string;
  scopes: string;
  accessTokenExpiresAt: Date;
  status: SpotifyAccountStatus;
  lastSyncAt: Date | null;
  /** Liked Songs' total at the last sync. */
  likedTotal: number | null;
  /** When the first whole read of the library finished (null: still under way). */
  libraryReadAt: Date | null;
  /** During the first read: Liked Songs read so far, of Spotify's total. */
  libraryReadSongs: number | null;
  libraryReadTotal: number | null;
  linkedAt: Date;
}

export type NewSpotifyLink = Omit<
  SpotifyAccountRecord,
  | 'status'
  | 'lastSyncAt'
  | 'likedTotal'
  | 'libraryReadAt'
  | 'libraryReadSongs'
  | 'libraryReadTotal'
  | 'linkedAt'
>;

export interface EncryptedTokens {
  accessTokenCiphertext: string;
  refreshTokenCiphertext: string;
  accessTokenExpiresAt: Date;
}

/** A one-time /link id with its OAuth state and PKCE verifier. */
export interface PendingLink {
  linkId: string;
  userId: string;
  state: string;
  codeVerifier: string;
  expiresAt: Date;
  usedAt: Date | null;
}

/** `already-used` names the link, so that its page can say what became of it. */
export type ConsumeResult =
  | { outcome: 'consumed'; link: PendingLink }
  | { outcome: 'already-used'; link: PendingLink & { usedAt: Date } }
  | { outcome: 'unknown' };

/** Discord refused the bot's last DM to the user (shown by /status). */
export interface DmFailure {
  at: Date;
  reason: string;
}

/** After Discord refuses a DM, further DMs wait this long instead of being retried at every sync. */
export const DM_RETRY_AFTER_MS = 24 * 60 * 60 * 1000;

/**
 * A link refused because another Discord user holds the Spotify account (by Spotify user id or
 * account id): the database keeps one holder per account, so the loser of two links at the same
 * moment gets this too.
 */
export class SpotifyAccountHeldError extends Error {
  constructor(
    readonly spotifyUserId: string,
    options?: ErrorOptions,
  ) {
    super(`Spotify account ${spotifyUserId} is linked to another Discord user`, options);
    this.name = 'SpotifyAccountHeldError';
  }
}
