/**
 * Label propagation over the library graph: tracks are linked through shared entities
 * (artists, albums, the user's other playlists, tags). For each entity it keeps how its labeled
 * tracks were placed; a track's context features are the smoothed placement rates of its
 * entities' labeled tracks, per entity kind.
 */

export const ENTITY_KINDS = ['artist', 'album', 'playlist', 'tag'] as const;
export type EntityKind = (typeof ENTITY_KINDS)[number];

export interface LabelNeighbourhood {
  outputs: number;
  /** Mean target over the labeled tracks; the smoothing prior. */
  prior: number[];
  /** entity -> per output the (weighted) count of labeled tracks placed there, then their total weight. */
  entities: Record<string, number[]>;
}

export interface LabeledEntities {
  entities: readonly string[];
  target: Float32Array;
  weight?: number;
}

const SMOOTHING = 1;

export const entityKind = (entity: string): EntityKind => {
  const kind = entity.slice(0, entity.indexOf(':'));
  return (ENTITY_KINDS as readonly string[]).includes(kind) ? (kind as EntityKind) : 'tag';
};

export const contextSize = (outputs: number): number => ENTITY_KINDS.length * (outputs + 1);

export const buildNeighbourhood = (
  labeled: readonly LabeledEntities[],
  outputs: number,
): LabelNeighbourhood => {
  const prior = new Array<number>(outputs).fill(0);
  const entities: Record<string, number[]> = {};
  let totalWeight = 0;
  for (const { entities: keys, target, weight = 1 } of labeled) {
    totalWeight += weight;
    for (let o = 0; o < outputs; o++) prior[o] = (prior[o] ?? 0) + weight * (target[o] ?? 0);
    for (const key of keys) {
      const counts = (entities[key] ??= new Array<number>(outputs + 1).fill(0));
      for (let o = 0; o < outputs; o++) counts[o] = (counts[o] ?? 0) + weight * (target[o] ?? 0);
      counts[outputs] = (counts[outputs] ?? 0) + weight;
    }
  }
  return {
    outputs,
    prior: prior.map((p) => (totalWeight > 0 ? p / totalWeight : 1 / outputs)),
    entities,
  };
};

/**
 * Writes a track's context features into `target`. `ownLabel` removes the track's own label from
 * the counts, so that a labeled track sees what an unlabeled one would (no leak of its answer).
 */
export const contextFeaturesInto = (
  neighbourhood: LabelNeighbourhood,
  entities: readonly string[],
  target: Float32Array,
  ownLabel?: LabeledEntities,
): void => {
  const { outputs, prior } = neighbourhood;
  const sums = ENTITY_KINDS.map(() => new Float64Array(outputs + 1));
  const ownWeight = ownLabel?.weight ?? 1;
  for (const entity of entities) {
    const counts = neighbourhood.entities[entity];
    if (!counts) continue;
    const sum = sums[ENTITY_KINDS.indexOf(entityKind(entity))] as Float64Array;
    for (let o = 0; o <= outputs; o++) {
      const own = ownLabel ? (o === outputs ? ownWeight : ownWeight * (ownLabel.target[o] ?? 0)) : 0;
      sum[o] = (sum[o] ?? 0) + (counts[o] ?? 0) - own;
    }
  }
  sums.forEach((sum, k) => {
    const total = Math.max(0, sum[outputs] ?? 0);
    const base = k * (outputs + 1);
    for (let o = 0; o < outputs; o++) {
      // Centered on the prior so that a track with no labeled neighbours contributes zeros.
      const rate = (Math.max(0, sum[o] ?? 0) + SMOOTHING * (prior[o] ?? 0)) / (total + SMOOTHING);
      target[base + o] = rate - (prior[o] ?? 0);
    }
    target[base + outputs] = Math.log1p(total);
  });
};
