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

  /**
   * Makes the source hold exactly these entries, in one transaction that writes only what
   * changed: deleting and inserting a whole 28k-track library held the embedded database, and so
   * every other user, for 7.4 s (bench/database-holds); a full sync usually changes a few entries.
   */
  async replace(userId: string, sourceId: string, entries: readonly LibraryEntry[]): Promise<void> {
    const wanted = new Map(entries.map((entry) => [entry.trackId, entry]));
    await this.dataSource.transaction(async (manager) => {
      const held: { track_id: string; added_at: Date | null }[] = await manager.query(
        `select track_id, added_at from library_entries where user_id = $1 and source_id = $2`,
        [userId, sourceId],
      );
      const gone: string[] = [];
      const unchanged = new Set<string>();
      for (const row of held) {
        const entry = wanted.get(row.track_id);
        if (!entry) gone.push(row.track_id);
        else if ((entry.addedAt?.getTime() ?? null) === (row.added_at?.getTime() ?? null))
          unchanged.add(row.track_id);
      }
      if (gone.length > 0) {
        await manager.query(
          `delete from library_entries where user_id = $1 and source_id = $2 and track_id = any($3::text[])`,
          [userId, sourceId, gone],
        );
      }
      await this.insert(
        manager,
        userId,
        sourceId,
        [...wanted.values()].filter((entry) => !unchanged.has(entry.trackId)),
      );
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
