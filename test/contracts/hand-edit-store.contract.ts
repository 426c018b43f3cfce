import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { HandEditRecord, Sublist } from '../../src/core/layer-records.js';
import { editsInForce } from '../../src/core/hand-edits.js';
import type { KeepSortedDeps } from '../../src/services/sync/keep-sorted.service.js';
import type { LabelStore, LayerStore, SublistStore } from '../../src/services/ports/layer.ports.js';
import type { HandEditStore } from '../../src/services/ports/sort-run.ports.js';
import type { UserStore } from '../../src/services/ports/user.ports.js';
import { freshLayer } from './fresh-layer.js';
import { libraryTrack, trackIds, type LibraryWrites } from './library-stores.contract.js';

export interface HandEditStores {
  users: UserStore;
  layers: LayerStore;
  sublists: SublistStore;
  handEdits: HandEditStore;
  labels: LabelStore;
  contents: Pick<KeepSortedDeps['contents'], 'contentsOf' | 'recordHandEdits'>;
  tracks: LibraryWrites['tracks'];
  entries: LibraryWrites['entries'];
}

const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 0, minute));

const sorted = (rows: readonly HandEditRecord[]) =>
  [...rows]
    .map((row) => [row.sublistId, row.trackId, row.action, row.detectedAt.toISOString()])
    .sort((a, b) => a.join().localeCompare(b.join()));

/**
 * What the hand-edit store promises (fake and repository alike): the latest change by hand of each
 * track in each sublist, which the planner holds and which counts as an answer. One layer per test.
 */
export const handEditStoreContract = (stores: () => HandEditStores): void => {
  const newLayer = async () => {
    const layer = await freshLayer(stores());
    const rock = await stores().sublists.add(layer.id, 'rock', `pl-${randomUUID()}`);
    const jazz = await stores().sublists.add(layer.id, 'jazz', `pl-${randomUUID()}`);
    return { layer, rock, jazz };
  };
  const edit = (sublist: Sublist, trackId: string, action: 'add' | 'remove', minute = 0): HandEditRecord => ({
    layerId: sublist.layerId,
    sublistId: sublist.id,
    trackId,
    action,
    detectedAt: at(minute),
  });

  describe('hand edits', () => {
    it('are older than a label given after them, and newer than one given before (the newest answer wins)', async () => {
      const { layer, rock } = await newLayer();
      await stores().labels.put(layer.id, 'labelled-before', [rock.id], 'session');
      const now = (trackId: string): HandEditRecord => ({
        ...edit(rock, trackId, 'remove'),
        detectedAt: new Date(),
      });
      await new Promise((resolve) => setTimeout(resolve, 5));
      await stores().handEdits.record([now('labelled-before'), now('labelled-after')]);
      await new Promise((resolve) => setTimeout(resolve, 5));
      await stores().labels.put(layer.id, 'labelled-after', [rock.id], 'session');
      const inForce = editsInForce(
        await stores().handEdits.listFor(layer.id),
        await stores().labels.listFor(layer.id),
      );
      expect(inForce.map((e) => e.trackId)).toEqual(['labelled-before']);
    });

    it('lists what was recorded for the layer, only that layer’s', async () => {
      const { layer, rock, jazz } = await newLayer();
      const other = await newLayer();
      await stores().handEdits.record([edit(rock, 't1', 'remove', 1), edit(jazz, 't1', 'add', 1)]);
      await stores().handEdits.record([edit(other.rock, 't1', 'remove', 2)]);
      expect(sorted(await stores().handEdits.listFor(layer.id))).toEqual(
        sorted([edit(rock, 't1', 'remove', 1), edit(jazz, 't1', 'add', 1)]),
      );
      expect(await stores().handEdits.listFor((await freshLayer(stores())).id)).toEqual([]);
      await stores().handEdits.record([]);
    });

    it('keeps the latest change of a track in a sublist: put back by hand, it is no longer a removal', async () => {
      const { layer, rock } = await newLayer();
      await stores().handEdits.record([edit(rock, 't1', 'remove', 1), edit(rock, 't2', 'remove', 1)]);
      await stores().handEdits.record([edit(rock, 't1', 'add', 5)]);
      expect(sorted(await stores().handEdits.listFor(layer.id))).toEqual(
        sorted([edit(rock, 't1', 'add', 5), edit(rock, 't2', 'remove', 1)]),
      );
    });

    it('records many edits at once', async () => {
      const { layer, rock } = await newLayer();
      const many = Array.from({ length: 1201 }, (_, i) => edit(rock, `t${i}`, i % 2 ? 'add' : 'remove'));
      await stores().handEdits.record(many);
      const listed = await stores().handEdits.listFor(layer.id);
      expect(listed).toHaveLength(1201);
      expect(listed.filter((row) => row.action === 'remove')).toHaveLength(601);
    });

    it('forgets a track’s edits in the given sublists only (a correction supersedes them)', async () => {
      const { layer, rock, jazz } = await newLayer();
      await stores().handEdits.record([
        edit(rock, 't1', 'remove'),
        edit(jazz, 't1', 'add'),
        edit(rock, 't2', 'remove'),
      ]);
      await stores().handEdits.forget([rock.id], 't1');
      await stores().handEdits.forget([], 't2');
      expect(sorted(await stores().handEdits.listFor(layer.id))).toEqual(
        sorted([edit(jazz, 't1', 'add'), edit(rock, 't2', 'remove')]),
      );
      await stores().handEdits.forget([rock.id, jazz.id], 't1');
      expect(sorted(await stores().handEdits.listFor(layer.id))).toEqual(
        sorted([edit(rock, 't2', 'remove')]),
      );
    });

    it('refuses an edit in a sublist that does not exist', async () => {
      const { layer } = await newLayer();
      await expect(
        stores().handEdits.record([
          { layerId: layer.id, sublistId: randomUUID(), trackId: 't1', action: 'remove', detectedAt: at(0) },
        ]),
      ).rejects.toThrow();
    });

    it('are stored with their labels and the sublists as read, all or nothing', async () => {
      const { layer, rock, jazz } = await newLayer();
      const [a, b, c] = trackIds('a', 'b', 'c') as [string, string, string];
      await stores().tracks.upsertMetadata([a, b, c].map((id) => libraryTrack(id)));
      await stores().entries.add(layer.userId, rock.playlistId, [
        { trackId: a, addedAt: at(1) },
        { trackId: b, addedAt: at(1) },
      ]);
      await stores().labels.put(layer.id, b, [rock.id], 'session');
      const held = async () =>
        [
          ...(await stores().contents.contentsOf(layer.userId, [rock.playlistId, jazz.playlistId])).values(),
        ].map((tracks) => [...tracks].sort());
      const labels = async () =>
        (await stores().labels.listFor(layer.id))
          .map((label) => [label.trackId, label.sublistIds, label.source])
          .sort((x, y) => String(x[0]).localeCompare(String(y[0])));
      // a moved to jazz, b taken out (its label named rock), c put into rock.
      const found = {
        contents: new Map([
          [rock.playlistId, [{ trackId: c, addedAt: at(2) }]],
          [jazz.playlistId, [{ trackId: a, addedAt: at(2) }]],
        ]),
        edits: [
          edit(rock, a, 'remove', 2),
          edit(jazz, a, 'add', 2),
          edit(rock, b, 'remove', 2),
          edit(rock, c, 'add', 2),
        ],
        labels: [
          { layerId: layer.id, trackId: a, sublistIds: [jazz.id] },
          { layerId: layer.id, trackId: c, sublistIds: [rock.id] },
        ],
        staleLabels: [{ layerId: layer.id, trackId: b }],
      };
      const before = [await held(), await labels()];
      // A write refused after the others (a label of a layer that is gone): none of it is stored.
      await expect(
        stores().contents.recordHandEdits(layer.userId, {
          ...found,
          labels: [...found.labels, { layerId: randomUUID(), trackId: c, sublistIds: [] }],
        }),
      ).rejects.toThrow();
      expect([await held(), await labels(), await stores().handEdits.listFor(layer.id)]).toEqual([
        ...before,
        [],
      ]);

      await stores().contents.recordHandEdits(layer.userId, found);
      expect(await held()).toEqual([[c], [a]]);
      expect(sorted(await stores().handEdits.listFor(layer.id))).toEqual(sorted(found.edits));
      expect(await labels()).toEqual(
        [
          [a, [jazz.id], 'hand-edit'],
          [c, [rock.id], 'hand-edit'],
        ].sort((x, y) => String(x[0]).localeCompare(String(y[0]))),
      );
    });

    it('goes with its sublist, and with its layer', async () => {
      const { layer, rock, jazz } = await newLayer();
      await stores().handEdits.record([edit(rock, 't1', 'remove'), edit(jazz, 't2', 'remove')]);
      await stores().sublists.delete(rock.id);
      expect(sorted(await stores().handEdits.listFor(layer.id))).toEqual(
        sorted([edit(jazz, 't2', 'remove')]),
      );
      await stores().layers.delete(layer.id);
      expect(await stores().handEdits.listFor(layer.id)).toEqual([]);
    });
  });
};
