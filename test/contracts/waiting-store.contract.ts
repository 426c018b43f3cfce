import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { WaitingTrack } from '../../src/core/layer-records.js';
import type { LabelStore, LayerStore, WaitingStore } from '../../src/services/ports/layer.ports.js';
import type { UserStore } from '../../src/services/ports/user.ports.js';
import { freshLayer } from './fresh-layer.js';

export interface WaitingStores {
  users: UserStore;
  layers: LayerStore;
  labels: LabelStore;
  waiting: WaitingStore;
}

const song = (trackId: string, confidence: number, guess: string[] = []): WaitingTrack => ({
  trackId,
  guess,
  confidence,
});

const shown = (rows: readonly WaitingTrack[]) =>
  rows.map((row) => [row.trackId, row.guess, Math.round(row.confidence * 100) / 100]);

/** What the waiting-song store promises (fake and repository alike); one layer per test. */
export const waitingStoreContract = (stores: () => WaitingStores): void => {
  const newLayer = () => freshLayer(stores(), { mutual: false, complete: false });

  describe('waiting songs', () => {
    it('lists the least sure first (ties by track id), counts them and finds one', async () => {
      const layer = await newLayer();
      const rock = randomUUID();
      await stores().waiting.record(layer.id, {
        replace: false,
        add: [song('t-c', 0.6, [rock]), song('t-b', 0.4), song('t-a', 0.6, [rock, 'other'])],
        remove: [],
      });
      expect(shown(await stores().waiting.listFor(layer.id))).toEqual([
        ['t-b', [], 0.4],
        ['t-a', [rock, 'other'], 0.6],
        ['t-c', [rock], 0.6],
      ]);
      expect(await stores().waiting.countFor(layer.id)).toBe(3);
      expect(shown([(await stores().waiting.byTrack(layer.id, 't-a'))!])).toEqual([
        ['t-a', [rock, 'other'], 0.6],
      ]);
      expect(await stores().waiting.byTrack(layer.id, 't-zz')).toBeUndefined();
      expect(await stores().waiting.countFor((await newLayer()).id)).toBe(0);
    });

    it('a song added again takes its new guess; removed songs go; a replacement is the whole list', async () => {
      const layer = await newLayer();
      await stores().waiting.record(layer.id, {
        replace: false,
        add: [song('t-1', 0.3), song('t-2', 0.5), song('t-3', 0.7)],
        remove: [],
      });
      await stores().waiting.record(layer.id, {
        replace: false,
        add: [song('t-1', 0.9, ['s'])],
        remove: ['t-2'],
      });
      expect(shown(await stores().waiting.listFor(layer.id))).toEqual([
        ['t-3', [], 0.7],
        ['t-1', ['s'], 0.9],
      ]);
      await stores().waiting.record(layer.id, { replace: true, add: [song('t-4', 0.2)], remove: [] });
      expect(shown(await stores().waiting.listFor(layer.id))).toEqual([['t-4', [], 0.2]]);
    });

    it('a song with an answer no longer waits; deleting the layer forgets its waiting songs', async () => {
      const layer = await newLayer();
      await stores().waiting.record(layer.id, {
        replace: false,
        add: [song('t-1', 0.3), song('t-2', 0.5)],
        remove: [],
      });
      await stores().labels.put(layer.id, 't-1', [], 'session');
      expect((await stores().waiting.listFor(layer.id)).map((row) => row.trackId)).toEqual(['t-2']);
      expect(await stores().waiting.countFor(layer.id)).toBe(1);
      expect(await stores().waiting.byTrack(layer.id, 't-1')).toBeUndefined();
      await stores().layers.delete(layer.id);
      expect(await stores().waiting.countFor(layer.id)).toBe(0);
    });

    it('forgets a removed sublist from the guesses naming it, marking them trimmed until guessed again', async () => {
      const layer = await newLayer();
      const [rock, jazz, folk] = [randomUUID(), randomUUID(), randomUUID()];
      await stores().waiting.record(layer.id, {
        replace: false,
        add: [song('t-1', 0.3, [rock]), song('t-2', 0.5, [jazz, rock, folk]), song('t-3', 0.7, [folk])],
        remove: [],
      });
      await stores().waiting.forgetSublist(layer.id, rock);
      const trimmed = async () =>
        (await stores().waiting.listFor(layer.id)).map((row) => [
          row.trackId,
          row.guess,
          row.trimmed ?? false,
        ]);
      expect(await trimmed()).toEqual([
        ['t-1', [], true],
        ['t-2', [jazz, folk], true],
        ['t-3', [folk], false],
      ]);
      expect((await stores().waiting.byTrack(layer.id, 't-2'))?.trimmed).toBe(true);
      // Guessed again, by a run that adds the song or replaces the list (the same guess too): whole again.
      await stores().waiting.record(layer.id, {
        replace: false,
        add: [song('t-1', 0.4, [jazz])],
        remove: [],
      });
      await stores().waiting.record(layer.id, {
        replace: true,
        add: [song('t-1', 0.4, [jazz]), song('t-2', 0.5, [jazz, folk]), song('t-3', 0.7, [folk])],
        remove: [],
      });
      expect(await trimmed()).toEqual([
        ['t-1', [jazz], false],
        ['t-2', [jazz, folk], false],
        ['t-3', [folk], false],
      ]);
    });

    it('names the songs that began waiting last, newest first; a song guessed again keeps its wait', async () => {
      const layer = await newLayer();
      await stores().waiting.record(layer.id, {
        replace: false,
        add: [song('t-b', 0.5), song('t-a', 0.5)],
        remove: [],
      });
      for (const trackId of ['t-c', 't-d', 't-e'])
        await stores().waiting.record(layer.id, { replace: false, add: [song(trackId, 0.5)], remove: [] });
      await stores().waiting.record(layer.id, { replace: false, add: [song('t-c', 0.9, ['s'])], remove: [] });
      await stores().labels.put(layer.id, 't-e', [], 'session');
      expect(await stores().waiting.latestFor(layer.id, 3)).toEqual(['t-d', 't-c', 't-a']);
      // A replacement keeps the wait of the songs it keeps.
      await stores().waiting.record(layer.id, {
        replace: true,
        add: [song('t-f', 0.5), song('t-a', 0.5), song('t-d', 0.4)],
        remove: [],
      });
      expect(await stores().waiting.latestFor(layer.id, 5)).toEqual(['t-f', 't-d', 't-a']);
    });

    it('refuses waiting songs of a missing layer', async () => {
      await expect(
        stores().waiting.record(randomUUID(), { replace: false, add: [song('t-1', 0.5)], remove: [] }),
      ).rejects.toThrow();
    });
  });
};
