import type { DataSource, Repository } from 'typeorm';
import type { Layer, NewLayer } from '../../core/layer-records.js';
import { LayerEntity } from '../entities/index.js';

const toLayer = (row: LayerEntity): Layer => ({
  id: row.id,
  userId: row.userId,
  name: row.name,
  motherlistId: row.motherlistId,
  mode: { mutual: row.mutual, complete: row.complete },
  precisionTarget: row.precisionTarget,
  createdAt: row.createdAt,
});

export class LayerRepository {
  private readonly rows: Repository<LayerEntity>;

  constructor(dataSource: DataSource) {
    this.rows = dataSource.getRepository(LayerEntity);
  }

  async create(layer: NewLayer): Promise<Layer> {
    const saved = await this.rows.save(this.rows.create(layer));
    return toLayer(saved);
  }

  async byId(id: string): Promise<Layer | undefined> {
    const row = await this.rows.findOneBy({ id });
    return row ? toLayer(row) : undefined;
  }

  /** Names compare case-insensitively, as people type them. */
  async byName(userId: string, name: string): Promise<Layer | undefined> {
    const row = await this.rows
      .createQueryBuilder('layer')
      .where('layer.user_id = :userId', { userId })
      .andWhere('lower(layer.name) = lower(:name)', { name })
      .getOne();
    return row ? toLayer(row) : undefined;
  }

  async listFor(userId: string): Promise<Layer[]> {
    const rows = await this.rows.find({ where: { userId }, order: { createdAt: 'ASC', name: 'ASC' } });
    return rows.map(toLayer);
  }

  async setPrecisionTarget(id: string, precisionTarget: number): Promise<void> {
    await this.rows.update({ id }, { precisionTarget });
  }

  /** Deleting a layer deletes its sublists, labels, models, sort runs and label sessions (foreign keys cascade). */
  async delete(id: string): Promise<void> {
    await this.rows.delete({ id });
  }

  async deleteAllFor(userId: string): Promise<number> {
    const result = await this.rows.delete({ userId });
    return result.affected ?? 0;
  }

  /** Marks the layers as told of their circle (layers.cycle_told_at): those not marked before, each once. */
  async claimCycleNotice(layerIds: readonly string[], at: Date): Promise<string[]> {
    if (layerIds.length === 0) return [];
    const [rows] = (await this.rows.query(
      `update layers set cycle_told_at = $1 where id = any($2::uuid[]) and cycle_told_at is null returning id`,
      [at, [...layerIds]],
    )) as [{ id: string }[], number];
    return rows.map((row) => row.id);
  }

  async releaseCycleNotice(layerIds: readonly string[]): Promise<void> {
    if (layerIds.length === 0) return;
    await this.rows.query(
      `update layers set cycle_told_at = null where id = any($1::uuid[]) and cycle_told_at is not null`,
      [[...layerIds]],
    );
  }
}
