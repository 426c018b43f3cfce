import { SpotifyAccountHeldError, type SpotifyAccountRecord } from '../../src/core/account-records.js';
import type { AccountStore } from '../contracts/spotify-link-store.contract.js';
import type { MemoryStores } from './memory-stores.js';

interface AccountRow extends SpotifyAccountRecord {
  quotaNotifiedAt: Date | null;
  relinkNotifiedAt: Date | null;
  expiryNotifiedAt: Date | null;
}

/**
 * The linked Spotify accounts in memory (unit tier only), one per user, with their once-only
 * notices; a deleted user's account goes with them. Held to the account repository by
 * test/contracts/spotify-link-store.contract.ts and link-notice-store.contract.ts.
 */
export class MemoryAccounts {
  private readonly rows = new Map<string, AccountRow>();

  constructor(private readonly stores: MemoryStores) {}

  readonly accounts: AccountStore = {
    byUserId: async (userId) => {
      const row = this.row(userId);
      if (!row) return undefined;
      const { quotaNotifiedAt: _q, relinkNotifiedAt: _r, expiryNotifiedAt: _e, ...record } = row;
      return { ...record };
    },
    linkedUserOf: async (spotifyUserId, accountId) => this.holderOf(spotifyUserId, accountId),
    link: async (link, at) => {
      await this.stores.users.ensureUser(link.userId);
      // Checked and stored with no await between, as one transaction.
      const holder = this.holderOf(link.spotifyUserId, link.accountId);
      if (holder !== undefined && holder !== link.userId)
        throw new SpotifyAccountHeldError(link.spotifyUserId);
      const earlier = this.row(link.userId);
      // Another Spotify account's library is not this one's: it is read anew (same account: kept).
      const sameAccount = earlier?.spotifyUserId === link.spotifyUserId;
      this.rows.set(link.userId, {
        ...link,
        status: 'active',
        lastSyncAt: null,
        likedTotal: null,
        libraryReadAt: sameAccount ? earlier.libraryReadAt : null,
        libraryReadSongs: sameAccount ? earlier.libraryReadSongs : null,
        libraryReadTotal: sameAccount ? earlier.libraryReadTotal : null,
        quotaNotifiedAt: earlier?.quotaNotifiedAt ?? null,
        relinkNotifiedAt: null,
        expiryNotifiedAt: null,
        linkedAt: at,
      });
    },
    saveTokens: async (userId, tokens) => {
      const row = this.row(userId);
      if (row) Object.assign(row, tokens);
    },
    markExpired: async (userId) => {
      const row = this.row(userId);
      if (row) row.status = 'expired';
    },
    claimRelinkNotice: async (userId, at) =>
      this.claim(userId, (row) => row.status === 'expired' && row.relinkNotifiedAt === null, {
        relinkNotifiedAt: at,
      }),
    releaseRelinkNotice: async (userId) => void this.update(userId, { relinkNotifiedAt: null }),
    claimQuotaNotice: async (userId, blockFrom, at) =>
      this.claim(userId, (row) => row.quotaNotifiedAt === null || row.quotaNotifiedAt < blockFrom, {
        quotaNotifiedAt: at,
      }),
    claimExpiryNotice: async (userId, at) =>
      this.claim(userId, (row) => row.status === 'active' && row.expiryNotifiedAt === null, {
        expiryNotifiedAt: at,
      }),
    releaseExpiryNotice: async (userId) => void this.update(userId, { expiryNotifiedAt: null }),
    delete: async (userId) => {
      const had = this.row(userId) !== undefined;
      this.rows.delete(userId);
      return had;
    },
  };

  /** As the repository's unique indexes: at most one user per Spotify user id and per account id. */
  private holderOf(spotifyUserId: string, accountId: string | null): string | undefined {
    return [...this.rows.values()].find(
      (row) =>
        this.stores.hasUser(row.userId) &&
        (row.spotifyUserId === spotifyUserId || (accountId !== null && row.accountId === accountId)),
    )?.userId;
  }

  private claim(userId: string, open: (row: AccountRow) => boolean, values: Partial<AccountRow>): boolean {
    const row = this.row(userId);
    if (!row || !open(row)) return false;
    Object.assign(row, values);
    return true;
  }

  private update(userId: string, values: Partial<AccountRow>): void {
    const row = this.row(userId);
    if (row) Object.assign(row, values);
  }

  /** The Spotify user id of the user's linked account (what owns their playlists). */
  spotifyUserOf(userId: string): string | undefined {
    return this.row(userId)?.spotifyUserId;
  }

  /** A deleted user's account is gone (the database cascades). */
  private row(userId: string): AccountRow | undefined {
    if (!this.stores.hasUser(userId)) this.rows.delete(userId);
    return this.rows.get(userId);
  }
}
