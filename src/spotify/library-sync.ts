import { atMostPriority, RequestPriority } from '../core/request-priority.js';
import type { Track } from '../core/track.js';
import { LIKED_SONGS_ID } from '../core/layer-records.js';
import type { UserPlaylist } from '../core/library-records.js';
import { SpotifyApiError } from './errors.js';
import {
  itemTotalOf,
  readLikedSongs,
  readMyPlaylists,
  readPlaylistItems,
  type ReadEntry,
  type SkipCounts,
} from './library-reader.js';
import type {
  LibraryEntryStore,
  SpotifyAccountStore,
  TrackMetadataStore,
  UserPlaylistStore,
} from './library-stores.js';
import type { SpotifySessionService } from './spotify-session.js';
import { SpotifyBudgetError, SpotifyNotLinkedError } from '../services/spotify-errors.js';

export interface LikedSyncResult {
  /** `incremental`: read newest first up to the first known track; `full`: read everything. */
  mode: 'incremental' | 'full';
  /** Track ids new to the library, newest first. */
  addedTrackIds: string[];
  removed: number;
  /** Spotify's count of Liked Songs. */
  total: number;
  skipped: SkipCounts;
}

export interface PlaylistSyncResult {
  playlists: number;
  /** Playlists whose items were read (new or changed snapshot). */
  read: number;
  /** Playlists skipped because their snapshot_id did not change. */
  unchanged: number;
  /** Followed playlists: Spotify serves their items only to owners and collaborators. */
  unreadable: number;
  /** Playlists gone from the library since the last sync. */
  removed: number;
  skipped: SkipCounts;
}

export interface LibrarySyncDeps {
  sessions: Pick<SpotifySessionService, 'spotifyFor'>;
  accounts: Pick<
    SpotifyAccountStore,
    'byUserId' | 'recordLikedSync' | 'recordLibraryReadProgress' | 'recordLibraryRead'
  >;
  tracks: TrackMetadataStore;
  entries: Pick<LibraryEntryStore, 'trackIds' | 'add' | 'replace' | 'removeSource'>;
  playlists: Pick<UserPlaylistStore, 'listFor' | 'save' | 'keepOnly'>;
  now?: () => Date;
}

const noSkips = (): SkipCounts => ({ local: 0, episode: 0, unavailable: 0 });

const addSkips = (into: SkipCounts, from: SkipCounts): void => {
  into.local += from.local;
  into.episode += from.episode;
  into.unavailable += from.unavailable;
};

const tracksOf = (entries: readonly ReadEntry[]): Track[] => entries.map((entry) => entry.track);

const asEntries = (entries: readonly ReadEntry[]) =>
  entries.map((entry) => ({ trackId: entry.track.id, addedAt: entry.addedAt }));

/**
 * Copies a user's Spotify library into the database: Liked Songs (source `liked`) and the items
 * of the playlists they own or collaborate on (source = playlist id).
 */
export class LibrarySyncService {
  private readonly now: () => Date;

  constructor(private readonly deps: LibrarySyncDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  /**
   * Liked Songs. By default incremental: newest first, stopping at the first known track (one
   * request when nothing is new); when Spotify's total then disagrees with what we hold plus what
   * is new, something was removed and a full pass follows. `full: true` forces the full pass
   * (schedule one now and then). The first sync is always full.
   */
  async syncLikedSongs(userId: string, { full = false }: { full?: boolean } = {}): Promise<LikedSyncResult> {
    const client = await this.deps.sessions.spotifyFor(userId);
    const account = await this.deps.accounts.byUserId(userId);
    if (!account) throw new SpotifyNotLinkedError(userId);
    const known = new Set(await this.deps.entries.trackIds(userId, LIKED_SONGS_ID));

    if (!full && account.likedTotal !== null && known.size > 0) {
      const read = await readLikedSongs(client, (trackId) => known.has(trackId));
      if (read.stoppedAtKnown && read.total === account.likedTotal + read.seen) {
        await this.deps.tracks.upsertMetadata(tracksOf(read.entries));
        await this.deps.entries.add(userId, LIKED_SONGS_ID, asEntries(read.entries));
        await this.deps.accounts.recordLikedSync(userId, this.now(), read.total);
        return {
          mode: 'incremental',
          addedTrackIds: read.entries.map((entry) => entry.track.id),
          removed: 0,
          total: read.total,
          skipped: read.skipped,
        };
      }
    }

    // The first read of a library takes a while (a request per 50 songs): commands that need the
    // library say how far it is.
    const firstRead = account.libraryReadAt === null;
    const read = await readLikedSongs(
      client,
      undefined,
      firstRead
        ? (seen, total) => this.deps.accounts.recordLibraryReadProgress(userId, seen, total)
        : undefined,
    );
    await this.deps.tracks.upsertMetadata(tracksOf(read.entries));
    await this.deps.entries.replace(userId, LIKED_SONGS_ID, asEntries(read.entries));
    await this.deps.accounts.recordLikedSync(userId, this.now(), read.total);
    const present = new Set(read.entries.map((entry) => entry.track.id));
    return {
      mode: 'full',
      addedTrackIds: read.entries
        .filter((entry) => !known.has(entry.track.id))
        .map((entry) => entry.track.id),
      removed: [...known].filter((trackId) => !present.has(trackId)).length,
      total: read.total,
      skipped: read.skipped,
    };
  }

  /** The user's playlists; items are read only for owned or collaborative ones whose snapshot changed. */
  async syncPlaylists(userId: string): Promise<PlaylistSyncResult> {
    const client = await this.deps.sessions.spotifyFor(userId);
    const account = await this.deps.accounts.byUserId(userId);
    if (!account) throw new SpotifyNotLinkedError(userId);
    const stored = new Map((await this.deps.playlists.listFor(userId)).map((p) => [p.playlistId, p]));
    const summaries = await readMyPlaylists(client);
    const result: PlaylistSyncResult = {
      playlists: summaries.length,
      read: 0,
      unchanged: 0,
      unreadable: 0,
      removed: 0,
      skipped: noSkips(),
    };

    // Contents read are stored only once every playlist has been read: a sync cut short (a Spotify
    // error, a crash) stores none of them, so the retry still sees what the user changed by hand.
    const read: { row: UserPlaylist; items: Awaited<ReturnType<typeof readPlaylistItems>> }[] = [];
    for (const summary of summaries) {
      const row = {
        playlistId: summary.id,
        name: summary.name,
        ownerId: summary.owner?.id ?? '',
        collaborative: summary.collaborative === true,
        itemTotal: itemTotalOf(summary),
        syncedAt: this.now(),
      };
      const readable = row.ownerId === account.spotifyUserId || row.collaborative;
      const previous = stored.get(summary.id);
      if (!readable) {
        await this.markUnreadable(userId, { ...row, snapshotId: null }, result);
        continue;
      }
      if (previous?.snapshotId && previous.snapshotId === summary.snapshot_id) {
        result.unchanged++;
        await this.deps.playlists.save(userId, {
          ...row,
          snapshotId: previous.snapshotId,
          itemTotal: previous.itemTotal,
        });
        continue;
      }
      try {
        const items = await readPlaylistItems(client, summary.id);
        read.push({ row: { ...row, itemTotal: items.total, snapshotId: summary.snapshot_id }, items });
        addSkips(result.skipped, items.skipped);
        result.read++;
      } catch (error) {
        // A collaborative playlist the user only follows: listed, but its items are not theirs to read.
        if (!(error instanceof SpotifyApiError && error.status === 403)) throw error;
        await this.markUnreadable(userId, { ...row, snapshotId: null }, result);
      }
    }
    for (const { row, items } of read) {
      await this.deps.tracks.upsertMetadata(tracksOf(items.entries));
      await this.deps.entries.replace(userId, row.playlistId, asEntries(items.entries));
      await this.deps.playlists.save(userId, row);
    }
    result.removed = await this.deps.playlists.keepOnly(
      userId,
      summaries.map((summary) => summary.id),
    );
    return result;
  }

  private async markUnreadable(
    userId: string,
    playlist: UserPlaylist,
    result: PlaylistSyncResult,
  ): Promise<void> {
    result.unreadable++;
    await this.deps.entries.removeSource(userId, playlist.playlistId);
    await this.deps.playlists.save(userId, playlist);
  }

  /**
   * Liked Songs at the priority of new likes, then the playlists at that of hand-edit checks
   * (never above the caller's). When the daily budget has nothing left for the playlists, they
   * wait for the next sync (`playlists: undefined`): nothing they changed is lost, it is read then.
   */
  async syncLibrary(
    userId: string,
    options: { full?: boolean } = {},
  ): Promise<{ liked: LikedSyncResult; playlists: PlaylistSyncResult | undefined }> {
    const liked = await atMostPriority(RequestPriority.NewLikes, () => this.syncLikedSongs(userId, options));
    try {
      const playlists = await atMostPriority(RequestPriority.HandEdits, () => this.syncPlaylists(userId));
      await this.deps.accounts.recordLibraryRead(userId, this.now());
      return { liked, playlists };
    } catch (error) {
      if (error instanceof SpotifyBudgetError) return { liked, playlists: undefined };
      throw error;
    }
  }
}
