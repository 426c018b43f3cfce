import type { DataSource, EntityManager, Repository } from 'typeorm';
import type { HandEditRecord } from '../../core/layer-records.js';
import { HandEditEntity } from '../entities/hand-edit.entity.js';

/** Keeps the latest change per sublist and track, on the caller's transaction. */
export const recordHandEdits = async (
  manager: EntityManager,
  edits: readonly HandEditRecord[],
): Promise<void> => {
  for (let start = 0; start < edits.length; start += 500) {
    await manager.upsert(
      HandEditEntity,
      edits.slice(start, start + 500).map((edit) => ({ ...edit })),
      ['sublistId', 'trackId'],
    );
  }
};

export class HandEditRepository {
  private readonly rows: Repository<HandEditEntity>;

  constructor(dataSource: DataSource) {
    this.rows = dataSource.getRepository(HandEditEntity);
  }

  /** Keeps the latest change per sublist and track. */
  async record(edits: readonly HandEditRecord[]): Promise<void> {
    await recordHandEdits(this.rows.manager, edits);
  }

  async listFor(layerId: string): Promise<HandEditRecord[]> {
    const rows = await this.rows.find({ where: { layerId } });
    return rows.map((row) => ({
      layerId: row.layerId,
      sublistId: row.sublistId,
      trackId: row.trackId,
      action: row.action,
      detectedAt: row.detectedAt,
    }));
  }

  /** An explicit request by the user (a correction) supersedes what they did by hand. */
  async forget(sublistIds: readonly string[], trackId: string): Promise<void> {
    if (sublistIds.length === 0) return;
    await this.rows
      .createQueryBuilder()
      .delete()
      .where('sublist_id in (:...sublistIds)', { sublistIds: [...sublistIds] })
      .andWhere('track_id = :trackId', { trackId })
      .execute();
  }
}
