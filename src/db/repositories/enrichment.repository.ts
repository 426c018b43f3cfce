import { type DataSource, In, type Repository } from 'typeorm';
import type { CacheEntry, CachedAnswer, EnrichmentCacheStore } from '../../enrich/enrichment-cache.js';
import type { TrackEnrichmentState, TrackEnrichmentUpdate } from '../../core/enrichment-records.js';
import { EnrichmentCacheEntity, LibraryEntryEntity, TrackEntity } from '../entities/index.js';

const CHUNK = 1000;

const chunks = <T>(items: readonly T[], size = CHUNK): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
};

/** The enrichment cache and the two enrichment columns of `tracks`. */
export class EnrichmentRepository implements EnrichmentCacheStore {
  private readonly cache: Repository<EnrichmentCacheEntity>;
  private readonly tracks: Repository<TrackEntity>;
  private readonly library: Repository<LibraryEntryEntity>;

  constructor(private readonly dataSource: DataSource) {
    this.cache = dataSource.getRepository(EnrichmentCacheEntity);
    this.tracks = dataSource.getRepository(TrackEntity);
    this.library = dataSource.getRepository(LibraryEntryEntity);
  }

  async readCache(provider: string, keys: readonly string[]): Promise<Map<string, CachedAnswer>> {
    const answers = new Map<string, CachedAnswer>();
    for (const part of chunks([...new Set(keys)])) {
      const rows = await this.cache.find({ where: { provider, key: In(part) } });
      for (const row of rows)
        answers.set(row.key, { payload: row.payload ?? null, fetchedAt: row.fetchedAt });
    }
    return answers;
  }

  async writeCache(provider: string, entries: readonly CacheEntry[]): Promise<void> {
    for (const part of chunks(entries, 500)) {
      // `as never`: the payload is jsonb of any shape, which TypeORM's deep-partial type cannot express.
      await this.cache.upsert(
        part.map((entry) => ({
          provider,
          key: entry.key,
          payload: entry.payload,
          fetchedAt: entry.fetchedAt,
        })) as never,
        ['provider', 'key'],
      );
    }
  }

  async tracksForEnrichment(trackIds: readonly string[]): Promise<TrackEnrichmentState[]> {
    const states: TrackEnrichmentState[] = [];
    for (const part of chunks([...new Set(trackIds)])) {
      const rows = await this.tracks.find({
        where: { id: In(part) },
        select: { id: true, name: true, artists: true, isrc: true, audioFeatures: true, tags: true },
      });
      for (const row of rows) {
        states.push({
          id: row.id,
          name: row.name,
          artists: row.artists,
          ...(row.isrc ? { isrc: row.isrc } : {}),
          audioFeatures: row.audioFeatures,
          tags: row.tags,
        });
      }
    }
    return states;
  }

  /** Every track of the user's synced library (Liked Songs and playlists). */
  async libraryTrackIds(userId: string): Promise<string[]> {
    const rows = await this.library
      .createQueryBuilder('entry')
      .select('distinct entry.track_id', 'trackId')
      .where('entry.user_id = :userId', { userId })
      .getRawMany<{ trackId: string }>();
    return rows.map((row) => row.trackId);
  }

  async writeEnrichment(updates: readonly TrackEnrichmentUpdate[]): Promise<void> {
    if (updates.length === 0) return;
    await this.dataSource.transaction(async (manager) => {
      for (const { trackId, audioFeatures, tags } of updates) {
        const columns: Partial<Pick<TrackEntity, 'audioFeatures' | 'tags'>> = {};
        if (audioFeatures !== undefined) columns.audioFeatures = audioFeatures;
        if (tags !== undefined) columns.tags = tags;
        if (Object.keys(columns).length > 0) await manager.update(TrackEntity, { id: trackId }, columns);
      }
    });
  }
}
