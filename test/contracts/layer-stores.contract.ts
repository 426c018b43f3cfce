import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { LabelSessionStore } from '../../src/services/ports/label-session.ports.js';
import type { LabelStore, LayerStore, SublistStore } from '../../src/services/ports/layer.ports.js';
import type { UserSettingsStore, UserStore } from '../../src/services/ports/user.ports.js';
import { freshUser } from './fresh-layer.js';

export interface LayerStores {
  users: UserStore;
  settings: UserSettingsStore;
  layers: LayerStore;
  sublists: SublistStore;
  labels: LabelStore;
  labelSessions: LabelSessionStore;
}

const track = (n: number): string => `track${String(n).padStart(17, '0')}`;

/**
 * What the layer, sublist and label ports promise, run against the in-memory fake (unit tier) and
 * the repositories (integration tier). `stores` is read inside each test, after the runner's setup.
 * Every test uses its own user, so the stores may be shared by the whole file.
 */
export const layerStoresContract = (stores: () => LayerStores): void => {
  const newUser = () => freshUser(stores());
  const newLayer = async (userId: string, name = 'Genres', mutual = true) =>
    stores().layers.create({ userId, name, motherlistId: 'liked', mutual, complete: false });

  describe('layers', () => {
    it('creates a layer with the default precision target and finds it by id and by name in any case', async () => {
      const userId = await newUser();
      const layer = await newLayer(userId, 'Moods', false);
      expect(layer).toMatchObject({
        userId,
        name: 'Moods',
        motherlistId: 'liked',
        mode: { mutual: false, complete: false },
        precisionTarget: expect.closeTo(0.8, 5) as number,
      });
      expect(layer.createdAt).toBeInstanceOf(Date);
      expect(await stores().layers.byId(layer.id)).toEqual(layer);
      expect((await stores().layers.byName(userId, 'mOODS'))?.id).toBe(layer.id);
      expect(await stores().layers.byName(await newUser(), 'Moods')).toBeUndefined();
      expect(await stores().layers.byId(randomUUID())).toBeUndefined();
    });

    it('lists only the user’s layers, oldest first', async () => {
      const [alice, bob] = [await newUser(), await newUser()];
      const first = await newLayer(alice, 'Zeta');
      const second = await newLayer(alice, 'Alpha');
      await newLayer(bob, 'Zeta');
      expect((await stores().layers.listFor(alice)).map((layer) => layer.id)).toEqual([first.id, second.id]);
    });

    it('refuses a layer of a user without a users row, and a second layer of the same name', async () => {
      await expect(newLayer(`user-${randomUUID()}`)).rejects.toThrow();
      const userId = await newUser();
      await newLayer(userId, 'Genres');
      await expect(newLayer(userId, 'Genres')).rejects.toThrow();
    });

    it('stores the precision target', async () => {
      const layer = await newLayer(await newUser());
      await stores().layers.setPrecisionTarget(layer.id, 0.95);
      expect((await stores().layers.byId(layer.id))?.precisionTarget).toBeCloseTo(0.95, 5);
    });

    it('deleting a layer deletes its sublists, labels and label sessions; deleting all counts the user’s only', async () => {
      const [alice, bob] = [await newUser(), await newUser()];
      const layer = await newLayer(alice, 'One');
      await newLayer(alice, 'Two');
      const other = await newLayer(bob, 'One');
      const sublist = await stores().sublists.add(layer.id, 'Rock', 'playlist-rock');
      await stores().labels.put(layer.id, track(1), [sublist.id], 'session');
      const session = await stores().labelSessions.open(alice, layer.id, 'channel');
      await stores().layers.delete(layer.id);
      expect(await stores().layers.byId(layer.id)).toBeUndefined();
      expect(await stores().sublists.listFor(layer.id)).toEqual([]);
      expect(await stores().labels.count(layer.id)).toBe(0);
      expect(await stores().labelSessions.byId(session.id)).toBeUndefined();
      expect(await stores().layers.deleteAllFor(alice)).toBe(1);
      expect(await stores().layers.listFor(alice)).toEqual([]);
      expect(await stores().layers.byId(other.id)).toBeDefined();
    });
  });

  describe('circle notices', () => {
    it('marks each layer told of its circle once, gives marks back, and forgets a deleted layer’s', async () => {
      const userId = await newUser();
      const [a, b, c] = [
        await newLayer(userId, 'A'),
        await newLayer(userId, 'B'),
        await newLayer(userId, 'C'),
      ];
      const claim = async (ids: string[]) => (await stores().layers.claimCycleNotice(ids, new Date())).sort();
      expect(await claim([a.id, b.id])).toEqual([a.id, b.id].sort());
      expect(await claim([a.id, b.id])).toEqual([]);
      expect(await claim([a.id, b.id, c.id])).toEqual([c.id]);
      await stores().layers.releaseCycleNotice([a.id]);
      await stores().layers.releaseCycleNotice([]);
      expect(await claim([a.id, b.id])).toEqual([a.id]);
      expect(await claim([])).toEqual([]);
      await stores().layers.delete(c.id);
      expect(await claim([c.id, randomUUID()])).toEqual([]);
    });
  });

  describe('sublists', () => {
    it('appends sublists after the last position and lists them in that order', async () => {
      const layer = await newLayer(await newUser());
      const rock = await stores().sublists.add(layer.id, 'Rock', 'p-rock');
      const jazz = await stores().sublists.add(layer.id, 'Jazz', 'p-jazz');
      expect([rock.position, jazz.position]).toEqual([0, 1]);
      expect(jazz).toMatchObject({ layerId: layer.id, name: 'Jazz', playlistId: 'p-jazz' });
      await stores().sublists.delete(rock.id);
      const pop = await stores().sublists.add(layer.id, 'Pop', 'p-pop');
      expect(pop.position).toBe(2);
      expect((await stores().sublists.listFor(layer.id)).map((sublist) => sublist.name)).toEqual([
        'Jazz',
        'Pop',
      ]);
    });

    it('finds a sublist by name in any case, within its layer only', async () => {
      const userId = await newUser();
      const [layer, other] = [await newLayer(userId, 'A'), await newLayer(userId, 'B')];
      const rock = await stores().sublists.add(layer.id, 'Rock', 'p-rock');
      expect(await stores().sublists.byName(layer.id, 'ROCK')).toEqual(rock);
      expect(await stores().sublists.byName(other.id, 'Rock')).toBeUndefined();
    });

    it('refuses a sublist of a missing layer and a second sublist of the same name', async () => {
      await expect(stores().sublists.add(randomUUID(), 'Rock', 'p')).rejects.toThrow();
      const layer = await newLayer(await newUser());
      await stores().sublists.add(layer.id, 'Rock', 'p-1');
      await expect(stores().sublists.add(layer.id, 'Rock', 'p-2')).rejects.toThrow();
    });
  });

  describe('labels', () => {
    it('keeps one answer per track: a new answer replaces the old one in its place', async () => {
      const layer = await newLayer(await newUser(), 'Genres', false);
      const [a, b] = [randomUUID(), randomUUID()];
      await stores().labels.put(layer.id, track(1), [a], 'session');
      await stores().labels.put(layer.id, track(2), [], 'import');
      await stores().labels.put(layer.id, track(1), [a, b], 'correction');
      expect(await stores().labels.get(layer.id, track(1))).toMatchObject({
        layerId: layer.id,
        trackId: track(1),
        sublistIds: [a, b],
        source: 'correction',
      });
      expect((await stores().labels.get(layer.id, track(1)))?.updatedAt).toBeInstanceOf(Date);
      expect(
        (await stores().labels.listFor(layer.id)).map((label) => [label.trackId, label.sublistIds]),
      ).toEqual([
        [track(1), [a, b]],
        [track(2), []],
      ]);
      expect(await stores().labels.count(layer.id)).toBe(2);
      expect((await stores().labels.trackIdsFor(layer.id)).sort()).toEqual([track(1), track(2)]);
      expect(await stores().labels.get(layer.id, track(3))).toBeUndefined();
    });

    it('putMany leaves answers from kept sources and says how many it stored', async () => {
      const layer = await newLayer(await newUser());
      const rock = randomUUID();
      await stores().labels.put(layer.id, track(1), [], 'session');
      await stores().labels.put(layer.id, track(2), [], 'import');
      const stored = await stores().labels.putMany(
        layer.id,
        [1, 2, 3].map((n) => ({ trackId: track(n), sublistIds: [rock] })),
        'import',
        ['session'],
      );
      expect(stored).toBe(2);
      expect((await stores().labels.get(layer.id, track(1)))?.sublistIds).toEqual([]);
      expect(await stores().labels.get(layer.id, track(2))).toMatchObject({
        sublistIds: [rock],
        source: 'import',
      });
      expect(await stores().labels.get(layer.id, track(3))).toMatchObject({
        sublistIds: [rock],
        source: 'import',
      });
      expect(await stores().labels.putMany(layer.id, [], 'import', [])).toBe(0);
    });

    it('keeps whether an answer was drawn at random until another answer replaces it', async () => {
      const layer = await newLayer(await newUser());
      const rock = randomUUID();
      await stores().labels.put(layer.id, track(1), [rock], 'session', { drawnAtRandom: true });
      await stores().labels.put(layer.id, track(2), [rock], 'session');
      await stores().labels.put(layer.id, track(3), [], 'session', { drawnAtRandom: true });
      expect(await stores().labels.get(layer.id, track(1))).toMatchObject({ drawnAtRandom: true });
      expect(
        (await stores().labels.listFor(layer.id)).map((label) => [label.trackId, label.drawnAtRandom]),
      ).toEqual([
        [track(1), true],
        [track(2), false],
        [track(3), true],
      ]);
      await stores().labels.put(layer.id, track(1), [], 'correction');
      await stores().labels.putMany(layer.id, [{ trackId: track(3), sublistIds: [rock] }], 'import', []);
      expect(await stores().labels.get(layer.id, track(1))).toMatchObject({
        source: 'correction',
        drawnAtRandom: false,
      });
      expect(await stores().labels.get(layer.id, track(3))).toMatchObject({
        source: 'import',
        drawnAtRandom: false,
      });
    });

    it('refuses an answer in a missing layer', async () => {
      await expect(stores().labels.put(randomUUID(), track(1), [], 'session')).rejects.toThrow();
    });

    it('counts answers per layer of one user, layers without answers left out', async () => {
      const [alice, bob] = [await newUser(), await newUser()];
      const [one, two] = [await newLayer(alice, 'One'), await newLayer(alice, 'Two')];
      await newLayer(alice, 'Empty');
      const theirs = await newLayer(bob, 'One');
      await stores().labels.put(one.id, track(1), [], 'session');
      await stores().labels.put(one.id, track(2), [], 'session');
      await stores().labels.put(two.id, track(1), [], 'session');
      await stores().labels.put(theirs.id, track(1), [], 'session');
      expect(await stores().labels.countsFor(alice)).toEqual(
        new Map([
          [one.id, 2],
          [two.id, 1],
        ]),
      );
    });

    it('forgets one answer', async () => {
      const layer = await newLayer(await newUser(), 'Genres', false);
      await stores().labels.put(layer.id, track(1), [], 'session');
      await stores().labels.put(layer.id, track(2), [], 'session');
      await stores().labels.delete(layer.id, track(1));
      expect(await stores().labels.trackIdsFor(layer.id)).toEqual([track(2)]);
    });

    it('takes a sublist out of the answers that name it, forgetting those left empty unless the void is kept', async () => {
      const userId = await newUser();
      const layer = await newLayer(userId, 'Genres', false);
      const other = await newLayer(userId, 'Moods', false);
      const [rock, jazz] = [randomUUID(), randomUUID()];
      await stores().labels.put(layer.id, track(1), [rock], 'session');
      await stores().labels.put(layer.id, track(2), [rock, jazz], 'hand-edit', { drawnAtRandom: true });
      await stores().labels.put(layer.id, track(3), [jazz], 'import');
      await stores().labels.put(layer.id, track(4), [], 'session');
      await stores().labels.put(other.id, track(1), [rock], 'session');
      const before = await stores().labels.get(layer.id, track(2));

      expect(await stores().labels.forgetSublist(layer.id, rock, { keepVoid: false })).toEqual({
        forgotten: 1,
        kept: 1,
      });
      expect((await stores().labels.trackIdsFor(layer.id)).sort()).toEqual([track(2), track(3), track(4)]);
      // The rest of the answer is the user's, as given: its source, its draw and its time stay.
      expect(await stores().labels.get(layer.id, track(2))).toEqual({ ...before, sublistIds: [jazz] });
      expect((await stores().labels.get(other.id, track(1)))?.sublistIds).toEqual([rock]);

      expect(await stores().labels.forgetSublist(layer.id, jazz, { keepVoid: true })).toEqual({
        forgotten: 0,
        kept: 2,
      });
      expect(
        (await stores().labels.listFor(layer.id)).map((l) => [l.trackId, l.sublistIds, l.source]),
      ).toEqual(
        expect.arrayContaining([
          [track(2), [], 'hand-edit'],
          [track(3), [], 'import'],
          [track(4), [], 'session'],
        ]),
      );
      expect(await stores().labels.count(layer.id)).toBe(3);
      expect(await stores().labels.forgetSublist(layer.id, rock, { keepVoid: false })).toEqual({
        forgotten: 0,
        kept: 0,
      });
    });
  });
};
