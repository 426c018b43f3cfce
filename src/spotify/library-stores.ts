import type { EncryptedTokens, SpotifyAccountRecord } from '../core/account-records.js';
import type { LibraryEntry, UserPlaylist } from '../core/library-records.js';
import type { Track } from '../core/track.js';

/**
 * What the Spotify side keeps in the database (src/composition passes src/db's repositories):
 * linked accounts with their tokens and sync marks, and the synced copy of each library.
 */
export interface SpotifyAccountStore {
  byUserId(userId: string): Promise<SpotifyAccountRecord | undefined>;
  saveTokens(userId: string, tokens: EncryptedTokens): Promise<void>;
  /** Spotify refused the refresh token: the user must link again. */
  markExpired(userId: string): Promise<void>;
  recordLikedSync(userId: string, at: Date, likedTotal: number): Promise<void>;
  /** A full sync is storing Liked Songs in steps: until recordLikedSync, the next sync reads them all. */
  forgetLikedTotal(userId: string): Promise<void>;
  /** During the first read of the library: Liked Songs read so far, of Spotify's total. */
  recordLibraryReadProgress(userId: string, songs: number, total: number): Promise<void>;
  recordLibraryRead(userId: string, at: Date): Promise<void>;
  /** False when there was no account. */
  delete(userId: string): Promise<boolean>;
}

/** Which tracks each of a user's sources (Liked Songs, a playlist) holds. */
export interface LibraryEntryStore {
  trackIds(userId: string, sourceId: string): Promise<string[]>;
  /** Newest first; entries without a date last. */
  entries(userId: string, sourceId: string): Promise<LibraryEntry[]>;
  add(userId: string, sourceId: string, entries: readonly LibraryEntry[]): Promise<void>;
  /** Removes these tracks from the source, in one statement. */
  remove(userId: string, sourceId: string, trackIds: readonly string[]): Promise<void>;
  /** Makes the source hold exactly these entries, in one transaction. */
  replace(userId: string, sourceId: string, entries: readonly LibraryEntry[]): Promise<void>;
  removeSource(userId: string, sourceId: string): Promise<void>;
  removeAllFor(userId: string): Promise<void>;
}

/** The playlists of a user's library as last synced. */
export interface UserPlaylistStore {
  listFor(userId: string): Promise<UserPlaylist[]>;
  save(userId: string, playlist: UserPlaylist): Promise<void>;
  delete(userId: string, playlistId: string): Promise<void>;
  deleteAllFor(userId: string): Promise<void>;
  /** Deletes these playlists of the user (and their entries); how many went. */
  forget(userId: string, playlistIds: readonly string[]): Promise<number>;
}

/** Track metadata as Spotify gives it (enrichment adds the rest). */
export interface TrackMetadataStore {
  upsertMetadata(tracks: readonly Track[]): Promise<void>;
}

/** A motherlist's tracks as synced: Liked Songs (`liked`) or a playlist. */
export interface MotherlistTrackIds {
  trackIdsOf(userId: string, sourceId: string): Promise<string[]>;
  holding(userId: string, sourceId: string, trackIds: readonly string[]): Promise<Set<string>>;
}
