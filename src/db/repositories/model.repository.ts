import type { DataSource, Repository } from 'typeorm';
import type { NewModel, StoredModel } from '../../core/model-records.js';
import { ModelEntity } from '../entities/index.js';

export type ModelSummary = Omit<StoredModel, 'weights' | 'featureSpec'>;

const toModel = (row: ModelEntity): StoredModel => ({
  id: row.id,
  layerId: row.layerId,
  version: row.version,
  featureSpec: row.featureSpec,
  weights: new Uint8Array(row.weights),
  thresholds: row.thresholds,
  metrics: row.metrics,
  labelCount: row.labelCount,
  backend: row.backend,
  features: row.features ?? null,
  active: row.active,
  createdAt: row.createdAt,
});

const UNIQUE_VIOLATION = '23505';

export class ModelRepository {
  private readonly rows: Repository<ModelEntity>;

  constructor(private readonly dataSource: DataSource) {
    this.rows = dataSource.getRepository(ModelEntity);
  }

  /** Stores a new, inactive model with the layer's next version number. */
  async insert(model: NewModel): Promise<StoredModel> {
    for (let attempt = 0; ; attempt++) {
      const latest = await this.rows.findOne({
        where: { layerId: model.layerId },
        order: { version: 'DESC' },
        select: { version: true },
      });
      try {
        const saved = await this.rows.save(
          this.rows.create({
            ...model,
            weights: Buffer.from(model.weights),
            version: (latest?.version ?? 0) + 1,
            active: false,
          }),
        );
        return toModel(saved);
      } catch (error) {
        // Two trainings of one layer finished together: take the next number.
        if ((error as { code?: string }).code !== UNIQUE_VIOLATION || attempt >= 5) throw error;
      }
    }
  }

  /** Makes the model the layer's only active one. */
  async activate(modelId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const model = await manager.findOneByOrFail(ModelEntity, { id: modelId });
      await manager.update(ModelEntity, { layerId: model.layerId, active: true }, { active: false });
      await manager.update(ModelEntity, { id: modelId }, { active: true });
    });
  }

  async active(layerId: string): Promise<StoredModel | undefined> {
    const row = await this.rows.findOneBy({ layerId, active: true });
    return row ? toModel(row) : undefined;
  }

  /** The id of the layer's active model, without loading it. */
  async activeId(layerId: string): Promise<string | undefined> {
    const row = await this.rows.findOne({ where: { layerId, active: true }, select: { id: true } });
    return row?.id;
  }

  async byId(id: string): Promise<StoredModel | undefined> {
    const row = await this.rows.findOneBy({ id });
    return row ? toModel(row) : undefined;
  }

  /** Newest first, without the weights. */
  async listFor(layerId: string): Promise<ModelSummary[]> {
    const rows = await this.rows.find({
      where: { layerId },
      order: { version: 'DESC' },
      select: {
        id: true,
        layerId: true,
        version: true,
        thresholds: true,
        metrics: true,
        labelCount: true,
        backend: true,
        features: true,
        active: true,
        createdAt: true,
      },
    });
    return rows.map(({ weights: _w, featureSpec: _f, ...summary }) => summary as ModelSummary);
  }
}
