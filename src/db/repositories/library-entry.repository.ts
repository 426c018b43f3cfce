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
    await insertEntries(this.dataSource.manager, userId, sourceId, entries);
  }

  /** Removes these tracks from the source, in one statement. */
  async remove(userId: string, sourceId: string, trackIds: readonly string[]): Promise<void> {
    if (trackIds.length === 0) return;
    await this.dataSource.query(
      `delete from library_entries where user_id = $1 and source_id = $2 and track_id = any($3::text[])`,
      [userId, sourceId, [...trackIds]],
    );
  }

  /**
   * Makes the source hold exactly these entries, in one transaction (replaceEntries). Used for
   * playlists; Liked Songs are stored in pages by LibrarySyncService.
   */
  async replace(userId: string, sourceId: string, entries: readonly LibraryEntry[]): Promise<void> {
    await this.dataSource.transaction((manager) => replaceEntries(manager, userId, sourceId, entries));
  }

  async removeSource(userId: string, sourceId: string): Promise<void> {
    await this.rows.delete({ userId, sourceId });
  }

  async removeAllFor(userId: string): Promise<void> {
    await this.rows.delete({ userId });
  }
}

/**
 * One array per column: a VALUES list of 1,000 rows (4,000 parameters) held the embedded
 * database for 500-1,300 ms a statement during a first library sync (bench/database-holds,
 * load 11-12).
 */
const insertEntries = async (
  manager: EntityManager,
  userId: string,
  sourceId: string,
  entries: readonly LibraryEntry[],
): Promise<void> => {
  const unique = [...new Map(entries.map((entry) => [entry.trackId, entry])).values()];
  for (let start = 0; start < unique.length; start += CHUNK) {
    const page = unique.slice(start, start + CHUNK);
    await manager.query(
      `insert into library_entries (user_id, source_id, track_id, added_at)
       select $1, $2, t.track_id, t.added_at::timestamptz from unnest($3::text[], $4::text[]) as t(track_id, added_at)
       on conflict (user_id, source_id, track_id) do update set added_at = excluded.added_at`,
      [
        userId,
        sourceId,
        page.map((entry) => entry.trackId),
        page.map((entry) => entry.addedAt?.toISOString() ?? null),
      ],
    );
  }
};

/**
 * Makes the source hold exactly these entries, on the caller's transaction, writing only what
 * changed: deleting and inserting a whole 28k-track library held the embedded database, and so
 * every other user, for 7.4 s (bench/database-holds); a full sync usually changes a few entries.
 */
export const replaceEntries = async (
  manager: EntityManager,
  userId: string,
  sourceId: string,
  entries: readonly LibraryEntry[],
): Promise<void> => {
  const wanted = new Map(entries.map((entry) => [entry.trackId, entry]));
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
  await insertEntries(
    manager,
    userId,
    sourceId,
    [...wanted.values()].filter((entry) => !unchanged.has(entry.trackId)),
  );
};
