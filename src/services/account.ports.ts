import type { ConsumeResult, NewSpotifyLink, PendingLink } from '../core/account-records.js';

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
  /** The Discord user the Spotify account is linked to, if any. */
  linkedUserOf(spotifyUserId: string, accountId: string | null): Promise<string | undefined>;
  link(link: NewSpotifyLink, at: Date): Promise<void>;
}
