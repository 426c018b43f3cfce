import type { DataSource, Repository } from 'typeorm';
import type { Sublist } from '../../core/layer-records.js';
import { SublistEntity } from '../entities/index.js';

const toSublist = (row: SublistEntity): Sublist => ({
  id: row.id,
  layerId: row.layerId,
  name: row.name,
  playlistId: row.playlistId,
  position: row.position,
});

export class SublistRepository {
  private readonly rows: Repository<SublistEntity>;

  constructor(dataSource: DataSource) {
    this.rows = dataSource.getRepository(SublistEntity);
  }

  /** Appends the sublist after the layer's last one. */
  async add(layerId: string, name: string, playlistId: string): Promise<Sublist> {
    const last = await this.rows.findOne({ where: { layerId }, order: { position: 'DESC' } });
    const saved = await this.rows.save(
      this.rows.create({ layerId, name, playlistId, position: (last?.position ?? -1) + 1 }),
    );
    return toSublist(saved);
  }

  async listFor(layerId: string): Promise<Sublist[]> {
    const rows = await this.rows.find({ where: { layerId }, order: { position: 'ASC' } });
    return rows.map(toSublist);
  }

  async byName(layerId: string, name: string): Promise<Sublist | undefined> {
    const row = await this.rows
      .createQueryBuilder('sublist')
      .where('sublist.layer_id = :layerId', { layerId })
      .andWhere('lower(sublist.name) = lower(:name)', { name })
      .getOne();
    return row ? toSublist(row) : undefined;
  }

  async delete(id: string): Promise<void> {
    await this.rows.delete({ id });
  }
}
