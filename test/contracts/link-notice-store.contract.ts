import { describe, expect, it } from 'vitest';
import { newLink, type AccountStores } from './spotify-link-store.contract.js';

const at = (day: number): Date => new Date(Date.UTC(2026, 2, day));

/** The once-only DMs of a Spotify link (link again, quota block, link expiring), claimed before they are sent. */
export const linkNoticeStoreContract = (stores: () => AccountStores): void => {
  const linked = async () => {
    const link = newLink();
    await stores().accounts.link(link, at(1));
    return link.userId;
  };

  describe('link notices', () => {
    it('"link again": only for an expired link, once, again after a release or a new link', async () => {
      const user = await linked();
      expect(await stores().accounts.claimRelinkNotice(user, at(2))).toBe(false);
      await stores().accounts.markExpired(user);
      expect(await stores().accounts.claimRelinkNotice(user, at(2))).toBe(true);
      expect(await stores().accounts.claimRelinkNotice(user, at(3))).toBe(false);
      await stores().accounts.releaseRelinkNotice(user);
      expect(await stores().accounts.claimRelinkNotice(user, at(4))).toBe(true);
      await stores().accounts.link(newLink({ userId: user }), at(5));
      await stores().accounts.markExpired(user);
      expect(await stores().accounts.claimRelinkNotice(user, at(6))).toBe(true);
    });

    it('the quota block: once per block, whatever the link does', async () => {
      const user = await linked();
      expect(await stores().accounts.claimQuotaNotice(user, at(2), at(2))).toBe(true);
      expect(await stores().accounts.claimQuotaNotice(user, at(2), at(3))).toBe(false);
      await stores().accounts.link(newLink({ userId: user }), at(4));
      expect(await stores().accounts.claimQuotaNotice(user, at(2), at(4))).toBe(false);
      expect(await stores().accounts.claimQuotaNotice(user, at(5), at(5))).toBe(true);
    });

    it('"link expiring": only for an active link, once, again after a release or a new link', async () => {
      const user = await linked();
      expect(await stores().accounts.claimExpiryNotice(user, at(2))).toBe(true);
      expect(await stores().accounts.claimExpiryNotice(user, at(3))).toBe(false);
      await stores().accounts.releaseExpiryNotice(user);
      expect(await stores().accounts.claimExpiryNotice(user, at(3))).toBe(true);
      await stores().accounts.link(newLink({ userId: user }), at(4));
      expect(await stores().accounts.claimExpiryNotice(user, at(5))).toBe(true);
      await stores().accounts.link(newLink({ userId: user }), at(6));
      await stores().accounts.markExpired(user);
      expect(await stores().accounts.claimExpiryNotice(user, at(7))).toBe(false);
    });

    it('nothing to claim without a link', async () => {
      const { userId } = newLink();
      expect(await stores().accounts.claimRelinkNotice(userId, at(1))).toBe(false);
      expect(await stores().accounts.claimQuotaNotice(userId, at(1), at(1))).toBe(false);
      expect(await stores().accounts.claimExpiryNotice(userId, at(1))).toBe(false);
      expect(await stores().accounts.byUserId(userId)).toBeUndefined();
    });
  });
};
