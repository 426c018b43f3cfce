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

  /** See LabelStore.forgetSublist. */
  async forgetSublist(
    layerId: string,
    sublistId: string,
    { keepVoid }: { keepVoid: boolean },
  ): Promise<{ forgotten: number; kept: number }> {
    const named = JSON.stringify([sublistId]);
    return this.dataSource.transaction(async (manager) => {
      const forgotten = keepVoid
        ? 0
        : ((
            await manager
              .createQueryBuilder()
              .delete()
              .from(LabelEntity)
              .where('layer_id = :layerId', { layerId })
              .andWhere('sublist_ids = :named::jsonb', { named })
              .execute()
          ).affected ?? 0);
      const kept = await manager
        .createQueryBuilder()
        .update(LabelEntity)
        // Set by hand, or TypeORM stamps updated_at: the answer would pass for newer than it is.
        .set({ sublistIds: () => 'sublist_ids - :sublistId::text', updatedAt: () => 'updated_at' })
        .where('layer_id = :layerId', { layerId })
        .andWhere('sublist_ids @> :named::jsonb', { named })
        .setParameter('sublistId', sublistId)
        .execute();
      return { forgotten, kept: kept.affected ?? 0 };
    });
  }
}
