import { AUDIO_FEATURE_KEYS, type AudioFeatures, type Track } from './track.js';

/** `library-snapshot/1`: a Spotify library with its playlists and evaluation scenarios. */
export const LIBRARY_SNAPSHOT_FORMAT = 'library-snapshot/1' as const;

export interface SnapshotArtist {
  id?: string;
  name: string;
}

export interface SnapshotAlbum {
  id?: string;
  name?: string;
  release_date?: string;
}

export interface SnapshotTrack {
  id: string;
  name: string;
  artists: SnapshotArtist[];
  album: SnapshotAlbum;
  duration_ms?: number;
  explicit?: boolean;
  popularity?: number;
  isrc?: string;
  genres?: string[];
  record_label?: string;
  audio_features?: AudioFeatures;
}

export interface SnapshotPlaylistItem {
  track_id: string;
  added_at?: string;
}

export interface SnapshotPlaylist {
  name: string;
  items: SnapshotPlaylistItem[];
}

export interface SnapshotSublist {
  name: string;
  track_ids: string[];
}

export interface SnapshotScenario {
  name: string;
  description?: string;
  mutual: boolean;
  complete: boolean;
  motherlist: string[];
  sublists: SnapshotSublist[];
}

export interface LibrarySnapshot {
  format: typeof LIBRARY_SNAPSHOT_FORMAT;
  name: string;
  source?: string;
  license?: string;
  note?: string;
  tracks: SnapshotTrack[];
  playlists: SnapshotPlaylist[];
  liked: SnapshotPlaylistItem[] | null;
  scenarios: SnapshotScenario[];
}

export class SnapshotError extends Error {
  override name = 'SnapshotError';
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const fail = (path: string, expected: string): never => {
  throw new SnapshotError(`${path}: expected ${expected}`);
};

const object = (value: unknown, path: string): Json => (isObject(value) ? value : fail(path, 'an object'));
const array = (value: unknown, path: string): unknown[] =>
  Array.isArray(value) ? value : fail(path, 'an array');
const string = (value: unknown, path: string): string =>
  typeof value === 'string' ? value : fail(path, 'a string');
const boolean = (value: unknown, path: string): boolean =>
  typeof value === 'boolean' ? value : fail(path, 'a boolean');

const optional = <T>(value: unknown, read: (v: unknown) => T): T | undefined =>
  value === undefined || value === null ? undefined : read(value);

const optionalNumber = (value: unknown, path: string): number | undefined =>
  optional(value, (v) => (typeof v === 'number' && Number.isFinite(v) ? v : fail(path, 'a finite number')));

const parseAudioFeatures = (value: unknown, path: string): AudioFeatures => {
  const raw = object(value, path);
  const features: AudioFeatures = {};
  for (const key of AUDIO_FEATURE_KEYS) {
    const number = optionalNumber(raw[key], `${path}.${key}`);
    if (number !== undefined) features[key] = number;
  }
  return features;
};

const withoutUndefined = <T extends object>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;

const parseTrack = (value: unknown, path: string): SnapshotTrack => {
  const raw = object(value, path);
  const album = object(raw.album ?? {}, `${path}.album`);
  return withoutUndefined({
    id: string(raw.id, `${path}.id`),
    name: string(raw.name ?? '', `${path}.name`),
    artists: array(raw.artists, `${path}.artists`).map((a, i) => {
      const artist = object(a, `${path}.artists[${i}]`);
      return withoutUndefined({
        id: optional(artist.id, (v) => string(v, `${path}.artists[${i}].id`)),
        name: string(artist.name, `${path}.artists[${i}].name`),
      });
    }),
    album: withoutUndefined({
      id: optional(album.id, (v) => string(v, `${path}.album.id`)),
      name: optional(album.name, (v) => string(v, `${path}.album.name`)),
      release_date: optional(album.release_date, (v) => string(v, `${path}.album.release_date`)),
    }),
    duration_ms: optionalNumber(raw.duration_ms, `${path}.duration_ms`),
    explicit: optional(raw.explicit, (v) => boolean(v, `${path}.explicit`)),
    popularity: optionalNumber(raw.popularity, `${path}.popularity`),
    isrc: optional(raw.isrc, (v) => string(v, `${path}.isrc`)),
    genres: optional(raw.genres, (v) =>
      array(v, `${path}.genres`).map((g, i) => string(g, `${path}.genres[${i}]`)),
    ),
    record_label: optional(raw.record_label, (v) => string(v, `${path}.record_label`)),
    audio_features: optional(raw.audio_features, (v) => parseAudioFeatures(v, `${path}.audio_features`)),
  });
};

const parseItems = (value: unknown, path: string): SnapshotPlaylistItem[] =>
  array(value, path).map((item, i) => {
    const raw = object(item, `${path}[${i}]`);
    return withoutUndefined({
      track_id: string(raw.track_id, `${path}[${i}].track_id`),
      added_at: optional(raw.added_at, (v) => string(v, `${path}[${i}].added_at`)),
    });
  });

const parseScenario = (value: unknown, path: string, trackIds: ReadonlySet<string>): SnapshotScenario => {
  const raw = object(value, path);
  const ids = (v: unknown, p: string): string[] =>
    array(v, p).map((id, i) => {
      const trackId = string(id, `${p}[${i}]`);
      if (!trackIds.has(trackId)) throw new SnapshotError(`${p}[${i}]: unknown track ${trackId}`);
      return trackId;
    });
  return withoutUndefined({
    name: string(raw.name, `${path}.name`),
    description: optional(raw.description, (v) => string(v, `${path}.description`)),
    mutual: boolean(raw.mutual, `${path}.mutual`),
    complete: boolean(raw.complete, `${path}.complete`),
    motherlist: ids(raw.motherlist, `${path}.motherlist`),
    sublists: array(raw.sublists, `${path}.sublists`).map((s, i) => {
      const sublist = object(s, `${path}.sublists[${i}]`);
      return {
        name: string(sublist.name, `${path}.sublists[${i}].name`),
        track_ids: ids(sublist.track_ids, `${path}.sublists[${i}].track_ids`),
      };
    }),
  });
};

/** Validates parsed JSON as a `library-snapshot/1`; throws SnapshotError naming the first bad field. */
export const parseLibrarySnapshot = (json: unknown): LibrarySnapshot => {
  const raw = object(json, '$');
  if (raw.format !== LIBRARY_SNAPSHOT_FORMAT) fail('$.format', `"${LIBRARY_SNAPSHOT_FORMAT}"`);
  const tracks = array(raw.tracks, '$.tracks').map((t, i) => parseTrack(t, `$.tracks[${i}]`));
  const trackIds = new Set(tracks.map((t) => t.id));
  return withoutUndefined({
    format: LIBRARY_SNAPSHOT_FORMAT,
    name: string(raw.name, '$.name'),
    source: optional(raw.source, (v) => string(v, '$.source')),
    license: optional(raw.license, (v) => string(v, '$.license')),
    note: optional(raw.note, (v) => string(v, '$.note')),
    tracks,
    playlists: array(raw.playlists ?? [], '$.playlists').map((p, i) => {
      const playlist = object(p, `$.playlists[${i}]`);
      return {
        name: string(playlist.name, `$.playlists[${i}].name`),
        items: parseItems(playlist.items, `$.playlists[${i}].items`),
      };
    }),
    liked: raw.liked === null || raw.liked === undefined ? null : parseItems(raw.liked, '$.liked'),
    scenarios: array(raw.scenarios ?? [], '$.scenarios').map((s, i) =>
      parseScenario(s, `$.scenarios[${i}]`, trackIds),
    ),
  });
};

export interface SnapshotTrackOptions {
  /** Keep `genres` as tags and `audio_features`; false gives what a new Spotify app gets. */
  enrichment: boolean;
}

/**
 * Converts a snapshot track to the domain Track. With enrichment, genres and the record label
 * become tags; `popularity` is dropped always (Spotify no longer serves it and Track has no field).
 */
export const snapshotTrackToTrack = (track: SnapshotTrack, options: SnapshotTrackOptions): Track => {
  const domain: Track = {
    id: track.id,
    name: track.name,
    artists: track.artists.map((a) => (a.id === undefined ? { name: a.name } : { id: a.id, name: a.name })),
    album: withoutUndefined({
      id: track.album.id,
      name: track.album.name,
      releaseDate: track.album.release_date,
    }),
  };
  if (track.duration_ms !== undefined) domain.durationMs = track.duration_ms;
  if (track.explicit !== undefined) domain.explicit = track.explicit;
  if (track.isrc !== undefined) domain.isrc = track.isrc;
  if (options.enrichment) {
    if (track.audio_features !== undefined) domain.audioFeatures = track.audio_features;
    const tags = [...(track.genres ?? []), ...(track.record_label ? [`label:${track.record_label}`] : [])];
    if (tags.length > 0) domain.tags = tags;
  }
  return domain;
};
