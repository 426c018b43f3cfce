import type { LayerDataset } from './dataset.js';

/** The entity kinds lr-propagation may link tracks by (features.ts `trackEntities` prefixes). */
export const EDGE_KINDS = ['artist', 'album', 'playlist'] as const;
export type EdgeKind = (typeof EDGE_KINDS)[number];

/** Hyperedges of one kind: groups of ≥ 2 motherlist rows sharing an entity. */
export type Hyperedges = readonly Int32Array[];

export const hyperedgesByKind = (dataset: LayerDataset): Record<EdgeKind, Hyperedges> => {
  const groups = new Map<string, number[]>();
  dataset.entities.forEach((entities, row) => {
    for (const entity of entities) {
      const rows = groups.get(entity);
      if (rows) rows.push(row);
      else groups.set(entity, [row]);
    }
  });
  const byKind: Record<EdgeKind, Int32Array[]> = { artist: [], album: [], playlist: [] };
  for (const [entity, rows] of groups) {
    const kind = entity.slice(0, entity.indexOf(':')) as EdgeKind;
    if (rows.length >= 2 && kind in byKind) byKind[kind].push(Int32Array.from(rows));
  }
  return byKind;
};

const ITERATIONS = 15;

/**
 * Label propagation on a hypergraph. Each row's scores are pulled toward the mean, over its
 * hyperedges, of the other members' scores with strength `pull`, and back to its prior with
 * 1 − pull; known rows are clamped to their labels. Rows in no hyperedge keep their prior.
 * `scores` is rows × outputs, row-major; returns a new array.
 */
export const propagate = (
  prior: Float64Array,
  outputs: number,
  edges: Hyperedges,
  pull: number,
  clamped: ReadonlyMap<number, readonly number[]>,
): Float64Array => {
  const rows = prior.length / outputs;
  const clamp = (into: Float64Array): void => {
    for (const [row, target] of clamped)
      for (let k = 0; k < outputs; k++) into[row * outputs + k] = target[k] ?? 0;
  };
  let current = Float64Array.from(prior);
  clamp(current);
  if (pull <= 0 || edges.length === 0) return current;
  const degree = new Float64Array(rows);
  for (const edge of edges) for (const row of edge) degree[row] = (degree[row] as number) + 1;
  const sum = new Float64Array(outputs);
  for (let iteration = 0; iteration < ITERATIONS; iteration++) {
    const pulled = new Float64Array(prior.length);
    for (const edge of edges) {
      sum.fill(0);
      for (const row of edge)
        for (let k = 0; k < outputs; k++)
          sum[k] = (sum[k] as number) + (current[row * outputs + k] as number);
      const others = edge.length - 1;
      for (const row of edge) {
        for (let k = 0; k < outputs; k++) {
          const at = row * outputs + k;
          pulled[at] = (pulled[at] as number) + ((sum[k] as number) - (current[at] as number)) / others;
        }
      }
    }
    const next = new Float64Array(prior.length);
    for (let row = 0; row < rows; row++) {
      const d = degree[row] as number;
      for (let k = 0; k < outputs; k++) {
        const at = row * outputs + k;
        next[at] =
          d === 0
            ? (prior[at] as number)
            : (1 - pull) * (prior[at] as number) + (pull * (pulled[at] as number)) / d;
      }
    }
    clamp(next);
    current = next;
  }
  return current;
};
