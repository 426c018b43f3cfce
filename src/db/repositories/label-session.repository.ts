import type { DataSource, Repository } from 'typeorm';
import type { LabelSession, LabelSessionChanges } from '../../core/layer-records.js';
import { LabelSessionEntity } from '../entities/index.js';

const toSession = (row: LabelSessionEntity): LabelSession => ({
  id: row.id,
  userId: row.userId,
  layerId: row.layerId,
  channelId: row.channelId,
  currentTrackId: row.currentTrackId,
  currentMessageId: row.currentMessageId,
  toggledSublistIds: row.toggledSublistIds,
  answeredTrackIds: row.answeredTrackIds,
  skippedTrackIds: row.skippedTrackIds,
  status: row.status,
  updatedAt: row.updatedAt,
});

export class LabelSessionRepository {
  private readonly rows: Repository<LabelSessionEntity>;

  constructor(dataSource: DataSource) {
    this.rows = dataSource.getRepository(LabelSessionEntity);
  }

  async open(userId: string, layerId: string, channelId: string): Promise<LabelSession> {
    const saved = await this.rows.save(this.rows.create({ userId, layerId, channelId, status: 'open' }));
    const row = await this.rows.findOneByOrFail({ id: saved.id });
    return toSession(row);
  }

  async byId(id: string): Promise<LabelSession | undefined> {
    const row = await this.rows.findOneBy({ id });
    return row ? toSession(row) : undefined;
  }

  async openFor(userId: string, layerId: string): Promise<LabelSession | undefined> {
    const row = await this.rows.findOne({
      where: { userId, layerId, status: 'open' },
      order: { updatedAt: 'DESC' },
    });
    return row ? toSession(row) : undefined;
  }

  async update(id: string, changes: LabelSessionChanges): Promise<LabelSession> {
    await this.rows.update({ id }, changes);
    return toSession(await this.rows.findOneByOrFail({ id }));
  }
}
