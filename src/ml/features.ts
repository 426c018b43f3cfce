import type { EnrichmentKind } from '../core/model-records.js';
import { AUDIO_FEATURE_KEYS, type AudioFeatures, type Track } from '../core/track.js';
import { hashString } from './random.js';

/**
 * A track as the model sees it: the track plus what the user's library says about it.
 * `otherPlaylists` must never hold the layer's own sublists (that would be the answer).
 */
export interface LibraryTrack {
  track: Track;
  /** When the track entered the motherlist (Liked Songs `added_at`), if known. */
  addedAt?: string;
  /** Ids of the user's playlists, other than this layer's sublists, that hold the track. */
  otherPlaylists?: readonly string[];
}

/** Versioned description of the track -> vector encoding; stored with every model. */
export interface FeatureSpec {
  version: 1;
  /** Whether the enrichment blocks (audio features, tags) are part of the vector. */
  enrichment: boolean;
  /**
   * The enrichment kinds fed in (with `enrichment`): those some answered song had when the model
   * trained. A kind that arrived later is left out, as in training, rather than met by weights that
   * never learned from it. Absent (older models, evaluation): every kind.
   */
  uses?: EnrichmentKind[];
  buckets: { artist: number; album: number; token: number; playlist: number; tag: number };
}

export const FEATURE_SPEC_VERSION = 1 as const;

export const defaultFeatureSpec = (enrichment: boolean): FeatureSpec => ({
  version: FEATURE_SPEC_VERSION,
  enrichment,
  buckets: { artist: 256, album: 128, token: 128, playlist: 64, tag: 64 },
});

/** Whether the spec feeds this kind of enrichment into rows and the library graph. */
export const feeds = (spec: FeatureSpec, kind: EnrichmentKind): boolean =>
  spec.enrichment && (spec.uses?.includes(kind) ?? true);

const hasKind = (track: Track, kind: EnrichmentKind): boolean =>
  kind === 'audio' ? track.audioFeatures !== undefined : (track.tags?.length ?? 0) > 0;

/**
 * The spec a model trains with: with enrichment, it uses the kinds that some answered song has
 * (only those reach the network's weights through the answers).
 */
export const trainingFeatureSpec = (
  enrichment: boolean,
  items: readonly LibraryTrack[],
  answered: ReadonlySet<string>,
): FeatureSpec => {
  const spec = defaultFeatureSpec(enrichment);
  if (!enrichment) return spec;
  const labeled = items.filter((item) => answered.has(item.track.id));
  const kinds: EnrichmentKind[] = ['audio', 'tags'];
  return { ...spec, uses: kinds.filter((kind) => labeled.some((item) => hasKind(item.track, kind))) };
};

/** How many of the tracks have each kind of enrichment. */
export const enrichmentCounts = (
  items: readonly LibraryTrack[],
): { songs: number; withAudio: number; withTags: number } => ({
  songs: items.length,
  withAudio: items.filter((item) => hasKind(item.track, 'audio')).length,
  withTags: items.filter((item) => hasKind(item.track, 'tags')).length,
});

/** Tracks with enrichment of a kind the spec feeds in: what changes its rows as enrichment arrives. */
export const fedEnrichment = (items: readonly LibraryTrack[], spec: FeatureSpec): number =>
  items.filter((item) =>
    (['audio', 'tags'] as const).some((kind) => feeds(spec, kind) && hasKind(item.track, kind)),
  ).length;

export type FeatureBlockName =
  'artist' | 'album' | 'token' | 'playlist' | 'tag' | 'year' | 'duration' | 'explicit' | 'added' | 'audio';

export interface FeatureBlock {
  name: FeatureBlockName;
  offset: number;
  size: number;
}

export interface FeatureLayout {
  blocks: readonly FeatureBlock[];
  dimension: number;
}

const DECADES = [1960, 1970, 1980, 1990, 2000, 2010, 2020] as const;

export const featureLayout = (spec: FeatureSpec): FeatureLayout => {
  if (spec.version !== FEATURE_SPEC_VERSION)
    throw new Error(`unsupported feature spec version ${spec.version}`);
  const sizes: [FeatureBlockName, number][] = [
    ['artist', spec.buckets.artist],
    ['album', spec.buckets.album],
    ['token', spec.buckets.token],
    ['playlist', spec.buckets.playlist],
    // value, missing flag, one flag per decade boundary
    ['year', 2 + DECADES.length + 1],
    // value, missing flag
    ['duration', 2],
    // explicit, known flag, featuring (several artists)
    ['explicit', 3],
    // value, missing flag
    ['added', 2],
  ];
  if (spec.enrichment) {
    sizes.push(['tag', spec.buckets.tag + 1]);
    sizes.push(['audio', AUDIO_FEATURE_KEYS.length + 1]);
  }
  const blocks: FeatureBlock[] = [];
  let offset = 0;
  for (const [name, size] of sizes) {
    blocks.push({ name, offset, size });
    offset += size;
  }
  return { blocks, dimension: offset };
};

export const artistKey = (artist: Track['artists'][number]): string => artist.id ?? artist.name.toLowerCase();

export const albumKey = (track: Track): string | undefined => {
  if (track.album.id) return track.album.id;
  if (!track.album.name) return undefined;
  return `${track.album.name.toLowerCase()}|${track.artists[0] ? artistKey(track.artists[0]) : ''}`;
};

const STOPWORDS = new Set(['the', 'a', 'an', 'of', 'and', 'to', 'in', 'on', 'de', 'la', 'el', 'le', 'with']);

export const nameTokens = (track: Track): string[] => {
  const text = `${track.name} ${track.album.name ?? ''}`.toLowerCase();
  const tokens = text.match(/[\p{L}\p{N}]+/gu) ?? [];
  return [...new Set(tokens.filter((t) => t.length >= 2 && !STOPWORDS.has(t)))];
};

export const releaseYear = (track: Track): number | undefined => {
  const year = Number.parseInt(track.album.releaseDate?.slice(0, 4) ?? '', 10);
  return Number.isFinite(year) && year > 1000 ? year : undefined;
};

/** Entities a track shares with others: the edges of the library graph used for label propagation. */
export const trackEntities = (item: LibraryTrack, spec: FeatureSpec): string[] => {
  const { track } = item;
  const entities = track.artists.map((a) => `artist:${artistKey(a)}`);
  const album = albumKey(track);
  if (album !== undefined) entities.push(`album:${album}`);
  for (const playlist of item.otherPlaylists ?? []) entities.push(`playlist:${playlist}`);
  if (feeds(spec, 'tags')) for (const tag of track.tags ?? []) entities.push(`tag:${tag.toLowerCase()}`);
  return [...new Set(entities)];
};

const AUDIO_SCALE: Partial<Record<keyof AudioFeatures, (v: number) => number>> = {
  tempo: (v) => v / 200,
  loudness: (v) => (v + 60) / 60,
  key: (v) => v / 11,
  time_signature: (v) => v / 5,
};

/**
 * Encoded tracks, sparse by row (compressed rows): a hashed row holds a few dozen non-zeros out
 * of ~600, and the dense matrix of a 28k-track motherlist took 64 MB of a model thread for what
 * fits in 4. Row r's non-zeros are `indices`/`values` from `offsets[r]` to `offsets[r + 1]`, by
 * increasing index; `featureRowInto` gives a row back densely, exactly as it was encoded.
 */
export interface FeatureMatrix {
  rows: number;
  dimension: number;
  offsets: Uint32Array;
  indices: Int32Array;
  values: Float32Array;
}

/** Encodes one track into `target` (length = layout dimension, zero-filled). */
export const encodeTrackInto = (
  item: LibraryTrack,
  spec: FeatureSpec,
  layout: FeatureLayout,
  target: Float32Array,
): void => {
  const { track } = item;
  const block = (name: FeatureBlockName): FeatureBlock | undefined =>
    layout.blocks.find((b) => b.name === name);
  const hashed = (name: FeatureBlockName, keys: readonly string[], value: number): void => {
    const b = block(name);
    if (!b) return;
    const buckets = name === 'tag' ? b.size - 1 : b.size;
    for (const key of keys) target[b.offset + (hashString(`${name}:${key}`) % buckets)] = value;
  };
  hashed('artist', track.artists.map(artistKey), 1);
  const album = albumKey(track);
  if (album !== undefined) hashed('album', [album], 1);
  const tokens = nameTokens(track);
  hashed('token', tokens, 1 / Math.sqrt(Math.max(1, tokens.length)));
  hashed('playlist', item.otherPlaylists ?? [], 1);

  const year = releaseYear(track);
  const yearBlock = block('year');
  if (yearBlock) {
    if (year === undefined) target[yearBlock.offset + 1] = 1;
    else {
      target[yearBlock.offset] = (year - 2000) / 20;
      DECADES.forEach((decade, i) => {
        if (year >= decade) target[yearBlock.offset + 2 + i] = 1;
      });
      target[yearBlock.offset + 2 + DECADES.length] = year >= 2018 ? 1 : 0;
    }
  }
  const durationBlock = block('duration');
  if (durationBlock) {
    if (track.durationMs === undefined || track.durationMs <= 0) target[durationBlock.offset + 1] = 1;
    else target[durationBlock.offset] = (Math.log(track.durationMs / 1000) - 5.4) / 0.5;
  }
  const explicitBlock = block('explicit');
  if (explicitBlock) {
    if (track.explicit !== undefined) {
      target[explicitBlock.offset] = track.explicit ? 1 : 0;
      target[explicitBlock.offset + 1] = 1;
    }
    target[explicitBlock.offset + 2] = track.artists.length > 1 ? 1 : 0;
  }
  const addedBlock = block('added');
  if (addedBlock) {
    const added = item.addedAt ? Date.parse(item.addedAt) : Number.NaN;
    if (Number.isFinite(added)) target[addedBlock.offset] = (added / 3.15576e10 + 1970 - 2018) / 5;
    else target[addedBlock.offset + 1] = 1;
  }
  if (feeds(spec, 'tags')) {
    const tags = (track.tags ?? []).map((t) => t.toLowerCase());
    hashed('tag', tags, 1 / Math.sqrt(Math.max(1, tags.length)));
    const tagBlock = block('tag');
    if (tagBlock && tags.length > 0) target[tagBlock.offset + tagBlock.size - 1] = 1;
  }
  if (feeds(spec, 'audio')) {
    const audioBlock = block('audio');
    if (audioBlock && track.audioFeatures) {
      AUDIO_FEATURE_KEYS.forEach((key, i) => {
        const value = track.audioFeatures?.[key];
        if (value !== undefined) target[audioBlock.offset + i] = AUDIO_SCALE[key]?.(value) ?? value;
      });
      target[audioBlock.offset + AUDIO_FEATURE_KEYS.length] = 1;
    }
  }
};

/** One track's dense feature row. */
export const encodeTrack = (item: LibraryTrack, spec: FeatureSpec): Float32Array => {
  const layout = featureLayout(spec);
  const row = new Float32Array(layout.dimension);
  encodeTrackInto(item, spec, layout, row);
  return row;
};

export const encodeTracks = (items: readonly LibraryTrack[], spec: FeatureSpec): FeatureMatrix => {
  const layout = featureLayout(spec);
  const dense = new Float32Array(layout.dimension);
  const offsets = new Uint32Array(items.length + 1);
  let indices = new Int32Array(Math.max(64, items.length * 32));
  let values = new Float32Array(indices.length);
  let count = 0;
  items.forEach((item, row) => {
    dense.fill(0);
    encodeTrackInto(item, spec, layout, dense);
    for (let i = 0; i < dense.length; i++) {
      const value = dense[i] as number;
      if (value === 0) continue;
      if (count === indices.length) {
        const grownIndices = new Int32Array(indices.length * 2);
        grownIndices.set(indices);
        indices = grownIndices;
        const grownValues = new Float32Array(values.length * 2);
        grownValues.set(values);
        values = grownValues;
      }
      indices[count] = i;
      values[count] = value;
      count++;
    }
    offsets[row + 1] = count;
  });
  return {
    rows: items.length,
    dimension: layout.dimension,
    offsets,
    indices: indices.slice(0, count),
    values: values.slice(0, count),
  };
};

/** Writes row `row` of the matrix densely into `target` (length = dimension). */
export const featureRowInto = (matrix: FeatureMatrix, row: number, target: Float32Array): void => {
  target.fill(0);
  const end = matrix.offsets[row + 1] as number;
  for (let n = matrix.offsets[row] as number; n < end; n++)
    target[matrix.indices[n] as number] = matrix.values[n] as number;
};
