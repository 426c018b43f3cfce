import type { Track } from '../core/track.js';
import type { SpotifyEpisode, SpotifyTrack } from './api-types.js';

export type SkipReason = 'local' | 'episode' | 'unavailable';

export type MappedItem = { kind: 'track'; track: Track } | { kind: 'skipped'; reason: SkipReason };

/** A library or playlist item as a domain Track, or why it is not one we can sort. */
export const mapItem = (
  item: SpotifyTrack | SpotifyEpisode | null | undefined,
  isLocal = false,
): MappedItem => {
  if (!item) return { kind: 'skipped', reason: 'unavailable' };
  if (isLocal || ('is_local' in item && item.is_local)) return { kind: 'skipped', reason: 'local' };
  if (item.type === 'episode') return { kind: 'skipped', reason: 'episode' };
  const track = item as SpotifyTrack;
  // A track greyed out in the user's market (is_playable: false) stays: it is still theirs to sort.
  if (!track.id || track.type !== 'track') return { kind: 'skipped', reason: 'unavailable' };
  return { kind: 'track', track: toTrack(track) };
};

const toTrack = (item: SpotifyTrack): Track => {
  const album = item.album as Partial<SpotifyTrack['album']> | undefined;
  const track: Track = {
    id: item.id,
    name: item.name,
    artists: (item.artists ?? []).map((artist) =>
      artist.id ? { id: artist.id, name: artist.name } : { name: artist.name },
    ),
    album: {
      ...(album?.id ? { id: album.id } : {}),
      ...(album?.name ? { name: album.name } : {}),
      ...(album?.release_date ? { releaseDate: album.release_date } : {}),
      ...(album?.images?.[0]?.url ? { imageUrl: album.images[0].url } : {}),
    },
  };
  if (typeof item.duration_ms === 'number') track.durationMs = item.duration_ms;
  if (typeof item.explicit === 'boolean') track.explicit = item.explicit;
  const isrc = (item.external_ids as Partial<SpotifyTrack['external_ids']> | undefined)?.isrc;
  if (isrc) track.isrc = isrc;
  return track;
};
