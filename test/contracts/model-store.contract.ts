import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { NewModel, StoredModel } from '../../src/core/model-records.js';
import type { ModelStore } from '../../src/services/model/layer-model.service.js';
import type { LayerStore } from '../../src/services/ports/layer.ports.js';
import type { UserStore } from '../../src/services/ports/user.ports.js';
import { freshLayer } from './fresh-layer.js';

export interface ModelStores {
  users: UserStore;
  layers: LayerStore;
  models: ModelStore & {
    byId(id: string): Promise<StoredModel | undefined>;
    listFor(layerId: string): Promise<Omit<StoredModel, 'weights' | 'featureSpec'>[]>;
  };
}

const newModel = (layerId: string, labelCount: number): NewModel => ({
  layerId,
  featureSpec: { dims: 12, when: new Date('2026-01-01T00:00:00Z') },
  weights: new Uint8Array([1, 2, 3, labelCount]),
  thresholds: [0.5, 0.25],
  metrics: { f1: 0.75, skipped: undefined },
  labelCount,
  backend: 'cpu',
});

/** What the model records promise (fake and repository alike); one layer per test. */
export const modelStoreContract = (stores: () => ModelStores): void => {
  describe('model records', () => {
    it('stores each model inactive with the layer’s next version, as given (JSON fields as JSON)', async () => {
      const layer = await freshLayer(stores());
      const first = await stores().models.insert(newModel(layer.id, 40));
      const second = await stores().models.insert(newModel(layer.id, 55));
      const elsewhere = await stores().models.insert(newModel((await freshLayer(stores())).id, 9));
      expect([first.version, second.version, elsewhere.version]).toEqual([1, 2, 1]);
      const stored = await stores().models.byId(second.id);
      expect(stored).toMatchObject({
        layerId: layer.id,
        version: 2,
        featureSpec: { dims: 12, when: '2026-01-01T00:00:00.000Z' },
        thresholds: [0.5, 0.25],
        metrics: { f1: 0.75 },
        labelCount: 55,
        backend: 'cpu',
        active: false,
      });
      expect(stored?.weights).toBeInstanceOf(Uint8Array);
      expect([...stored!.weights]).toEqual([1, 2, 3, 55]);
      expect(stored?.createdAt).toBeInstanceOf(Date);
      expect(await stores().models.active(layer.id)).toBeUndefined();
      expect(await stores().models.activeId(layer.id)).toBeUndefined();
      expect(await stores().models.byId(randomUUID())).toBeUndefined();
    });

    it('one active model per layer: activating another deactivates the first', async () => {
      const layer = await freshLayer(stores());
      const other = await freshLayer(stores());
      const first = await stores().models.insert(newModel(layer.id, 40));
      const second = await stores().models.insert(newModel(layer.id, 55));
      const theirs = await stores().models.insert(newModel(other.id, 9));
      await stores().models.activate(theirs.id);
      await stores().models.activate(first.id);
      expect(await stores().models.activeId(layer.id)).toBe(first.id);
      await stores().models.activate(second.id);
      expect((await stores().models.active(layer.id))?.id).toBe(second.id);
      expect([...(await stores().models.active(layer.id))!.weights]).toEqual([1, 2, 3, 55]);
      expect(await stores().models.activeId(other.id)).toBe(theirs.id);
      expect((await stores().models.listFor(layer.id)).map((m) => [m.version, m.active])).toEqual([
        [2, true],
        [1, false],
      ]);
      await expect(stores().models.activate(randomUUID())).rejects.toThrow();
    });

    it('keeps the enrichment a model saw (none recorded: null), in the listing too', async () => {
      const layer = await freshLayer(stores());
      const features = {
        songs: 486,
        withAudio: 120,
        withTags: 0,
        uses: ['audio' as const],
        arriving: ['audio' as const],
      };
      const recorded = await stores().models.insert({ ...newModel(layer.id, 30), features });
      const older = await stores().models.insert(newModel(layer.id, 31));
      expect((await stores().models.byId(recorded.id))?.features).toEqual(features);
      expect((await stores().models.byId(older.id))?.features).toBeNull();
      await stores().models.activate(recorded.id);
      expect((await stores().models.active(layer.id))?.features).toEqual(features);
      expect((await stores().models.listFor(layer.id)).map((m) => m.features)).toEqual([null, features]);
    });

    it('lists the layer’s models newest first without their weights', async () => {
      const layer = await freshLayer(stores());
      await stores().models.insert(newModel(layer.id, 40));
      await stores().models.insert(newModel(layer.id, 55));
      const listed = await stores().models.listFor(layer.id);
      expect(listed.map((m) => [m.version, m.labelCount])).toEqual([
        [2, 55],
        [1, 40],
      ]);
      expect(listed.every((m) => !('weights' in m) || m.weights === undefined)).toBe(true);
      expect(await stores().models.listFor(randomUUID())).toEqual([]);
    });

    it('refuses a model of a missing layer; deleting the layer deletes its models', async () => {
      await expect(stores().models.insert(newModel(randomUUID(), 1))).rejects.toThrow();
      const layer = await freshLayer(stores());
      const model = await stores().models.insert(newModel(layer.id, 40));
      await stores().models.activate(model.id);
      await stores().layers.delete(layer.id);
      expect(await stores().models.byId(model.id)).toBeUndefined();
      expect(await stores().models.activeId(layer.id)).toBeUndefined();
    });
  });
};
