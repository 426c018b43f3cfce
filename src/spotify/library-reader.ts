import type { Track } from '../core/track.js';
import type { Page, PlaylistSummary } from './api-types.js';
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

/** Local files, podcast episodes and unavailable items: nothing the bot sorts or touches. */
export const unsortableOf = (skipped: SkipCounts): number =>
  skipped.local + skipped.episode + skipped.unavailable;

const noSkips = (): SkipCounts => ({ local: 0, episode: 0, unavailable: 0 });

const dateOf = (value: string | null | undefined): Date | null => {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
};

/**
 * The pages of a listing in order. After the first page (which gives `total`), a concurrent read
 * asks for all the others at once, the limiter deciding how many run; a sequential one asks for
 * the next page only when the caller wants it (an incremental read stops early).
 */
async function* pagesOf<T>(
  fetchPage: (offset: number) => Promise<Page<T>>,
  concurrent: boolean,
): AsyncGenerator<Page<T>> {
  const first = await fetchPage(0);
  yield first;
  const size = first.limit || first.items.length;
  if (first.next === null || size === 0) return;
  if (concurrent) {
    const offsets: number[] = [];
    for (let offset = size; offset < first.total; offset += size) offsets.push(offset);
    yield* await Promise.all(offsets.map(fetchPage));
    return;
  }
  for (let offset = first.items.length; ;) {
    const page = await fetchPage(offset);
    yield page;
    offset += page.items.length;
    if (page.next === null || page.items.length === 0) return;
  }
}

/**
 * Liked Songs newest first: with `isKnown`, page by page until the first known track (an
 * incremental sync); without, every page (a full pass, pages read concurrently).
 */
export const readLikedSongs = async (
  client: SpotifyClient,
  isKnown?: (trackId: string) => boolean,
  /** After each page: items read so far, of Spotify's total. */
  onPage?: (seen: number, total: number) => Promise<void>,
): Promise<LikedSongsRead> => {
  const read: LikedSongsRead = { total: 0, entries: [], seen: 0, stoppedAtKnown: false, skipped: noSkips() };
  const seenIds = new Set<string>();
  let first = true;
  for await (const page of pagesOf((offset) => client.likedTracks(offset), isKnown === undefined)) {
    if (first) read.total = page.total;
    first = false;
    for (const saved of page.items) {
      const mapped = mapItem(saved.track);
      if (mapped.kind === 'skipped') {
        read.skipped[mapped.reason]++;
        read.seen++;
        continue;
      }
      if (isKnown?.(mapped.track.id)) {
        read.stoppedAtKnown = true;
        return read;
      }
      read.seen++;
      // An item liked while we page shifts the offsets by one; the repeat is dropped here.
      if (seenIds.has(mapped.track.id)) continue;
      seenIds.add(mapped.track.id);
      read.entries.push({ track: mapped.track, addedAt: dateOf(saved.added_at) });
    }
    await onPage?.(read.seen, read.total);
  }
  return read;
};

/** Every playlist in the user's library (own, collaborative and followed). */
export const readMyPlaylists = async (client: SpotifyClient): Promise<PlaylistSummary[]> => {
  const playlists: PlaylistSummary[] = [];
  for await (const page of pagesOf((offset) => client.myPlaylists(offset), true)) {
    playlists.push(...page.items.filter((playlist): playlist is PlaylistSummary => playlist !== null));
  }
  return playlists;
};

/** Every item of a playlist the user owns or collaborates on, in playlist order. */
export const readPlaylistItems = async (
  client: SpotifyClient,
  playlistId: string,
): Promise<PlaylistItemsRead> => {
  const read: PlaylistItemsRead = { total: 0, entries: [], skipped: noSkips() };
  let first = true;
  for await (const page of pagesOf((offset) => client.playlistItems(playlistId, offset), true)) {
    if (first) read.total = page.total;
    first = false;
    for (const entry of page.items) {
      const mapped = mapItem(entry.item ?? entry.track, entry.is_local);
      if (mapped.kind === 'skipped') read.skipped[mapped.reason]++;
      else read.entries.push({ track: mapped.track, addedAt: dateOf(entry.added_at) });
    }
  }
  return read;
};

/** The item count of a playlist summary (`items` since 2026, `tracks` before). */
export const itemTotalOf = (playlist: PlaylistSummary): number =>
  (playlist.items ?? playlist.tracks)?.total ?? 0;
