import { beforeAll, describe, expect, it } from 'vitest';
import type { BotServiceSet } from '../../../src/composition/bot-services.js';
import { UserErrorCode } from '../../../src/services/errors.js';
import { SpotifySideDouble } from '../../support/bot/spotify-side-double.js';
import { createMemoryBotServices } from '../../support/memory-bot-services.js';

describe('settings, status and unlink services', () => {
  let set: BotServiceSet;
  const spotify = new SpotifySideDouble();

  beforeAll(async () => {
    set = createMemoryBotServices(spotify, 15);
  });

  it('settings start at the defaults, change one at a time and refuse bad intervals', async () => {
    const { settings } = set.services;
    expect(await settings.get('u1')).toMatchObject({
      autoSort: true,
      dmSummaries: true,
      syncIntervalMinutes: null,
    });
    expect(await settings.syncIntervalOf('u1')).toBe(15);
    await settings.update('u1', { dmSummaries: false });
    expect(await settings.update('u1', { syncIntervalMinutes: 60 })).toMatchObject({
      dmSummaries: false,
      syncIntervalMinutes: 60,
    });
    await expect(settings.update('u1', { syncIntervalMinutes: 4 })).rejects.toMatchObject({
      code: UserErrorCode.InvalidInput,
    });
    expect(await settings.update('u1', { syncIntervalMinutes: 0 })).toMatchObject({
      syncIntervalMinutes: null,
    });
    // Results that show the library are private until the user asks; the choice is stored.
    expect((await settings.get('u1')).publicResults).toBe(false);
    await settings.update('u1', { publicResults: true });
    expect(await settings.get('u1')).toMatchObject({ publicResults: true, dmSummaries: false });
  });

  it('status gathers account, layers with label counts and models, settings and a DM refusal', async () => {
    spotify.link('u1', 'Alice S');
    await set.services.layers.create('u1', { name: 'Genres', mutual: true, complete: true });
    await set.services.sublists.add('u1', 'Genres', 'Rock');
    await set.dmStatus.recordFailure('u1', 'Discord error 50007', new Date('2026-01-01T00:00:00Z'));
    const status = await set.services.status.statusOf('u1');
    expect(status.account?.displayName).toBe('Alice S');
    expect(status.layers.map((l) => [l.layer.name, l.sublists.length, l.labelCount, l.model])).toEqual([
      ['Genres', 1, 0, undefined],
    ]);
    expect(status.syncIntervalMinutes).toBe(15);
    expect(status.dmFailure?.reason).toBe('Discord error 50007');
    await set.dmStatus.clearFailure('u1');
    expect((await set.services.status.statusOf('u1')).dmFailure).toBeUndefined();
  });

  it('unlink deletes tokens, layers (with labels) and settings, and leaves other users alone', async () => {
    spotify.link('u2');
    await set.services.layers.create('u2', { name: 'Other', mutual: true, complete: true });
    const result = await set.services.unlink.unlink('u1');
    expect(result).toEqual({ hadAccount: true, layersDeleted: 1 });
    expect(spotify.accounts.has('u1')).toBe(false);
    expect(await set.services.layers.list('u1')).toEqual([]);
    expect((await set.services.settings.get('u1')).dmSummaries).toBe(true);
    expect((await set.services.layers.list('u2')).map((o) => o.layer.name)).toEqual(['Other']);
    expect(await set.services.unlink.unlink('u1')).toEqual({ hadAccount: false, layersDeleted: 0 });
  });
});
