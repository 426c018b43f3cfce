import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  SpotifyAccountHeldError,
  type EncryptedTokens,
  type NewSpotifyLink,
  type SpotifyAccountRecord,
} from '../../src/core/account-records.js';
import type { SpotifyLinkStore } from '../../src/services/ports/account.ports.js';
import type { LinkNoticeStore } from '../../src/services/sync/scheduled-sync.service.js';
import type { UserSettingsStore, UserStore } from '../../src/services/ports/user.ports.js';

/** The accounts as linking, the notices, the Spotify sessions and /unlink use them. */
export type AccountStore = Omit<SpotifyLinkStore, 'byUserId'> &
  Omit<LinkNoticeStore, 'byUserId'> & {
    byUserId(userId: string): Promise<SpotifyAccountRecord | undefined>;
    saveTokens(userId: string, tokens: EncryptedTokens): Promise<void>;
    markExpired(userId: string): Promise<void>;
    delete(userId: string): Promise<boolean>;
  };

export interface AccountStores {
  users: UserStore;
  settings: UserSettingsStore;
  accounts: AccountStore;
}

/** A link of a new Discord user to a new Spotify account. */
export const newLink = (fields: Partial<NewSpotifyLink> = {}): NewSpotifyLink => ({
  userId: `user-${randomUUID()}`,
  spotifyUserId: `spotify-${randomUUID()}`,
  accountId: null,
  displayName: 'Ada',
  accessTokenCiphertext: 'access-1',
  refreshTokenCiphertext: 'refresh-1',
  scopes: 'user-library-read',
  accessTokenExpiresAt: new Date('2026-04-01T10:00:00Z'),
  ...fields,
});

const linkedAt = new Date('2026-03-01T09:00:00Z');

/** What the linked Spotify accounts promise to linking, the sessions and /unlink (fake and repository alike). */
export const spotifyLinkStoreContract = (stores: () => AccountStores): void => {
  describe('Spotify links', () => {
    it('a link creates the user, is found by Spotify user or account id, and keeps its tokens', async () => {
      const accountId = `account-${randomUUID()}`;
      const link = newLink({ accountId });
      await stores().accounts.link(link, linkedAt);
      // The users row exists now: settings hang on it.
      await stores().settings.save({ ...(await stores().settings.get(link.userId)), autoSort: false });
      expect(await stores().accounts.byUserId(link.userId)).toEqual({
        ...link,
        status: 'active',
        lastSyncAt: null,
        likedTotal: null,
        libraryReadAt: null,
        libraryReadSongs: null,
        libraryReadTotal: null,
        linkedAt,
      });
      expect(await stores().accounts.linkedUserOf(link.spotifyUserId, null)).toBe(link.userId);
      expect(await stores().accounts.linkedUserOf('someone-else', accountId)).toBe(link.userId);
      expect(await stores().accounts.linkedUserOf('someone-else', null)).toBeUndefined();
      expect(await stores().accounts.linkedUserOf('someone-else', 'another-account')).toBeUndefined();
      expect(await stores().accounts.byUserId(`user-${randomUUID()}`)).toBeUndefined();
    });

    it('linking again replaces the link and makes it active; new tokens and expiry are kept', async () => {
      const link = newLink();
      await stores().accounts.link(link, linkedAt);
      await stores().accounts.markExpired(link.userId);
      expect((await stores().accounts.byUserId(link.userId))?.status).toBe('expired');
      const later = new Date('2026-03-05T09:00:00Z');
      const other = newLink({
        userId: link.userId,
        displayName: 'Ada L.',
        refreshTokenCiphertext: 'refresh-2',
      });
      await stores().accounts.link(other, later);
      expect(await stores().accounts.byUserId(link.userId)).toMatchObject({
        spotifyUserId: other.spotifyUserId,
        displayName: 'Ada L.',
        refreshTokenCiphertext: 'refresh-2',
        status: 'active',
        linkedAt: later,
      });
      expect(await stores().accounts.linkedUserOf(link.spotifyUserId, null)).toBeUndefined();
      const tokens = {
        accessTokenCiphertext: 'access-3',
        refreshTokenCiphertext: 'refresh-3',
        accessTokenExpiresAt: new Date('2026-03-05T10:00:00Z'),
      };
      await stores().accounts.saveTokens(link.userId, tokens);
      expect(await stores().accounts.byUserId(link.userId)).toMatchObject(tokens);
    });

    it('a Spotify account has one holder: another user’s link is refused, by Spotify user or account id', async () => {
      const accountId = `account-${randomUUID()}`;
      const held = newLink({ accountId });
      await stores().accounts.link(held, linkedAt);
      await stores().accounts.markExpired(held.userId);
      // An expired link still holds the account: its holder links again, or frees it with /unlink.
      const bySpotifyUser = newLink({ spotifyUserId: held.spotifyUserId });
      await expect(stores().accounts.link(bySpotifyUser, linkedAt)).rejects.toBeInstanceOf(
        SpotifyAccountHeldError,
      );
      const elsewhere = newLink();
      await stores().accounts.link(elsewhere, linkedAt);
      // Re-linking to a held account leaves the user's own link as it was.
      await expect(
        stores().accounts.link(
          { ...elsewhere, spotifyUserId: `spotify-${randomUUID()}`, accountId },
          linkedAt,
        ),
      ).rejects.toBeInstanceOf(SpotifyAccountHeldError);
      expect((await stores().accounts.byUserId(elsewhere.userId))?.spotifyUserId).toBe(
        elsewhere.spotifyUserId,
      );
      expect(await stores().accounts.byUserId(bySpotifyUser.userId)).toBeUndefined();
      expect(await stores().accounts.linkedUserOf(held.spotifyUserId, accountId)).toBe(held.userId);
      // The holder itself links the account again, and once it is free another user may.
      await stores().accounts.link(held, linkedAt);
      await stores().accounts.delete(held.userId);
      await stores().accounts.link(bySpotifyUser, linkedAt);
      expect(await stores().accounts.linkedUserOf(held.spotifyUserId, null)).toBe(bySpotifyUser.userId);
    });

    it('of two users linking one Spotify account at the same moment, exactly one holds it', async () => {
      const spotifyUserId = `spotify-${randomUUID()}`;
      const racers = [newLink({ spotifyUserId }), newLink({ spotifyUserId })];
      const outcomes = await Promise.allSettled(racers.map((link) => stores().accounts.link(link, linkedAt)));
      const winners = racers.filter((_, i) => outcomes[i]!.status === 'fulfilled');
      expect(winners).toHaveLength(1);
      const lost = outcomes.find((outcome) => outcome.status === 'rejected');
      expect(lost?.reason).toBeInstanceOf(SpotifyAccountHeldError);
      expect(await stores().accounts.linkedUserOf(spotifyUserId, null)).toBe(winners[0]!.userId);
      const loser = racers.find((link) => link !== winners[0])!;
      expect(await stores().accounts.byUserId(loser.userId)).toBeUndefined();
    });

    it('deleting the link says whether there was one; deleting the user deletes it', async () => {
      const link = newLink();
      await stores().accounts.link(link, linkedAt);
      expect(await stores().accounts.delete(link.userId)).toBe(true);
      expect(await stores().accounts.delete(link.userId)).toBe(false);
      expect(await stores().accounts.byUserId(link.userId)).toBeUndefined();
      const again = newLink();
      await stores().accounts.link(again, linkedAt);
      await stores().users.delete(again.userId);
      expect(await stores().accounts.byUserId(again.userId)).toBeUndefined();
      expect(await stores().accounts.linkedUserOf(again.spotifyUserId, null)).toBeUndefined();
    });
  });
};
