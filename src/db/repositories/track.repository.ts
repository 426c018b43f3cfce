import { In, type DataSource, type Repository } from 'typeorm';
import type { Track } from '../../core/track.js';
import { TrackEntity } from '../entities/index.js';

/** Rows per statement: an upsert or an any() read of 1,000 tracks stays short. */
const CHUNK = 1_000;

const toTrack = (row: TrackEntity): Track => {
  const track: Track = { id: row.id, name: row.name, artists: row.artists, album: row.album };
  if (row.durationMs !== null) track.durationMs = row.durationMs;
  if (row.explicit !== null) track.explicit = row.explicit;
  if (row.isrc !== null) track.isrc = row.isrc;
  if (row.audioFeatures !== null) track.audioFeatures = row.audioFeatures;
  if (row.tags !== null) track.tags = row.tags;
  return track;
};

/** Track metadata shared by every user; enrichment columns are written by the enrichment code only. */
export class TrackRepository {
  private readonly rows: Repository<TrackEntity>;

  constructor(dataSource: DataSource) {
    this.rows = dataSource.getRepository(TrackEntity);
  }

  /**
   * Inserts new tracks and refreshes the Spotify metadata of known ones that changed, keeping their
   * enrichment. The rows go as one array per column: a 1,000-row VALUES list (7,000 parameters)
   * held the embedded database for 380-820 ms a statement during a first library sync
   * (bench/database-holds, load 8-12).
   */
  async upsertMetadata(tracks: readonly Track[]): Promise<void> {
    const unique = [...new Map(tracks.map((track) => [track.id, track])).values()];
    for (let start = 0; start < unique.length; start += CHUNK) {
      const page = unique.slice(start, start + CHUNK);
      await this.rows.query(
        `insert into tracks (id, name, artists, album, duration_ms, explicit, isrc)
         select t.id, t.name, t.artists::jsonb, t.album::jsonb, t.duration_ms::integer, t.explicit::boolean, t.isrc
           from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
             as t(id, name, artists, album, duration_ms, explicit, isrc)
         on conflict (id) do update set name = excluded.name, artists = excluded.artists, album = excluded.album,
           duration_ms = excluded.duration_ms, explicit = excluded.explicit, isrc = excluded.isrc, updated_at = now()
         where (tracks.name, tracks.artists, tracks.album, tracks.duration_ms, tracks.explicit, tracks.isrc)
           is distinct from (excluded.name, excluded.artists, excluded.album, excluded.duration_ms, excluded.explicit, excluded.isrc)`,
        [
          page.map((track) => track.id),
          page.map((track) => track.name),
          page.map((track) => JSON.stringify(track.artists)),
          page.map((track) => JSON.stringify(track.album)),
          page.map((track) => (track.durationMs === undefined ? null : String(track.durationMs))),
          page.map((track) => (track.explicit === undefined ? null : String(track.explicit))),
          page.map((track) => track.isrc ?? null),
        ],
      );
    }
  }

  async byIds(ids: readonly string[]): Promise<Track[]> {
    const found: Track[] = [];
    for (let start = 0; start < ids.length; start += CHUNK) {
      const rows = await this.rows.findBy({ id: In(ids.slice(start, start + CHUNK)) });
      found.push(...rows.map(toTrack));
    }
    return found;
  }
}
