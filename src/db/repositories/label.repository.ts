import type { DataSource, EntityManager, Repository } from 'typeorm';
import type { Label, LabelSource } from '../../core/layer-records.js';
import { LabelEntity } from '../entities/index.js';

const toLabel = (row: LabelEntity): Label => ({
  layerId: row.layerId,
  trackId: row.trackId,
  sublistIds: row.sublistIds,
  source: row.source,
  drawnAtRandom: row.drawnAtRandom,
  updatedAt: row.updatedAt,
});

/** LabelRepository.put on the caller's transaction. */
export const putLabel = async (
  manager: EntityManager,
  label: Pick<Label, 'layerId' | 'trackId' | 'sublistIds' | 'source'>,
  options: { drawnAtRandom?: boolean } = {},
): Promise<void> => {
  await manager.upsert(
    LabelEntity,
    {
      layerId: label.layerId,
      trackId: label.trackId,
      sublistIds: [...label.sublistIds],
      source: label.source,
      drawnAtRandom: options.drawnAtRandom ?? false,
    },
    ['layerId', 'trackId'],
  );
};

export class LabelRepository {
  private readonly rows: Repository<LabelEntity>;

  constructor(private readonly dataSource: DataSource) {
    this.rows = dataSource.getRepository(LabelEntity);
  }

  /** Stores (or replaces) the answer for one track; a replaced answer's draw is forgotten. */
  async put(
    layerId: string,
    trackId: string,
    sublistIds: readonly string[],
    source: LabelSource,
    options: { drawnAtRandom?: boolean } = {},
  ): Promise<void> {
    await putLabel(this.rows.manager, { layerId, trackId, sublistIds, source }, options);
  }

  /** Stores many answers in one statement; existing answers from `keep` sources are left as they are. */
  async putMany(
    layerId: string,
    labels: readonly { trackId: string; sublistIds: readonly string[] }[],
    source: LabelSource,
    keep: readonly LabelSource[],
  ): Promise<number> {
    if (labels.length === 0) return 0;
    const kept = new Set(
      (await this.rows.find({ where: { layerId }, select: { trackId: true, source: true } }))
        .filter((row) => keep.includes(row.source))
        .map((row) => row.trackId),
    );
    const fresh = labels.filter((label) => !kept.has(label.trackId));
    for (let start = 0; start < fresh.length; start += 500) {
      await this.rows.upsert(
        fresh.slice(start, start + 500).map((label) => ({
          layerId,
          trackId: label.trackId,
          sublistIds: [...label.sublistIds],
          source,
          drawnAtRandom: false,
        })),
        ['layerId', 'trackId'],
      );
    }
    return fresh.length;
  }

  async get(layerId: string, trackId: string): Promise<Label | undefined> {
    const row = await this.rows.findOneBy({ layerId, trackId });
    return row ? toLabel(row) : undefined;
  }

  async listFor(layerId: string): Promise<Label[]> {
    const rows = await this.rows.find({ where: { layerId }, order: { createdAt: 'ASC' } });
    return rows.map(toLabel);
  }

  async trackIdsFor(layerId: string): Promise<string[]> {
    const rows = await this.rows.find({ where: { layerId }, select: { trackId: true } });
    return rows.map((row) => row.trackId);
  }

  async count(layerId: string): Promise<number> {
    return this.rows.countBy({ layerId });
  }

  /** Label counts per layer of one user. */
  async countsFor(userId: string): Promise<Map<string, number>> {
    const rows: { layer_id: string; count: string }[] = await this.dataSource.query(
      `select l.layer_id, count(*) as count from labels l join layers y on y.id = l.layer_id where y.user_id = $1 group by l.layer_id`,
      [userId],
    );
    return new Map(rows.map((row) => [row.layer_id, Number(row.count)]));
  }

  async delete(layerId: string, trackId: string): Promise<void> {
    await this.rows.delete({ layerId, trackId });
  }

  /** Forgets every answer that names the sublist; they were given with it as an option. */
  async deleteNaming(layerId: string, sublistId: string): Promise<number> {
    const result = await this.rows
      .createQueryBuilder()
      .delete()
      .where('layer_id = :layerId', { layerId })
      .andWhere('sublist_ids @> :named::jsonb', { named: JSON.stringify([sublistId]) })
      .execute();
    return result.affected ?? 0;
  }
}
