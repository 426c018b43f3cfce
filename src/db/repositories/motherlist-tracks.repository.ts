import type { DataSource } from 'typeorm';
import type { LibraryTrackRecord } from '../../core/library-records.js';
import { songName, type Track } from '../../core/track.js';

interface TrackRow {
  id: string;
  name: string;
  artists: Track['artists'];
  album: Track['album'];
  duration_ms: number | null;
  explicit: boolean | null;
  isrc: string | null;
  audio_features: Track['audioFeatures'] | null;
  tags: string[] | null;
}

const toTrack = (row: TrackRow): Track => {
  const track: Track = { id: row.id, name: row.name, artists: row.artists, album: row.album };
  if (row.duration_ms !== null) track.durationMs = row.duration_ms;
  if (row.explicit !== null) track.explicit = row.explicit;
  if (row.isrc !== null) track.isrc = row.isrc;
  if (row.audio_features) track.audioFeatures = row.audio_features;
  if (row.tags) track.tags = row.tags;
  return track;
};

/**
 * Tracks read per statement: the embedded database serves one statement at a time, and reading a
 * 28k-track library's metadata in one statement held every other user's query for about a second
 * (bench/database-holds); a page of 2,000 holds it for a few tens of milliseconds.
 */
const TRACK_PAGE = 2_000;

/** Read model over tracks and library entries: what a layer's model trains on and predicts. */
export class MotherlistTracksRepository {
  private readonly pageSize: number;

  constructor(
    private readonly dataSource: DataSource,
    { pageSize = TRACK_PAGE }: { pageSize?: number } = {},
  ) {
    this.pageSize = pageSize;
  }

  /**
   * The tracks of `sourceId` (`liked` or a playlist id), newest first, plus `extraTrackIds`
   * (labeled tracks outside it), each with the user's other playlists that hold it, never
   * counting `sourceId` itself or the `hiddenPlaylistIds` (a layer's sublists: the answer).
   * The order and dates come from one narrow read; the metadata follows in pages.
   */
  async tracksOf(
    userId: string,
    sourceId: string,
    options: { extraTrackIds?: readonly string[]; hiddenPlaylistIds?: readonly string[] } = {},
  ): Promise<LibraryTrackRecord[]> {
    const order: { id: string; added_at: Date | null }[] = await this.dataSource.query(
      `select id, added_at from (
         select e.track_id as id, e.added_at from library_entries e where e.user_id = $1 and e.source_id = $2
         union all
         select extra.id, null from unnest($3::text[]) as extra(id)
          where exists (select 1 from tracks t where t.id = extra.id)
            and not exists (select 1 from library_entries e where e.user_id = $1 and e.source_id = $2 and e.track_id = extra.id)
       ) source
       order by added_at desc nulls last, id`,
      [userId, sourceId, [...new Set(options.extraTrackIds ?? [])]],
    );
    const tracks = new Map<string, Track>();
    for (let start = 0; start < order.length; start += this.pageSize) {
      const rows: TrackRow[] = await this.dataSource.query(
        `select id, name, artists, album, duration_ms, explicit, isrc, audio_features, tags
           from tracks where id = any($1::text[])`,
        [order.slice(start, start + this.pageSize).map((row) => row.id)],
      );
      for (const row of rows) tracks.set(row.id, toTrack(row));
    }
    const hidden = [sourceId, 'liked', ...(options.hiddenPlaylistIds ?? [])];
    const memberships: { track_id: string; playlists: string[] }[] = await this.dataSource.query(
      `select track_id, array_agg(source_id order by source_id) as playlists
         from library_entries
        where user_id = $1 and not (source_id = any($2::text[]))
        group by track_id`,
      [userId, hidden],
    );
    const playlistsOf = new Map(memberships.map((m) => [m.track_id, m.playlists]));
    return order.flatMap(({ id, added_at }) => {
      const track = tracks.get(id);
      if (!track) return [];
      const record: LibraryTrackRecord = { track, otherPlaylists: playlistsOf.get(id) ?? [] };
      if (added_at) record.addedAt = new Date(added_at).toISOString();
      return [record];
    });
  }

  /** The names of these playlists of the user as last synced (unknown ones are left out). */
  async playlistNamesOf(userId: string, playlistIds: readonly string[]): Promise<Map<string, string>> {
    if (playlistIds.length === 0) return new Map();
    const rows: { playlist_id: string; name: string }[] = await this.dataSource.query(
      `select playlist_id, name from user_playlists where user_id = $1 and playlist_id = any($2::text[])`,
      [userId, [...new Set(playlistIds)]],
    );
    return new Map(rows.map((row) => [row.playlist_id, row.name]));
  }

  /** Track ids of a source, newest first. */
  async trackIdsOf(userId: string, sourceId: string): Promise<string[]> {
    const rows: { track_id: string }[] = await this.dataSource.query(
      `select track_id from library_entries where user_id = $1 and source_id = $2 order by added_at desc nulls last, track_id`,
      [userId, sourceId],
    );
    return rows.map((row) => row.track_id);
  }

  /**
   * Of `trackIds`, those the source holds: a lookup on the entries' key, so that a correction's check
   * reads one row, not a 28k-song Liked Songs.
   */
  async holding(userId: string, sourceId: string, trackIds: readonly string[]): Promise<Set<string>> {
    if (trackIds.length === 0) return new Set();
    const rows: { track_id: string }[] = await this.dataSource.query(
      `select track_id from library_entries where user_id = $1 and source_id = $2 and track_id = any($3::text[])`,
      [userId, sourceId, [...new Set(trackIds)]],
    );
    return new Set(rows.map((row) => row.track_id));
  }

  /** Changes whenever tracks join or leave the source: its size and newest addition. */
  async fingerprint(userId: string, sourceId: string): Promise<string> {
    const [row]: { tracks: number; newest: Date | null }[] = await this.dataSource.query(
      `select count(*)::int as tracks, max(added_at) as newest from library_entries where user_id = $1 and source_id = $2`,
      [userId, sourceId],
    );
    return `${row?.tracks ?? 0}@${row?.newest ? new Date(row.newest).toISOString() : '-'}`;
  }

  /** "Artist, Artist – Title" per track id, for summaries and messages. */
  async namesOf(trackIds: readonly string[]): Promise<Map<string, string>> {
    if (trackIds.length === 0) return new Map();
    const rows: { id: string; name: string; artists: Track['artists'] }[] = await this.dataSource.query(
      `select id, name, artists from tracks where id = any($1::text[])`,
      [[...trackIds]],
    );
    return new Map(rows.map((row) => [row.id, songName(row)]));
  }
}
