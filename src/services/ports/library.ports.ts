/**
 * What the layer, sublist, import and status services need from the Spotify side
 * (accounts, the synced library, playlist writes). src/composition adapts the Spotify side to these.
 */
export interface OwnedPlaylist {
  id: string;
  name: string;
  /** Its local files, podcast episodes and unavailable items as last read (absent: none). */
  unsortableItems?: number;
}

/** The first whole read of a linked library: done, or how far (null: not started or not known yet). */
export type LibraryRead =
  { done: true } | { done: false; songsRead: number | null; songsTotal: number | null };

export interface LinkedAccount {
  displayName: string;
  /** `expired`: Spotify refused the refresh token; the user must link again. */
  status: 'active' | 'expired';
  linkedAt: Date;
  lastSyncAt: Date | null;
  libraryRead: LibraryRead;
}

export interface AccountDirectory {
  accountOf(userId: string): Promise<LinkedAccount | undefined>;
}

export interface PlaylistDirectory {
  /** Playlists of the user's library that the user owns (not followed ones). */
  ownedPlaylists(userId: string): Promise<OwnedPlaylist[]>;
  /** Playlists of the user's library that someone else owns (followed, or collaborative). */
  followedPlaylists(userId: string): Promise<{ id: string; name: string }[]>;
  createPrivatePlaylist(userId: string, name: string): Promise<OwnedPlaylist>;
  /** Undoes createPrivatePlaylist when what needed the playlist failed (no orphan is left). */
  discardCreatedPlaylist(userId: string, playlistId: string): Promise<void>;
  playlistContents(userId: string, playlistId: string): Promise<PlaylistContents>;
}

/** A playlist as Spotify holds it now. */
export interface PlaylistContents {
  /** Its songs in order, a song held twice named twice. */
  trackIds: string[];
  /** Local files, podcast episodes and items no longer available: nothing the bot sorts or touches. */
  unsortableItems: number;
}

export interface MotherlistReader {
  /** Track ids of a motherlist: `liked` or a playlist id. */
  trackIds(userId: string, motherlistId: string): Promise<string[]>;
  /** Of `trackIds`, those the motherlist holds (as last read and the bot's writes left it). */
  holding(userId: string, motherlistId: string, trackIds: readonly string[]): Promise<Set<string>>;
}

/** Deletes the user's Spotify tokens (and the synced library, which is theirs). */
export interface AccountRemover {
  removeAccount(userId: string): Promise<boolean>;
}
