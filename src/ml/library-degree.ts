import { type EntityKind, entityKind } from './neighbourhood.js';

/**
 * How much of the motherlist shares a track's artists, album and tags: per entity kind,
 * log(1 + how many other motherlist tracks share one of them). It needs no label: a whole album
 * saved, an artist with dozens of tracks or a one-off find tell how a person files music, also for
 * the tracks no label reaches. On exportify-owner mood-playlists every track of an album with ten
 * or more other saved tracks is in one sublist. The user's other playlists are left out: their
 * membership is already an input, and counting their size cost liked-into-genres up to 0.02
 * micro-F1 (seeds 1–6); see bench/ml/evaluation-notes.md.
 */
export const DEGREE_KINDS = ['artist', 'album', 'tag'] as const satisfies readonly EntityKind[];
export const DEGREE_SIZE = DEGREE_KINDS.length;

/** Entity -> how many of the tracks hold it. */
export const countEntityTracks = (entities: readonly (readonly string[])[]): Map<string, number> => {
  const counts = new Map<string, number>();
  for (const keys of entities) for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return counts;
};

/** Writes a track's degree features (DEGREE_SIZE values) into `target`. */
export const degreeFeaturesInto = (
  entityTracks: ReadonlyMap<string, number>,
  entities: readonly string[],
  target: Float32Array,
): void => {
  const others = new Float64Array(DEGREE_SIZE);
  for (const entity of entities) {
    const k = (DEGREE_KINDS as readonly EntityKind[]).indexOf(entityKind(entity));
    if (k >= 0) others[k] = (others[k] ?? 0) + Math.max(0, (entityTracks.get(entity) ?? 1) - 1);
  }
  // Halved so that the common range (0 to about 100 other tracks) spans the scale of the other inputs.
  for (let k = 0; k < DEGREE_SIZE; k++) target[k] = Math.log1p(others[k] ?? 0) / 2;
};
