import type { Track } from './track.js';

/** A track in one of a user's sources (Liked Songs, `LIKED_SONGS_ID`, or a playlist by its id), as synced. */
export interface LibraryEntry {
  trackId: string;
  addedAt: Date | null;
}

/**
 * The playlists a library sync is about to store: the entries of each it read, and those it is
 * about to empty (no longer readable, or gone from the library).
 */
export interface PlaylistsRead {
  read: ReadonlyMap<string, readonly LibraryEntry[]>;
  emptied: ReadonlySet<string>;
}

/** A playlist of a user's library as last synced. */
export interface UserPlaylist {
  playlistId: string;
  name: string;
  ownerId: string;
  collaborative: boolean;
  /** Null until its items have been read. */
  snapshotId: string | null;
  itemTotal: number;
  /**
   * Its local files, podcast episodes and items no longer available, as last read: nothing the bot
   * sorts or touches (0 until its items have been read).
   */
  unsortableItems: number;
  syncedAt: Date | null;
}

/** A track as the model sees it (structurally the model's LibraryTrack). */
export interface LibraryTrackRecord {
  track: Track;
  addedAt?: string;
  otherPlaylists: string[];
}
