import type { Track } from '../core/track.js';
import type { PlaylistSummary } from './api-types.js';
import type { SpotifyClient } from './spotify-client.js';
import { mapItem, type SkipReason } from './track-mapper.js';

export type SkipCounts = Record<SkipReason, number>;

export interface ReadEntry {
  track: Track;
  addedAt: Date | null;
}

export interface LikedSongsRead {
  /** Spotify's count of Liked Songs, from the first page. */
  total: number;
  /** Entries read before stopping, newest first, without the skipped ones. */
  entries: ReadEntry[];
  /** Entries read before stopping, skipped ones included (the known track excluded). */
  seen: number;
  /** True when the read stopped at a known track rather than at the end. */
  stoppedAtKnown: boolean;
  skipped: SkipCounts;
}

export interface PlaylistItemsRead {
  total: number;
  entries: ReadEntry[];
  skipped: SkipCounts;
}

const noSkips = (): SkipCounts => ({ local: 0, episode: 0, unavailable: 0 });

const dateOf = (value: string | null | undefined): Date | null => {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
};

/**
 * Liked Songs newest first, page by page, until the first track `isKnown` accepts (an
 * incremental sync) or the end (a full pass: `isKnown` always false).
 */
export const readLikedSongs = async (
  client: SpotifyClient,
  isKnown: (trackId: string) => boolean,
): Promise<LikedSongsRead> => {
  const read: LikedSongsRead = { total: 0, entries: [], seen: 0, stoppedAtKnown: false, skipped: noSkips() };
  const seenIds = new Set<string>();
  for (let offset = 0; ;) {
    const page = await client.likedTracks(offset);
    if (offset === 0) read.total = page.total;
    for (const saved of page.items) {
      const mapped = mapItem(saved.track);
      if (mapped.kind === 'skipped') {
        read.skipped[mapped.reason]++;
        read.seen++;
        continue;
      }
      if (isKnown(mapped.track.id)) {
        read.stoppedAtKnown = true;
        return read;
      }
      read.seen++;
      // An item liked while we page shifts the offsets by one; the repeat is dropped here.
      if (seenIds.has(mapped.track.id)) continue;
      seenIds.add(mapped.track.id);
      read.entries.push({ track: mapped.track, addedAt: dateOf(saved.added_at) });
    }
    offset += page.items.length;
    if (page.next === null || page.items.length === 0) return read;
  }
};

/** Every playlist in the user's library (own, collaborative and followed). */
export const readMyPlaylists = async (client: SpotifyClient): Promise<PlaylistSummary[]> => {
  const playlists: PlaylistSummary[] = [];
  for (let offset = 0; ;) {
    const page = await client.myPlaylists(offset);
    playlists.push(...page.items.filter((playlist): playlist is PlaylistSummary => playlist !== null));
    offset += page.items.length;
    if (page.next === null || page.items.length === 0) return playlists;
  }
};

/** Every item of a playlist the user owns or collaborates on, in playlist order. */
export const readPlaylistItems = async (
  client: SpotifyClient,
  playlistId: string,
): Promise<PlaylistItemsRead> => {
  const read: PlaylistItemsRead = { total: 0, entries: [], skipped: noSkips() };
  for (let offset = 0; ;) {
    const page = await client.playlistItems(playlistId, offset);
    if (offset === 0) read.total = page.total;
    for (const entry of page.items) {
      const mapped = mapItem(entry.item ?? entry.track, entry.is_local);
      if (mapped.kind === 'skipped') read.skipped[mapped.reason]++;
      else read.entries.push({ track: mapped.track, addedAt: dateOf(entry.added_at) });
    }
    offset += page.items.length;
    if (page.next === null || page.items.length === 0) return read;
  }
};

/** The item count of a playlist summary (`items` since 2026, `tracks` before). */
export const itemTotalOf = (playlist: PlaylistSummary): number =>
  (playlist.items ?? playlist.tracks)?.total ?? 0;
