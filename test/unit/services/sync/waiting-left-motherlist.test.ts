import { describe, expect, it } from 'vitest';
import { ownWritesSync } from '../../../support/own-writes-sync.js';

const USER = 'user-waiting-left';

/**
 * A song waiting for an answer that the user un-likes: the sync that reads it gone takes it off the
 * waiting list, so that /status no longer counts it and /label no longer asks about it, even when
 * that sync has nothing else to do (no new likes, the song in no sublist: no run).
 */
describe('a waiting song that left the motherlist', () => {
  it('waits no more after the sync that finds it gone; a waiting song still liked waits on', async () => {
    const { repositories, keepSorted, layer, sublists, tracks } = await ownWritesSync(
      USER,
      'wl',
      () => undefined,
    );
    const [rock] = sublists;
    const [gone, kept] = [tracks[0]!.id, tracks[1]!.id];
    // The first sync takes the motherlist in; both songs wait, in no sublist.
    await keepSorted.syncUser(USER);
    await repositories.waiting.record(layer.id, {
      replace: false,
      add: [gone, kept].map((trackId) => ({ trackId, guess: [rock!.id], confidence: 0.5 })),
      remove: [],
    });

    await repositories.contents.recordWrite(USER, 'liked', 'remove', [gone], null);
    const report = await keepSorted.syncUser(USER);

    expect(report.layers.map((l) => [l.layerId, l.departed, l.runId])).toEqual([[layer.id, 1, undefined]]);
    expect((await repositories.waiting.listFor(layer.id)).map((w) => w.trackId)).toEqual([kept]);
    expect(await repositories.waiting.countFor(layer.id)).toBe(1);
  });
});
