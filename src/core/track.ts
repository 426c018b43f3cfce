/** A track as every Spotify app still sees it, plus optional enrichment blocks. */
export interface TrackArtist {
  /** Spotify artist ID; absent in some library snapshots, where the name is the identity. */
  id?: string;
  name: string;
}

export interface TrackAlbum {
  id?: string;
  name?: string;
  /** `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, as Spotify gives it. */
  releaseDate?: string;
  /** The album's cover (Spotify's largest image), for label cards. */
  imageUrl?: string;
}

export interface AudioFeatures {
  danceability?: number;
  energy?: number;
  valence?: number;
  tempo?: number;
  acousticness?: number;
  instrumentalness?: number;
  liveness?: number;
  speechiness?: number;
  loudness?: number;
  key?: number;
  mode?: number;
  time_signature?: number;
}

/** Every key of an audio-features block, in a fixed order (feature vectors depend on it). */
export const AUDIO_FEATURE_KEYS: readonly (keyof AudioFeatures)[] = [
  'danceability',
  'energy',
  'valence',
  'tempo',
  'acousticness',
  'instrumentalness',
  'liveness',
  'speechiness',
  'loudness',
  'key',
  'mode',
  'time_signature',
];

export interface Track {
  /** Spotify track ID. */
  id: string;
  name: string;
  artists: TrackArtist[];
  album: TrackAlbum;
  durationMs?: number;
  explicit?: boolean;
  isrc?: string;
  /** Enrichment: audio features (ReccoBeats), absent when unknown. */
  audioFeatures?: AudioFeatures;
  /** Enrichment: tags or genres (MusicBrainz, Last.fm), absent when unknown. */
  tags?: string[];
}

export const trackUri = (trackId: string): string => `spotify:track:${trackId}`;

/**
 * "Artist, Artist – Title" for summaries and messages. Spotify serves some tracks with no artists
 * or no name: the title stands alone then, never behind a bare dash.
 */
export const songName = (track: Pick<Track, 'name' | 'artists'>): string => {
  const artists = track.artists
    .map((artist) => artist.name)
    .filter((name) => name !== '')
    .join(', ');
  const title = track.name === '' ? 'Untitled' : track.name;
  return artists === '' ? title : `${artists} – ${title}`;
};

export const trackIdFromUri = (uri: string): string | undefined => {
  const match = /^spotify:track:([A-Za-z0-9]{22})$/.exec(uri);
  return match?.[1];
};
