/**
 * Multi-hop smoothing of predictions over the library graph (label propagation through the
 * unlabeled motherlist): tracks that share an artist, an album or one of the user's other
 * playlists tend to share sublists, so each step moves a track's probabilities towards the mean
 * of its neighbours', anchored to the model's own output (personalised-PageRank style):
 * p ← (1 − α)·p₀ + α·neighbours(p). A track with no neighbour keeps p₀; labeled tracks hold their
 * answer and weigh more in their entities' means (LABELED_WEIGHT).
 */

/**
 * Steps of propagation: labels reach tracks eight links away (an artist's album's other artist…);
 * measured on the public libraries, 8 steps beat 2 and 4 once labeled tracks hold their answer.
 */
export const SMOOTHING_STEPS = 8;
/**
 * Smoothing strengths cross-validation chooses from (`propagate: false` switches it off). None
 * below 0.75: the active learner spreads its labels over artists, albums and playlists no label
 * covers yet, so a held-out labeled track has fewer labeled neighbours than an unlabeled track,
 * and cross-validation on a few hundred labels undervalues the smoothing. On the public libraries
 * (seeds 1–6, budgets 50–200) removing 0, 0.25 and 0.5 from the grid raised micro-F1 in 12 of 18
 * cells and lowered none by more than 0.001 (with random labels: +0.002 per cell); see
 * bench/ml/evaluation-notes.md.
 */
export const SMOOTHING_GRID: readonly number[] = [0.75, 0.9, 0.95];

/**
 * How many times a labeled track counts in the mean of an entity it shares: its answer is known,
 * an unlabeled neighbour's is the network's guess. On the public libraries (budgets 50–200) 3
 * raised micro-F1 by 0.002 per cell on seeds 1–6 and again on seeds 7–12 (mood-playlists and
 * liked-into-genres most); 10 gained less and cost genre-playlists up to 0.008; see
 * bench/ml/evaluation-notes.md.
 */
export const LABELED_WEIGHT = 3;

/** The library graph as numbers: which rows hold each linking entity, which of those each row holds. */
interface Graph {
  rows: number;
  /** Entity e's rows are memberRows[memberOffsets[e]..memberOffsets[e + 1]], by row. */
  memberOffsets: Int32Array;
  memberRows: Int32Array;
  /** Row r's entities are links[linkOffsets[r]..linkOffsets[r + 1]], in the order it holds them. */
  linkOffsets: Int32Array;
  links: Int32Array;
}

/**
 * Training smooths over the same motherlist's graph a dozen times (folds × strengths), and each
 * graph built anew lived long enough to be promoted in the heap: built once per entities array.
 */
const graphs = new WeakMap<readonly (readonly string[])[], Graph>();

const graphOf = (entities: readonly (readonly string[])[], rows: number): Graph => {
  const cached = graphs.get(entities);
  if (cached?.rows === rows) return cached;
  // Entity -> rows holding it; entities of a single track link nothing.
  const members = new Map<string, number[]>();
  entities.forEach((keys, row) => {
    if (row >= rows) return;
    for (const key of keys) {
      const list = members.get(key);
      if (list) list.push(row);
      else members.set(key, [row]);
    }
  });
  for (const [key, list] of members) if (list.length < 2) members.delete(key);
  const entityOf = new Map([...members.keys()].map((key, e) => [key, e]));
  const memberOffsets = new Int32Array(members.size + 1);
  const memberRows = new Int32Array([...members.values()].reduce((sum, list) => sum + list.length, 0));
  [...members.values()].forEach((list, e) => {
    memberRows.set(list, memberOffsets[e] as number);
    memberOffsets[e + 1] = (memberOffsets[e] as number) + list.length;
  });
  const linkOffsets = new Int32Array(rows + 1);
  const links: number[] = [];
  for (let row = 0; row < rows; row++) {
    for (const key of entities[row] ?? []) {
      const e = entityOf.get(key);
      if (e !== undefined) links.push(e);
    }
    linkOffsets[row + 1] = links.length;
  }
  const graph = { rows, memberOffsets, memberRows, linkOffsets, links: Int32Array.from(links) };
  graphs.set(entities, graph);
  return graph;
};

/**
 * The smoothing keeps every row's probabilities in one flat array per step and the graph as arrays
 * of numbers (graphOf): with an array per track and per entity at each of the 8 steps, the smoothings
 * of a 28k-track training left ~400 MB of garbage in the model thread. The rows it returns are views
 * of one array.
 */
export const smoothOverGraph = (
  entities: readonly (readonly string[])[],
  probabilities: readonly Float32Array[],
  alpha: number,
  /** Rows whose answer is known (labeled tracks): they hold their label at every step. */
  clamped: ReadonlyMap<number, ArrayLike<number>> = new Map(),
  steps: number = SMOOTHING_STEPS,
): Float32Array[] => {
  if (alpha <= 0 || probabilities.length === 0) return probabilities.map((p) => p.slice());
  const rows = probabilities.length;
  const width = probabilities[0]?.length ?? 0;
  const { memberOffsets, memberRows, linkOffsets, links } = graphOf(entities, rows);
  const entityCount = memberOffsets.length - 1;
  const weight = Float64Array.from({ length: rows }, (_, row) => (clamped.has(row) ? LABELED_WEIGHT : 1));
  // An entity's total weight does not change between steps, only its members' probabilities do.
  const totalWeight = new Float64Array(entityCount);
  for (let e = 0; e < entityCount; e++) {
    let total = 0;
    for (let m = memberOffsets[e] as number; m < (memberOffsets[e + 1] as number); m++)
      total += weight[memberRows[m] as number] as number;
    totalWeight[e] = total;
  }
  /** A clamped row holds its label: written over row `row` of `into`. */
  const anchor = (row: number, into: Float64Array): void => {
    const label = clamped.get(row);
    if (label) for (let o = 0; o < width; o++) into[row * width + o] = label[o] ?? 0;
  };
  let current = new Float64Array(rows * width);
  probabilities.forEach((p, row) => {
    current.set(p, row * width);
    anchor(row, current);
  });
  let next = new Float64Array(rows * width);
  const sums = new Float64Array(entityCount * width);
  const neighbours = new Float64Array(width);
  for (let step = 0; step < steps; step++) {
    sums.fill(0);
    for (let e = 0; e < entityCount; e++)
      for (let m = memberOffsets[e] as number; m < (memberOffsets[e + 1] as number); m++) {
        const row = memberRows[m] as number;
        const w = weight[row] as number;
        for (let o = 0; o < width; o++)
          sums[e * width + o] = (sums[e * width + o] as number) + w * (current[row * width + o] as number);
      }
    for (let row = 0; row < rows; row++) {
      const original = probabilities[row] as Float32Array;
      const first = linkOffsets[row] as number;
      const linked = (linkOffsets[row + 1] as number) - first;
      const own = weight[row] as number;
      neighbours.fill(0);
      for (let l = first; l < first + linked; l++) {
        const e = links[l] as number;
        // The weighted mean over the entity's other tracks; each entity counts once.
        const others = (totalWeight[e] as number) - own;
        for (let o = 0; o < width; o++)
          neighbours[o] =
            (neighbours[o] as number) +
            ((sums[e * width + o] as number) - own * (current[row * width + o] as number)) / others;
      }
      for (let o = 0; o < width; o++)
        next[row * width + o] =
          linked === 0
            ? (original[o] ?? 0)
            : (1 - alpha) * (original[o] ?? 0) + (alpha * (neighbours[o] as number)) / linked;
      anchor(row, next);
    }
    [current, next] = [next, current];
  }
  const smoothed = Float32Array.from(current);
  return probabilities.map((_, row) => smoothed.subarray(row * width, (row + 1) * width));
};
