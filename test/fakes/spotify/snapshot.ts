import { stableSpotifyId } from './ids.js';
import { EPOCH_ADDED_AT, type FakeLibrary, type SeedTrack } from './library.js';

/**
 * The parts of a `library-snapshot/1` (see ../../../../shared/data/README.md and
 * src/core/library-snapshot.ts) the fake needs; a parsed `LibrarySnapshot` fits this type.
 */
export interface SnapshotLike {
  format?: string;
  name: string;
  tracks: ReadonlyArray<{
    id: string;
    name: string;
    artists: ReadonlyArray<{ id?: string; name: string }>;
    album?: { id?: string; name?: string; release_date?: string };
    duration_ms?: number;
    explicit?: boolean;
    isrc?: string;
  }>;
  playlists?: ReadonlyArray<{ name: string; items: ReadonlyArray<{ track_id: string; added_at?: string }> }>;
  liked?: ReadonlyArray<{ track_id: string; added_at?: string }> | null;
}

export interface SnapshotSeedOptions {
  /** Seed Liked Songs from `liked` (default true). */
  liked?: boolean;
  /** Seed playlists: all (default), none, or only those with these names. */
  playlists?: boolean | string[];
  /** Owner of the seeded playlists (default the user). Another owner: the user follows them. */
  ownerId?: string;
  /** Private playlists (default true: Motherlist reads them with playlist-read-private). */
  private?: boolean;
}

export interface SnapshotSeedResult {
  /** Playlist name → fake playlist ID (stable: derived from the snapshot and playlist names). */
  playlistIds: Map<string, string>;
  /** The same in snapshot order (names need not be unique). */
  playlists: Array<{ name: string; id: string }>;
  tracks: number;
  liked: number;
}

/**
 * Seeds a user from a library snapshot: every track becomes a full TrackObject (album with
 * release date, artists with IDs — stable synthesized 22-char IDs when the snapshot has none —,
 * duration, explicit, ISRC); Liked Songs keep their `added_at`; playlists keep item order.
 */
export function seedFromSnapshot(
  library: FakeLibrary,
  userId: string,
  snapshot: SnapshotLike,
  options: SnapshotSeedOptions = {},
): SnapshotSeedResult {
  if (snapshot.format !== undefined && snapshot.format !== 'library-snapshot/1') {
    throw new Error(`fake Spotify: not a library-snapshot/1 (format ${snapshot.format})`);
  }
  const tracks: SeedTrack[] = snapshot.tracks.map((t) => ({
    id: t.id,
    name: t.name,
    artists: t.artists.map((a) => ({ ...(a.id !== undefined ? { id: a.id } : {}), name: a.name })),
    album: {
      ...(t.album?.id !== undefined ? { id: t.album.id } : {}),
      ...(t.album?.name !== undefined ? { name: t.album.name } : {}),
      ...(t.album?.release_date !== undefined ? { release_date: t.album.release_date } : {}),
    },
    ...(t.duration_ms !== undefined ? { duration_ms: Math.round(t.duration_ms) } : {}),
    ...(t.explicit !== undefined ? { explicit: t.explicit } : {}),
    ...(t.isrc !== undefined ? { isrc: t.isrc } : {}),
  }));
  const wanted = options.playlists ?? true;
  const playlists = (snapshot.playlists ?? []).filter((p) =>
    wanted === true ? true : wanted === false ? false : wanted.includes(p.name),
  );
  const ownerId = options.ownerId ?? userId;
  const liked = options.liked === false ? [] : (snapshot.liked ?? []);
  const { playlistIds } = library.seedLibrary(userId, {
    tracks,
    liked: liked.map((l) => ({ trackId: l.track_id, addedAt: l.added_at ?? EPOCH_ADDED_AT })),
    playlists: playlists.map((p, index) => ({
      id: stableSpotifyId('playlist', snapshot.name, p.name, String(index), ownerId),
      name: p.name,
      ownerId,
      public: options.private === false,
      items: p.items.map((i) => ({ trackId: i.track_id, addedAt: i.added_at ?? EPOCH_ADDED_AT })),
    })),
  });
  return {
    playlistIds: new Map(playlists.map((p, i) => [p.name, playlistIds[i]!])),
    playlists: playlists.map((p, i) => ({ name: p.name, id: playlistIds[i]! })),
    tracks: tracks.length,
    liked: liked.length,
  };
}

/** Reads a `.json.gz` (or `.json`) library snapshot from disk, unvalidated. */
export async function readSnapshotFile(path: string): Promise<SnapshotLike> {
  const { readFile } = await import('node:fs/promises');
  const { gunzipSync } = await import('node:zlib');
  const bytes = await readFile(path);
  const gzip = bytes[0] === 0x1f && bytes[1] === 0x8b;
  const text = (gzip ? gunzipSync(bytes) : bytes).toString('utf8');
  return JSON.parse(text) as SnapshotLike;
}
