import { In, type DataSource, type Repository } from 'typeorm';
import type { Track } from '../../core/track.js';
import { TrackEntity } from '../entities/index.js';

/** Rows per insert: 8 parameters a row stays far below PostgreSQL's 65,535. */
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

  /** Inserts new tracks and refreshes the Spotify metadata of known ones, keeping their enrichment. */
  async upsertMetadata(tracks: readonly Track[]): Promise<void> {
    const unique = [...new Map(tracks.map((track) => [track.id, track])).values()];
    for (let start = 0; start < unique.length; start += CHUNK) {
      const values = unique.slice(start, start + CHUNK).map((track) => ({
        id: track.id,
        name: track.name,
        artists: track.artists,
        album: track.album,
        durationMs: track.durationMs ?? null,
        explicit: track.explicit ?? null,
        isrc: track.isrc ?? null,
      }));
      await this.rows
        .createQueryBuilder()
        .insert()
        .values(values)
        .orUpdate(['name', 'artists', 'album', 'duration_ms', 'explicit', 'isrc', 'updated_at'], ['id'])
        .execute();
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
