import { songName, type Track } from '../../src/core/track.js';
import type { LibraryEntry, LibraryTrackRecord, UserPlaylist } from '../../src/core/library-records.js';
import type { CachedAnswer, EnrichmentCacheStore } from '../../src/enrich/enrichment-cache.js';
import type { TrackEnrichmentState } from '../../src/core/enrichment-records.js';
import type { EnrichmentTrackStore } from '../../src/services/sync/enrich-tracks.service.js';
import type { KeepSortedDeps } from '../../src/services/sync/keep-sorted.service.js';
import type { PlaylistContentsStore } from '../../src/services/ports/sort-run.ports.js';
import type { MemoryStores } from './memory-stores.js';

/** What jsonb keeps of a value: undefined fields go, a Date becomes its ISO text. */
export const asJson = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Newest first, undated last, then by track id (the repositories' `order by added_at desc nulls last, track_id`). */
const newestFirst = (a: [string, Date | null], b: [string, Date | null]): number =>
  (b[1]?.getTime() ?? -Infinity) - (a[1]?.getTime() ?? -Infinity) || byCodeUnit(a[0], b[0]);

/**
 * A user's synced library in memory (unit tier only): tracks shared by every user with their
 * enrichment columns, each source's entries (`liked` or a playlist id) and the playlists as last
 * synced, with the database's foreign keys (an entry needs its user and its track) and cascades
 * (a deleted user's rows go). The writes the sync makes (`tracks`, `entries`, `playlists`) and the
 * reads the services make (`motherlist`, `contents`, `enrichment`) are held to the repositories by
 * test/contracts/library-stores.contract.ts and test/contracts/enrichment-store.contract.ts.
 */
export class MemoryLibrary {
  private readonly trackRows = new Map<string, Track>();
  /** Per user and source, each track's added time. */
  private readonly entryRows = new Map<string, Map<string, Map<string, Date | null>>>();
  private readonly playlistRows = new Map<string, Map<string, UserPlaylist>>();
  private readonly cacheRows = new Map<string, Map<string, CachedAnswer>>();

  /**
   * `spotifyUserOf`: the Spotify user id of the user's linked account (MemoryAccounts), which
   * `contents.listedPlaylists` asks about ownership; without it, as without an account, it does not.
   */
  constructor(
    private readonly stores: MemoryStores,
    private readonly spotifyUserOf: (userId: string) => string | undefined = () => undefined,
  ) {}

  readonly tracks = {
    /** Inserts new tracks and refreshes the Spotify metadata of known ones, keeping their enrichment. */
    upsertMetadata: async (tracks: readonly Track[]): Promise<void> => {
      for (const track of tracks) {
        const known = this.trackRows.get(track.id);
        const { audioFeatures: _features, tags: _tags, ...metadata } = asJson(track);
        this.trackRows.set(track.id, {
          ...metadata,
          ...(known?.audioFeatures ? { audioFeatures: known.audioFeatures } : {}),
          ...(known?.tags ? { tags: known.tags } : {}),
        });
      }
    },
  };

  readonly entries = {
    /** Adds entries (or updates their date); the user and the tracks must exist. */
    add: async (userId: string, sourceId: string, entries: readonly LibraryEntry[]): Promise<void> => {
      this.requireUser(userId);
      const missing = entries.find((entry) => !this.trackRows.has(entry.trackId));
      if (missing) throw new Error(`in-memory store: no track ${missing.trackId}`);
      const source = this.sourceOf(userId, sourceId);
      for (const entry of entries) source.set(entry.trackId, entry.addedAt);
    },
  };

  readonly playlists = {
    save: async (userId: string, playlist: UserPlaylist): Promise<void> => {
      this.requireUser(userId);
      const rows = this.playlistRows.get(userId) ?? new Map<string, UserPlaylist>();
      rows.set(playlist.playlistId, { ...playlist });
      this.playlistRows.set(userId, rows);
    },
  };

  /** The read model a layer's model trains on and a sort reads (the motherlist-tracks repository). */
  readonly motherlist = {
    tracksOf: async (
      userId: string,
      sourceId: string,
      options: { extraTrackIds?: readonly string[]; hiddenPlaylistIds?: readonly string[] } = {},
    ): Promise<LibraryTrackRecord[]> => {
      const source = this.sources(userId).get(sourceId) ?? new Map<string, Date | null>();
      const extra = (options.extraTrackIds ?? []).filter((id) => this.trackRows.has(id) && !source.has(id));
      const hidden = new Set([sourceId, 'liked', ...(options.hiddenPlaylistIds ?? [])]);
      const rows: [string, Date | null][] = [
        ...source.entries(),
        ...[...new Set(extra)].map((id): [string, Date | null] => [id, null]),
      ];
      return rows.sort(newestFirst).map(([trackId, addedAt]) => {
        const otherPlaylists = [...this.sources(userId)]
          .filter(([other, entries]) => !hidden.has(other) && entries.has(trackId))
          .map(([other]) => other)
          .sort(byCodeUnit);
        const record: LibraryTrackRecord = {
          track: structuredClone(this.trackRows.get(trackId)!),
          otherPlaylists,
        };
        if (addedAt) record.addedAt = addedAt.toISOString();
        return record;
      });
    },
    trackIdsOf: async (userId: string, sourceId: string): Promise<string[]> =>
      [...(this.sources(userId).get(sourceId) ?? [])].sort(newestFirst).map(([trackId]) => trackId),
    holding: async (userId: string, sourceId: string, trackIds: readonly string[]): Promise<Set<string>> => {
      const source = this.sources(userId).get(sourceId);
      return new Set(trackIds.filter((id) => source?.has(id)));
    },
    fingerprint: async (userId: string, sourceId: string): Promise<string> => {
      const added = [...(this.sources(userId).get(sourceId)?.values() ?? [])];
      const newest = Math.max(...added.map((at) => at?.getTime() ?? -Infinity));
      return `${added.length}@${Number.isFinite(newest) ? new Date(newest).toISOString() : '-'}`;
    },
    playlistNamesOf: async (userId: string, playlistIds: readonly string[]): Promise<Map<string, string>> => {
      const playlists = this.playlistsOf(userId);
      return new Map(
        playlistIds.flatMap((id) => {
          const playlist = playlists.get(id);
          return playlist ? [[id, playlist.name] as const] : [];
        }),
      );
    },
    namesOf: async (trackIds: readonly string[]): Promise<Map<string, string>> =>
      new Map(
        trackIds.flatMap((id) => {
          const track = this.trackRows.get(id);
          return track ? [[id, songName(track)] as const] : [];
        }),
      ),
  };

  /** What the user's playlists hold as last seen, kept current by the bot's own writes. */
  readonly contents: PlaylistContentsStore &
    Pick<KeepSortedDeps['contents'], 'readPlaylists' | 'recordHandEdits'> = {
    contentsOf: async (userId, playlistIds) =>
      new Map(playlistIds.map((id) => [id, new Set(this.sources(userId).get(id)?.keys())])),
    listedPlaylists: async (userId, playlistIds) => {
      const account = this.spotifyUserOf(userId);
      const playlists = this.playlistsOf(userId);
      return new Set(
        playlistIds.filter((id) => {
          const playlist = playlists.get(id);
          return playlist !== undefined && (account === undefined || playlist.ownerId === account);
        }),
      );
    },
    snapshotOf: async (userId, playlistId) => this.playlistsOf(userId).get(playlistId)?.snapshotId ?? null,
    recordWrite: async (userId, playlistId, action, trackIds, snapshotId) => {
      if (action === 'add') {
        this.requireUser(userId);
        const source = this.sourceOf(userId, playlistId);
        const now = new Date();
        // Tracks the catalog does not know are left out, as the repository's insert … select does.
        for (const id of trackIds) if (this.trackRows.has(id) && !source.has(id)) source.set(id, now);
      } else {
        for (const id of trackIds) this.sources(userId).get(playlistId)?.delete(id);
      }
      const playlist = this.playlistsOf(userId).get(playlistId);
      if (snapshotId !== null && playlist) {
        Object.assign(playlist, { snapshotId, itemTotal: this.sources(userId).get(playlistId)?.size ?? 0 });
      }
    },
    readPlaylists: async (userId, playlistIds) =>
      new Set(playlistIds.filter((id) => (this.playlistsOf(userId).get(id)?.snapshotId ?? null) !== null)),
    recordHandEdits: async (userId, found) => {
      // All or nothing, as the repository's transaction: what the database would refuse is checked first.
      this.requireUser(userId);
      const entries = [...found.contents.values()].flat();
      const unknown = entries.find((entry) => !this.trackRows.has(entry.trackId));
      if (unknown) throw new Error(`in-memory store: no track ${unknown.trackId}`);
      for (const label of found.labels)
        if (!(await this.stores.layers.byId(label.layerId)))
          throw new Error(`in-memory store: no layer ${label.layerId}`);
      await this.stores.handEdits.record(found.edits);
      for (const label of found.labels)
        await this.stores.labels.put(label.layerId, label.trackId, label.sublistIds, 'hand-edit');
      for (const { layerId, trackId } of found.staleLabels) await this.stores.labels.delete(layerId, trackId);
      for (const [playlistId, held] of found.contents) {
        const source = this.sourceOf(userId, playlistId);
        source.clear();
        for (const entry of held) source.set(entry.trackId, entry.addedAt);
      }
    },
  };

  /** The enrichment columns of tracks and the providers' answer cache (the enrichment repository). */
  readonly enrichment: EnrichmentTrackStore & EnrichmentCacheStore = {
    readCache: async (provider, keys) => {
      const rows = this.cacheRows.get(provider);
      return new Map(
        keys.flatMap((key) => {
          const row = rows?.get(key);
          return row ? [[key, structuredClone(row)] as const] : [];
        }),
      );
    },
    writeCache: async (provider, entries) => {
      const rows = this.cacheRows.get(provider) ?? new Map<string, CachedAnswer>();
      for (const { key, payload, fetchedAt } of entries)
        rows.set(key, { payload: payload === undefined ? null : asJson(payload), fetchedAt });
      this.cacheRows.set(provider, rows);
    },
    tracksForEnrichment: async (trackIds) =>
      [...new Set(trackIds)].flatMap((id): TrackEnrichmentState[] => {
        const track = this.trackRows.get(id);
        if (!track) return [];
        return [
          {
            id,
            name: track.name,
            artists: structuredClone(track.artists),
            ...(track.isrc ? { isrc: track.isrc } : {}),
            audioFeatures: track.audioFeatures ? { ...track.audioFeatures } : null,
            tags: track.tags ? [...track.tags] : null,
          },
        ];
      }),
    libraryTrackIds: async (userId) => [
      ...new Set([...this.sources(userId).values()].flatMap((entries) => [...entries.keys()])),
    ],
    writeEnrichment: async (updates) => {
      for (const { trackId, audioFeatures, tags } of updates) {
        const track = this.trackRows.get(trackId);
        if (!track) continue;
        if (audioFeatures !== undefined) {
          if (audioFeatures === null) delete track.audioFeatures;
          else track.audioFeatures = asJson(audioFeatures);
        }
        if (tags !== undefined) {
          if (tags === null) delete track.tags;
          else track.tags = [...tags];
        }
      }
    },
  };

  /** A deleted user's entries and playlists are gone (the database cascades). */
  private sources(userId: string): Map<string, Map<string, Date | null>> {
    if (!this.stores.hasUser(userId)) this.entryRows.delete(userId);
    return this.entryRows.get(userId) ?? new Map();
  }

  private sourceOf(userId: string, sourceId: string): Map<string, Date | null> {
    const sources = this.entryRows.get(userId) ?? new Map<string, Map<string, Date | null>>();
    const source = sources.get(sourceId) ?? new Map<string, Date | null>();
    sources.set(sourceId, source);
    this.entryRows.set(userId, sources);
    return source;
  }

  private playlistsOf(userId: string): Map<string, UserPlaylist> {
    if (!this.stores.hasUser(userId)) this.playlistRows.delete(userId);
    return this.playlistRows.get(userId) ?? new Map();
  }

  private requireUser(userId: string): void {
    if (!this.stores.hasUser(userId)) throw new Error(`in-memory store: no user ${userId}`);
  }
}
