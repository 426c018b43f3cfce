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

/** A row as RETURNING gives it: column names, not the entity's properties. */
interface LabelSessionRow {
  id: string;
  user_id: string;
  layer_id: string;
  channel_id: string;
  current_track_id: string | null;
  current_message_id: string | null;
  toggled_sublist_ids: string[];
  answered_track_ids: string[];
  skipped_track_ids: string[];
  status: LabelSession['status'];
  updated_at: Date;
}

const fromReturned = (row: LabelSessionRow): LabelSession => ({
  id: row.id,
  userId: row.user_id,
  layerId: row.layer_id,
  channelId: row.channel_id,
  currentTrackId: row.current_track_id,
  currentMessageId: row.current_message_id,
  toggledSublistIds: row.toggled_sublist_ids,
  answeredTrackIds: row.answered_track_ids,
  skippedTrackIds: row.skipped_track_ids,
  status: row.status,
  updatedAt: row.updated_at,
});

export class LabelSessionRepository {
  private readonly rows: Repository<LabelSessionEntity>;

  constructor(dataSource: DataSource) {
    this.rows = dataSource.getRepository(LabelSessionEntity);
  }

  async open(userId: string, layerId: string, channelId: string): Promise<LabelSession> {
    const result = await this.rows
      .createQueryBuilder()
      .insert()
      .values({ userId, layerId, channelId, status: 'open' })
      .returning('*')
      .execute();
    return fromReturned((result.raw as LabelSessionRow[])[0] as LabelSessionRow);
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

  /** One statement (UPDATE … RETURNING): a label press makes two or three of these. */
  async update(id: string, changes: LabelSessionChanges): Promise<LabelSession> {
    const result = await this.rows
      .createQueryBuilder()
      .update()
      .set(changes)
      .where('id = :id', { id })
      .returning('*')
      .execute();
    const [row] = result.raw as LabelSessionRow[];
    if (!row) throw new Error(`no label session ${id}`);
    return fromReturned(row);
  }
}
