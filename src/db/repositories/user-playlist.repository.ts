import { In, type DataSource, type Repository } from 'typeorm';
import type { UserPlaylist } from '../../core/library-records.js';
import { LibraryEntryEntity, UserPlaylistEntity } from '../entities/index.js';

const toUserPlaylist = (row: UserPlaylistEntity): UserPlaylist => ({
  playlistId: row.playlistId,
  name: row.name,
  ownerId: row.ownerId,
  collaborative: row.collaborative,
  snapshotId: row.snapshotId,
  itemTotal: row.itemTotal,
  unsortableItems: row.unsortableItems,
  syncedAt: row.syncedAt,
});

/** The playlists of a user's library as last synced (user_playlists). */
export class UserPlaylistRepository {
  private readonly rows: Repository<UserPlaylistEntity>;

  constructor(private readonly dataSource: DataSource) {
    this.rows = dataSource.getRepository(UserPlaylistEntity);
  }

  async listFor(userId: string): Promise<UserPlaylist[]> {
    const rows = await this.rows.find({ where: { userId }, order: { name: 'ASC', playlistId: 'ASC' } });
    return rows.map(toUserPlaylist);
  }

  async byId(userId: string, playlistId: string): Promise<UserPlaylist | undefined> {
    const row = await this.rows.findOneBy({ userId, playlistId });
    return row ? toUserPlaylist(row) : undefined;
  }

  async save(userId: string, playlist: UserPlaylist): Promise<void> {
    await this.rows.upsert({ userId, ...playlist }, ['userId', 'playlistId']);
  }

  async delete(userId: string, playlistId: string): Promise<void> {
    await this.rows.delete({ userId, playlistId });
  }

  async deleteAllFor(userId: string): Promise<void> {
    await this.rows.delete({ userId });
  }

  /** Forgets playlists no longer in the library, with their entries; returns how many went. */
  async forget(userId: string, playlistIds: readonly string[]): Promise<number> {
    if (playlistIds.length === 0) return 0;
    return this.dataSource.transaction(async (manager) => {
      const gone = await manager.find(UserPlaylistEntity, {
        where: { userId, playlistId: In([...playlistIds]) },
      });
      const ids = gone.map((row) => row.playlistId);
      if (ids.length === 0) return 0;
      await manager.delete(LibraryEntryEntity, { userId, sourceId: In(ids) });
      await manager.delete(UserPlaylistEntity, { userId, playlistId: In(ids) });
      return ids.length;
    });
  }
}
