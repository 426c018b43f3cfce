import { atMostPriority, RequestPriority } from '../core/request-priority.js';
import type { Track } from '../core/track.js';
import { LIKED_SONGS_ID } from '../core/layer-records.js';
import type { PlaylistsRead, UserPlaylist } from '../core/library-records.js';
import { SpotifyApiError } from './errors.js';
import {
  itemTotalOf,
  readLikedSongs,
  readMyPlaylists,
  readPlaylistItems,
  type ReadEntry,
  unsortableOf,
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
    'byUserId' | 'recordLikedSync' | 'forgetLikedTotal' | 'recordLibraryReadProgress' | 'recordLibraryRead'
  >;
  tracks: TrackMetadataStore;
  entries: Pick<LibraryEntryStore, 'entries' | 'add' | 'remove' | 'replace' | 'removeSource'>;
  playlists: Pick<UserPlaylistStore, 'listFor' | 'save' | 'forget'>;
  now?: () => Date;
}

interface SyncOptions {
  /**
   * Called once the playlists are read (Liked Songs and track metadata stored), before their
   * contents are stored; a failure stores none of them.
   */
  beforeStoring?: (playlists: PlaylistsRead) => Promise<void>;
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
 * Liked Songs are stored in pages of this many tracks and entries, each page its own short
 * statements: a first read of 28,356 songs stored in one transaction held the embedded database,
 * and so every other user, for 3,034 ms (bench/database-holds, load 7.9); in pages of 1,000 a
 * page's entries still held it for up to 1,098 ms at load 12.4.
 */
const LIKED_PAGE = 500;

const dateKey = (date: Date | null): number | null => date?.getTime() ?? null;

/** A read entry not held, or held with another date. */
const isChanged =
  (held: ReadonlyMap<string, number | null>) =>
  (entry: ReadEntry): boolean =>
    held.get(entry.track.id) !== dateKey(entry.addedAt);

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
    const held = new Map(
      (await this.deps.entries.entries(userId, LIKED_SONGS_ID)).map((entry) => [
        entry.trackId,
        dateKey(entry.addedAt),
      ]),
    );
    const known = new Set(held.keys());

    if (!full && account.likedTotal !== null && known.size > 0) {
      const read = await readLikedSongs(client, (trackId) => known.has(trackId));
      if (read.stoppedAtKnown && read.total === account.likedTotal + read.seen) {
        await this.storeLikedInPages(userId, read.entries, held);
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
    const present = new Set(read.entries.map((entry) => entry.track.id));
    const gone = [...known].filter((trackId) => !present.has(trackId));
    // Cut short between its steps, this sync may leave as many songs added as it was to remove:
    // Spotify's total would then match what the last sync saw, and an incremental sync would
    // never apply the removals.
    if (account.likedTotal !== null && (gone.length > 0 || read.entries.some(isChanged(held))))
      await this.deps.accounts.forgetLikedTotal(userId);
    await this.storeLikedInPages(userId, read.entries, held);
    await this.deps.entries.remove(userId, LIKED_SONGS_ID, gone);
    await this.deps.accounts.recordLikedSync(userId, this.now(), read.total);
    return {
      mode: 'full',
      addedTrackIds: read.entries
        .filter((entry) => !known.has(entry.track.id))
        .map((entry) => entry.track.id),
      removed: gone.length,
      total: read.total,
      skipped: read.skipped,
    };
  }

  /**
   * Stores read Liked Songs page by page: each page's track metadata, then the page's entries that
   * are new or re-dated (unchanged ones are not rewritten). Removals are the caller's, in one last
   * statement. Someone reading the library between pages sees the old library plus part of what is
   * new, never part of a removal:
   * - during the first read nobody uses it: /label, /sort, /import and /sublist add wait for
   *   `libraryReadAt`, set only once every page and the playlists are stored (syncLibrary);
   * - later, a sort takes in the motherlist's tracks one by one against its layer's intake
   *   (keep-sorted's motherlistNews), so the songs of the pages not yet stored are simply new at
   *   the next sort, as if liked a minute later.
   * A full sync cut short between pages leaves no likedTotal (none yet on a first read, forgotten
   * on later ones), so the next sync reads everything and writes only what is still missing. Playlists keep their one-transaction replace: their stored
   * contents are what hand edits are detected against, and half a playlist would read as edits.
   */
  private async storeLikedInPages(
    userId: string,
    entries: readonly ReadEntry[],
    held: ReadonlyMap<string, number | null>,
  ): Promise<void> {
    for (let start = 0; start < entries.length; start += LIKED_PAGE) {
      const page = entries.slice(start, start + LIKED_PAGE);
      await this.deps.tracks.upsertMetadata(tracksOf(page));
      const changed = page.filter(isChanged(held));
      if (changed.length > 0) await this.deps.entries.add(userId, LIKED_SONGS_ID, asEntries(changed));
    }
  }

  /**
   * The user's playlists; items are read only for owned or collaborative ones whose snapshot
   * changed. `beforeStoring` sees what was read before any of it is stored.
   */
  async syncPlaylists(userId: string, options: SyncOptions = {}): Promise<PlaylistSyncResult> {
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
    const unreadable: UserPlaylist[] = [];
    for (const summary of summaries) {
      const row = {
        playlistId: summary.id,
        name: summary.name,
        ownerId: summary.owner?.id ?? '',
        collaborative: summary.collaborative === true,
        itemTotal: itemTotalOf(summary),
        unsortableItems: 0,
        syncedAt: this.now(),
      };
      const readable = row.ownerId === account.spotifyUserId || row.collaborative;
      const previous = stored.get(summary.id);
      if (!readable) {
        unreadable.push({ ...row, snapshotId: null });
        continue;
      }
      if (previous?.snapshotId && previous.snapshotId === summary.snapshot_id) {
        result.unchanged++;
        await this.deps.playlists.save(userId, {
          ...row,
          snapshotId: previous.snapshotId,
          itemTotal: previous.itemTotal,
          unsortableItems: previous.unsortableItems,
        });
        continue;
      }
      try {
        const items = await readPlaylistItems(client, summary.id);
        read.push({
          row: {
            ...row,
            itemTotal: items.total,
            unsortableItems: unsortableOf(items.skipped),
            snapshotId: summary.snapshot_id,
          },
          items,
        });
        addSkips(result.skipped, items.skipped);
        result.read++;
      } catch (error) {
        // A collaborative playlist the user only follows: listed, but its items are not theirs to read.
        if (!(error instanceof SpotifyApiError && error.status === 403)) throw error;
        unreadable.push({ ...row, snapshotId: null });
      }
    }
    for (const { items } of read) await this.deps.tracks.upsertMetadata(tracksOf(items.entries));
    const listed = new Set(summaries.map((summary) => summary.id));
    await options.beforeStoring?.({
      read: new Map(read.map(({ row, items }) => [row.playlistId, asEntries(items.entries)])),
      emptied: new Set([
        ...unreadable.map((row) => row.playlistId),
        ...[...stored.keys()].filter((id) => !listed.has(id)),
      ]),
    });
    for (const { row, items } of read) {
      await this.deps.entries.replace(userId, row.playlistId, asEntries(items.entries));
      await this.deps.playlists.save(userId, row);
    }
    for (const row of unreadable) await this.markUnreadable(userId, row, result);
    // Only playlists known before the listing was read: one the bot created since (a /sublist add
    // during this read) is not listed yet, and is not gone.
    result.removed = await this.deps.playlists.forget(
      userId,
      [...stored.keys()].filter((id) => !listed.has(id)),
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
    options: { full?: boolean } & SyncOptions = {},
  ): Promise<{ liked: LikedSyncResult; playlists: PlaylistSyncResult | undefined }> {
    const liked = await atMostPriority(RequestPriority.NewLikes, () => this.syncLikedSongs(userId, options));
    try {
      const playlists = await atMostPriority(RequestPriority.HandEdits, () =>
        this.syncPlaylists(userId, options),
      );
      await this.deps.accounts.recordLibraryRead(userId, this.now());
      return { liked, playlists };
    } catch (error) {
      if (error instanceof SpotifyBudgetError) return { liked, playlists: undefined };
      throw error;
    }
  }
}
