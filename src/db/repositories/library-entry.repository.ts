import type { DataSource, EntityManager, Repository } from 'typeorm';
import type { LibraryEntry } from '../../core/library-records.js';
import { LibraryEntryEntity } from '../entities/index.js';

const CHUNK = 5_000;

/** Which tracks each of a user's sources holds (library_entries). */
export class LibraryEntryRepository {
  private readonly rows: Repository<LibraryEntryEntity>;

  constructor(private readonly dataSource: DataSource) {
    this.rows = dataSource.getRepository(LibraryEntryEntity);
  }

  /** Newest first; entries without a date last. */
  async entries(userId: string, sourceId: string): Promise<LibraryEntry[]> {
    const rows = await this.rows
      .createQueryBuilder('entry')
      .where('entry.user_id = :userId AND entry.source_id = :sourceId', { userId, sourceId })
      .orderBy('entry.added_at', 'DESC', 'NULLS LAST')
      .addOrderBy('entry.track_id', 'ASC')
      .getMany();
    return rows.map((row) => ({ trackId: row.trackId, addedAt: row.addedAt }));
  }

  async trackIds(userId: string, sourceId: string): Promise<string[]> {
    return (await this.entries(userId, sourceId)).map((entry) => entry.trackId);
  }

  async count(userId: string, sourceId: string): Promise<number> {
    return this.rows.countBy({ userId, sourceId });
  }

  /** Adds entries (or updates their date); the tracks must exist. */
  async add(userId: string, sourceId: string, entries: readonly LibraryEntry[]): Promise<void> {
    await this.insert(this.dataSource.manager, userId, sourceId, entries);
  }

  /** Makes the source hold exactly these entries, in one transaction. */
  async replace(userId: string, sourceId: string, entries: readonly LibraryEntry[]): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.delete(LibraryEntryEntity, { userId, sourceId });
      await this.insert(manager, userId, sourceId, entries);
    });
  }

  async removeSource(userId: string, sourceId: string): Promise<void> {
    await this.rows.delete({ userId, sourceId });
  }

  async removeAllFor(userId: string): Promise<void> {
    await this.rows.delete({ userId });
  }

  private async insert(
    manager: EntityManager,
    userId: string,
    sourceId: string,
    entries: readonly LibraryEntry[],
  ): Promise<void> {
    const unique = [...new Map(entries.map((entry) => [entry.trackId, entry])).values()];
    for (let start = 0; start < unique.length; start += CHUNK) {
      const values = unique
        .slice(start, start + CHUNK)
        .map((entry) => ({ userId, sourceId, trackId: entry.trackId, addedAt: entry.addedAt }));
      await manager
        .createQueryBuilder()
        .insert()
        .into(LibraryEntryEntity)
        .values(values)
        .orUpdate(['added_at'], ['user_id', 'source_id', 'track_id'])
        .execute();
    }
  }
}
