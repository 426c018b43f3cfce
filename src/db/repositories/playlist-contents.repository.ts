import type { DataSource } from 'typeorm';
import type { HandEditsFound } from '../../core/layer-records.js';
import { LabelEntity } from '../entities/index.js';
import { recordHandEdits } from './hand-edit.repository.js';
import { putLabel } from './label.repository.js';
import { replaceEntries } from './library-entry.repository.js';

/**
 * What the user's playlists hold as last seen (library entries with a playlist as source),
 * kept current by the bot's own writes so that the next sync sees only changes made by hand.
 */
export class PlaylistContentsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async contentsOf(userId: string, playlistIds: readonly string[]): Promise<Map<string, Set<string>>> {
    const contents = new Map(playlistIds.map((id) => [id, new Set<string>()]));
    if (playlistIds.length === 0) return contents;
    const rows: { source_id: string; track_id: string }[] = await this.dataSource.query(
      `select source_id, track_id from library_entries where user_id = $1 and source_id = any($2::text[])`,
      [userId, [...playlistIds]],
    );
    for (const row of rows) contents.get(row.source_id)?.add(row.track_id);
    return contents;
  }

  async listedPlaylists(userId: string, playlistIds: readonly string[]): Promise<Set<string>> {
    if (playlistIds.length === 0) return new Set();
    // Until a relink to another account has been read, the copy still lists the old account's playlists.
    const rows: { playlist_id: string }[] = await this.dataSource.query(
      `select p.playlist_id from user_playlists p left join spotify_accounts a on a.user_id = p.user_id
        where p.user_id = $1 and p.playlist_id = any($2::text[])
          and (a.spotify_user_id is null or p.owner_id = a.spotify_user_id)`,
      [userId, [...playlistIds]],
    );
    return new Set(rows.map((row) => row.playlist_id));
  }

  async snapshotOf(userId: string, playlistId: string): Promise<string | null> {
    const rows: { snapshot_id: string | null }[] = await this.dataSource.query(
      `select snapshot_id from user_playlists where user_id = $1 and playlist_id = $2`,
      [userId, playlistId],
    );
    return rows[0]?.snapshot_id ?? null;
  }

  /**
   * Records the bot's own write and, when given, the playlist version Spotify answered with (the
   * caller passes null when the playlist may hold changes the last sync did not see).
   */
  async recordWrite(
    userId: string,
    playlistId: string,
    action: 'add' | 'remove',
    trackIds: readonly string[],
    snapshotId: string | null,
  ): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      if (action === 'add') {
        await manager.query(
          `insert into library_entries (user_id, source_id, track_id, added_at)
           select $1, $2, t.id, now() from tracks t where t.id = any($3::text[])
           on conflict do nothing`,
          [userId, playlistId, [...trackIds]],
        );
      } else {
        await manager.query(
          `delete from library_entries where user_id = $1 and source_id = $2 and track_id = any($3::text[])`,
          [userId, playlistId, [...trackIds]],
        );
      }
      if (snapshotId !== null) {
        await manager.query(
          `update user_playlists set snapshot_id = $3, item_total = (select count(*) from library_entries where user_id = $1 and source_id = $2)
            where user_id = $1 and playlist_id = $2`,
          [userId, playlistId, snapshotId],
        );
      }
    });
  }

  /**
   * Stores the sublists' playlists as a sync read them with the hand edits found in them and the
   * labels these give or make stale, in one transaction: either all of it is stored, or none and
   * the next sync finds the same edits against the same stored contents.
   */
  async recordHandEdits(userId: string, found: HandEditsFound): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      for (const [playlistId, entries] of found.contents)
        await replaceEntries(manager, userId, playlistId, entries);
      await recordHandEdits(manager, found.edits);
      for (const label of found.labels) await putLabel(manager, { ...label, source: 'hand-edit' });
      for (const { layerId, trackId } of found.staleLabels)
        await manager.delete(LabelEntity, { layerId, trackId });
    });
  }

  /** Playlists whose items were read at least once (a snapshot is stored). */
  async readPlaylists(userId: string, playlistIds: readonly string[]): Promise<Set<string>> {
    if (playlistIds.length === 0) return new Set();
    const rows: { playlist_id: string }[] = await this.dataSource.query(
      `select playlist_id from user_playlists where user_id = $1 and playlist_id = any($2::text[]) and snapshot_id is not null`,
      [userId, [...playlistIds]],
    );
    return new Set(rows.map((row) => row.playlist_id));
  }
}
