import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { PendingLink } from '../../src/core/account-records.js';
import type { OAuthStateStore } from '../../src/services/ports/account.ports.js';

/** What the one-time link store promises (fake and repository alike); fresh ids in every test. */
export const oauthStateStoreContract = (states: () => OAuthStateStore): void => {
  const link = (userId: string, expiresAt = new Date(Date.now() + 600_000)): Omit<PendingLink, 'usedAt'> => ({
    linkId: `link-${randomUUID()}`,
    userId,
    state: `state-${randomUUID()}`,
    codeVerifier: `verifier-${randomUUID()}`,
    expiresAt,
  });

  describe('OAuth states', () => {
    it('a state is consumed once: then already used; an unknown state is unknown', async () => {
      const pending = link('u1');
      await states().create(pending);
      expect(await states().byLinkId(pending.linkId)).toEqual({ ...pending, usedAt: null });
      const at = new Date('2026-03-01T10:00:00.000Z');
      expect(await states().consume(pending.state, at)).toEqual({
        outcome: 'consumed',
        link: { ...pending, usedAt: at },
      });
      expect(await states().consume(pending.state, new Date())).toEqual({
        outcome: 'already-used',
        link: { ...pending, usedAt: at },
      });
      expect(await states().byLinkId(pending.linkId)).toEqual({ ...pending, usedAt: at });
      expect(await states().consume(`state-${randomUUID()}`, at)).toEqual({ outcome: 'unknown' });
      expect(await states().byLinkId(`link-${randomUUID()}`)).toBeUndefined();
    });

    it('refuses a second link with the same state', async () => {
      const pending = link('u1');
      await states().create(pending);
      await expect(states().create({ ...link('u1'), state: pending.state })).rejects.toThrow();
    });

    it('deletes the user’s open links, all their links, or the expired ones', async () => {
      const userId = `user-${randomUUID()}`;
      const [used, open, theirs] = [link(userId), link(userId), link('someone-else')];
      for (const pending of [used, open, theirs]) await states().create(pending);
      await states().consume(used.state, new Date());
      await states().deleteOpenFor(userId);
      expect(await states().byLinkId(open.linkId)).toBeUndefined();
      expect(await states().byLinkId(used.linkId)).toBeDefined();
      await states().deleteAllFor(userId);
      expect(await states().byLinkId(used.linkId)).toBeUndefined();
      expect(await states().byLinkId(theirs.linkId)).toBeDefined();

      const cutoff = new Date('2001-01-01T00:00:00.000Z');
      const expired = [
        link(userId, new Date(cutoff.getTime() - 2000)),
        link(userId, new Date(cutoff.getTime() - 1000)),
      ];
      for (const pending of expired) await states().create(pending);
      expect(await states().deleteExpired(cutoff)).toBe(2);
      expect(await states().byLinkId(expired[0]!.linkId)).toBeUndefined();
      expect(await states().byLinkId(theirs.linkId)).toBeDefined();
    });
  });
};
