import { beforeAll, describe, expect, it } from 'vitest';
import { statusView } from '../../../../src/bot/views/account.view.js';
import { UserErrorCode } from '../../../../src/services/errors.js';
import { SpotifySideDouble } from '../../../support/bot/spotify-side-double.js';
import { createMemoryBotServices, type MemoryBotServiceSet } from '../../../support/memory-bot-services.js';

describe('settings, status and unlink services', () => {
  let set: MemoryBotServiceSet;
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
    expect((await settings.get('u1')).publicResultServers).toEqual([]);
    await settings.update('u1', { publicResults: { on: true, serverId: 'server-a' } });
    expect(await settings.get('u1')).toMatchObject({ publicResultServers: ['server-a'], dmSummaries: false });
  });

  it('public results are set per server: on in one server is on there alone, off in it leaves the others', async () => {
    const { settings } = set.services;
    const here = (serverId: string, on: boolean) =>
      settings.update('u4', { publicResults: { on, serverId } });
    await here('server-a', true);
    await here('server-a', true);
    expect((await here('server-b', true)).publicResultServers).toEqual(['server-a', 'server-b']);
    expect((await here('server-c', false)).publicResultServers).toEqual(['server-a', 'server-b']);
    expect((await here('server-a', false)).publicResultServers).toEqual(['server-b']);
    // In a DM results are private anyway, and no server is meant: refused, and nothing else stored.
    await expect(
      settings.update('u4', { publicResults: { on: true, serverId: null }, dmSummaries: false }),
    ).rejects.toMatchObject({
      code: UserErrorCode.InvalidInput,
      problem: { rule: 'public-results-per-server' },
    });
    expect(await settings.get('u4')).toMatchObject({ publicResultServers: ['server-b'], dmSummaries: true });
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

  it('status shows each layer’s precision target and how many of its songs wait for an answer', async () => {
    spotify.link('u3', 'Cleo');
    const { layers } = set.services;
    const { layer } = await layers.create('u3', { name: 'Moods', mutual: true, complete: false });
    await layers.setPrecisionTarget('u3', 'Moods', 90);
    const wait = (trackId: string) => ({ trackId, guess: [], confidence: 0.6 });
    await set.stores.waiting.record(layer.id, { replace: true, add: [wait('a'), wait('b')], remove: [] });
    const [moods] = (await set.services.status.statusOf('u3')).layers;
    expect(moods).toMatchObject({ waitingCount: 2, layer: { precisionTarget: 0.9 } });
    const field = statusView(await set.services.status.statusOf('u3')).embeds[0]?.fields?.[0]?.value;
    expect(field).toContain(
      '\nSorts at a precision target of 90%: 2 songs wait for your answer (`/label` asks about them first).',
    );
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
