import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { LayerStore } from '../../src/services/ports/layer.ports.js';
import type { UserSettingsStore, UserStore } from '../../src/services/ports/user.ports.js';

export interface UserStores {
  users: UserStore;
  settings: UserSettingsStore;
  layers: LayerStore;
}

/** What the users row and settings ports promise (fake and repositories alike); one user per test. */
export const userStoresContract = (stores: () => UserStores): void => {
  const someone = (): string => `user-${randomUUID()}`;

  describe('users', () => {
    it('records a refused DM until it is cleared, for a user with or without a row', async () => {
      const userId = someone();
      expect(await stores().users.failureOf(userId)).toBeUndefined();
      const at = new Date('2026-03-01T10:00:00.000Z');
      await stores().users.recordFailure(userId, 'Discord error 50007', at);
      expect(await stores().users.failureOf(userId)).toEqual({ at, reason: 'Discord error 50007' });
      await stores().users.ensureUser(userId);
      expect(await stores().users.failureOf(userId)).toEqual({ at, reason: 'Discord error 50007' });
      await stores().users.clearFailure(userId);
      expect(await stores().users.failureOf(userId)).toBeUndefined();
      await stores().users.clearFailure(someone());
    });

    it('ensureUser may be called again; deleting the user deletes their settings and layers', async () => {
      const userId = someone();
      await stores().users.ensureUser(userId);
      await stores().users.ensureUser(userId);
      await stores().settings.save({ ...(await stores().settings.get(userId)), autoSort: false });
      const layer = await stores().layers.create({
        userId,
        name: 'Genres',
        motherlistId: 'liked',
        mutual: true,
        complete: true,
      });
      await stores().users.delete(userId);
      expect(await stores().layers.byId(layer.id)).toBeUndefined();
      expect((await stores().settings.get(userId)).autoSort).toBe(true);
    });
  });

  describe('user settings', () => {
    it('gives the defaults until saved, the saved settings after, the defaults again once deleted', async () => {
      const userId = someone();
      const defaults = {
        userId,
        autoSort: true,
        dmSummaries: true,
        publicResultServers: [],
        syncIntervalMinutes: null,
        removeUnliked: true,
      };
      expect(await stores().settings.get(userId)).toEqual(defaults);
      await stores().users.ensureUser(userId);
      const changed = {
        ...defaults,
        dmSummaries: false,
        publicResultServers: ['server-1', 'server-2'],
        syncIntervalMinutes: 60,
      };
      expect(await stores().settings.save(changed)).toEqual(changed);
      expect(await stores().settings.get(userId)).toEqual(changed);
      expect(await stores().settings.save({ ...changed, syncIntervalMinutes: null })).toEqual({
        ...changed,
        syncIntervalMinutes: null,
      });
      expect(await stores().settings.save({ ...changed, publicResultServers: ['server-2'] })).toEqual({
        ...changed,
        publicResultServers: ['server-2'],
      });
      await stores().settings.delete(userId);
      expect(await stores().settings.get(userId)).toEqual(defaults);
    });

    it('refuses settings of a user without a users row', async () => {
      const userId = someone();
      await expect(stores().settings.save({ ...(await stores().settings.get(userId)) })).rejects.toThrow();
    });
  });
};
