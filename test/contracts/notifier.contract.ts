import { describe, expect, it } from 'vitest';
import type { Notifier } from '../../src/services/ports/notifier.js';
import type { UserStore } from '../../src/services/ports/user.ports.js';

/** Discord users the bot can DM, and the notifier that DMs them (the fake Discord, or memory). */
export interface NotifierWorld {
  notifier: Notifier;
  /** Where the notifier records a refusal. */
  users: UserStore;
  /** A user the bot shares a server with. */
  newUser(): Promise<string>;
  /** The user closes their DMs. */
  closeDms(userId: string): void;
  /** How many DMs reached the user. */
  received(userId: string): Promise<number>;
}

/** What the notifier promises the sync, the notices and the undo (the Discord notifier and the in-memory one alike). */
export const notifierContract = (world: () => NotifierWorld): void => {
  describe('the notifier', () => {
    it('delivers DMs of every kind', async () => {
      const user = await world().newUser();
      const { notifier } = world();
      expect(await notifier.sendDm(user, { kind: 'text', text: 'hello' })).toEqual({ delivered: true });
      expect(await notifier.sendDm(user, { kind: 'relink', reason: 'expired' })).toEqual({ delivered: true });
      expect(
        await notifier.sendDm(user, {
          kind: 'new-songs',
          layerName: 'Genres',
          placements: [{ sublistName: 'Rock', trackNames: ['A – One'] }],
          voidCount: 0,
        }),
      ).toEqual({ delivered: true });
      expect(await world().received(user)).toBe(3);
      expect(await world().users.failureOf(user)).toBeUndefined();
    });

    it('a refusal is recorded and the next DMs are not tried', async () => {
      const user = await world().newUser();
      world().closeDms(user);
      const { notifier } = world();
      expect(await notifier.sendDm(user, { kind: 'text', text: 'hello' })).toEqual({
        delivered: false,
        reason: 'dms-closed',
      });
      const failure = await world().users.failureOf(user);
      expect(failure?.reason).toContain('50007');
      expect(failure?.at).toBeInstanceOf(Date);
      expect(await notifier.sendDm(user, { kind: 'text', text: 'again' })).toEqual({
        delivered: false,
        reason: 'suppressed',
      });
      expect(await world().received(user)).toBe(0);
    });
  });
};
