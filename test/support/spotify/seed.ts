import { stableSpotifyId, type SeedTrack } from '../../fakes/spotify/index.js';

/** `count` distinct tracks with full metadata, named after `prefix`. */
export const makeTracks = (prefix: string, count: number): SeedTrack[] =>
  Array.from({ length: count }, (_, i) => ({
    id: stableSpotifyId(prefix, String(i)),
    name: `${prefix} song ${i}`,
    artists: [{ id: stableSpotifyId(prefix, 'artist', String(i % 7)), name: `${prefix} artist ${i % 7}` }],
    album: {
      id: stableSpotifyId(prefix, 'album', String(i % 5)),
      name: `${prefix} album ${i % 5}`,
      release_date: `20${10 + (i % 5)}-0${1 + (i % 5)}-1${i % 5}`,
    },
    duration_ms: 180_000 + i,
    explicit: i % 3 === 0,
    isrc: `US${prefix.slice(0, 3).toUpperCase().padEnd(3, 'X')}${String(i).padStart(7, '0')}`,
  }));

/** Liked entries one minute apart, the first one the oldest. */
export const likedOf = (tracks: readonly SeedTrack[], start = Date.parse('2024-01-01T00:00:00Z')) =>
  tracks.map((track, i) => ({ trackId: track.id, addedAt: new Date(start + i * 60_000).toISOString() }));
