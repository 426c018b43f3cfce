import { randomUUID } from 'node:crypto';
import type { StoredModel } from '../../src/core/model-records.js';
import type { ModelStore } from '../../src/services/model/layer-model.service.js';
import { asJson } from './memory-library.js';
import type { MemoryStores } from './memory-stores.js';

type ModelSummary = Omit<StoredModel, 'weights' | 'featureSpec'>;

/**
 * The trained models of each layer in memory (unit tier only): versions 1, 2, 3… per layer, one
 * active at most, gone with their layer. Held to the model repository by
 * test/contracts/model-store.contract.ts.
 */
export class MemoryModels {
  private readonly rows = new Map<string, StoredModel>();

  constructor(private readonly stores: MemoryStores) {}

  readonly models: ModelStore & {
    byId(id: string): Promise<StoredModel | undefined>;
    listFor(layerId: string): Promise<ModelSummary[]>;
  } = {
    insert: async (model) => {
      if (!this.stores.hasLayer(model.layerId)) throw new Error(`in-memory store: no layer ${model.layerId}`);
      const version = Math.max(0, ...this.of(model.layerId).map((row) => row.version)) + 1;
      const row: StoredModel = {
        layerId: model.layerId,
        featureSpec: asJson(model.featureSpec),
        weights: new Uint8Array(model.weights),
        thresholds: asJson(model.thresholds),
        metrics: asJson(model.metrics),
        labelCount: model.labelCount,
        backend: model.backend,
        features: model.features ? asJson(model.features) : null,
        id: randomUUID(),
        version,
        active: false,
        createdAt: new Date(),
      };
      this.rows.set(row.id, row);
      return this.copy(row)!;
    },
    activate: async (modelId) => {
      const model = this.live(modelId);
      if (!model) throw new Error(`in-memory store: no model ${modelId}`);
      for (const row of this.of(model.layerId)) row.active = row.id === modelId;
    },
    active: async (layerId) => this.copy(this.of(layerId).find((row) => row.active)),
    activeId: async (layerId) => this.of(layerId).find((row) => row.active)?.id,
    byId: async (id) => this.copy(this.live(id)),
    listFor: async (layerId) =>
      this.of(layerId)
        .sort((a, b) => b.version - a.version)
        .map(({ weights: _w, featureSpec: _f, ...summary }) => structuredClone(summary)),
  };

  /** The layer's models; a deleted layer's are gone (the database cascades). */
  private of(layerId: string): StoredModel[] {
    return this.stores.hasLayer(layerId)
      ? [...this.rows.values()].filter((row) => row.layerId === layerId)
      : [];
  }

  private live(id: string): StoredModel | undefined {
    const row = this.rows.get(id);
    return row && this.stores.hasLayer(row.layerId) ? row : undefined;
  }

  private copy(row: StoredModel | undefined): StoredModel | undefined {
    return row ? structuredClone(row) : undefined;
  }
}
