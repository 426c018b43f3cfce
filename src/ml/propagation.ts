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

export const smoothOverGraph = (
  entities: readonly (readonly string[])[],
  probabilities: readonly Float32Array[],
  alpha: number,
  /** Rows whose answer is known (labeled tracks): they hold their label at every step. */
  clamped: ReadonlyMap<number, ArrayLike<number>> = new Map(),
  steps: number = SMOOTHING_STEPS,
): Float32Array[] => {
  if (alpha <= 0 || probabilities.length === 0) return probabilities.map((p) => p.slice());
  const anchored = (row: number, values: Float64Array): Float64Array => {
    const label = clamped.get(row);
    return label ? Float64Array.from(label) : values;
  };
  const width = probabilities[0]?.length ?? 0;
  // Entity -> rows holding it; entities of a single track link nothing.
  const members = new Map<string, number[]>();
  entities.forEach((keys, row) => {
    if (row >= probabilities.length) return;
    for (const key of keys) {
      const list = members.get(key);
      if (list) list.push(row);
      else members.set(key, [row]);
    }
  });
  for (const [key, rows] of members) if (rows.length < 2) members.delete(key);
  const weight = probabilities.map((_, row) => (clamped.has(row) ? LABELED_WEIGHT : 1));
  // An entity's total weight does not change between steps, only its members' probabilities do.
  const totalWeight = new Map(
    [...members].map(([key, rows]) => [key, rows.reduce((total, row) => total + (weight[row] ?? 1), 0)]),
  );
  let current = probabilities.map((p, row) => anchored(row, Float64Array.from(p)));
  for (let step = 0; step < steps; step++) {
    const sums = new Map<string, Float64Array>();
    for (const [key, rows] of members) {
      const sum = new Float64Array(width);
      for (const row of rows) {
        const p = current[row] as Float64Array;
        const w = weight[row] ?? 1;
        for (let o = 0; o < width; o++) sum[o] = (sum[o] ?? 0) + w * (p[o] ?? 0);
      }
      sums.set(key, sum);
    }
    current = probabilities.map((original, row) => {
      const p = current[row] as Float64Array;
      const neighbours = new Float64Array(width);
      let linked = 0;
      const own = weight[row] ?? 1;
      for (const key of entities[row] ?? []) {
        const sum = sums.get(key);
        if (!sum) continue;
        // The weighted mean over the entity's other tracks; each entity counts once.
        const others = (totalWeight.get(key) ?? 0) - own;
        for (let o = 0; o < width; o++)
          neighbours[o] = (neighbours[o] ?? 0) + ((sum[o] ?? 0) - own * (p[o] ?? 0)) / others;
        linked++;
      }
      const next = Float64Array.from(original);
      if (linked === 0) return anchored(row, next);
      for (let o = 0; o < width; o++)
        next[o] = (1 - alpha) * (original[o] ?? 0) + (alpha * (neighbours[o] ?? 0)) / linked;
      return anchored(row, next);
    });
  }
  return current.map((p) => Float32Array.from(p));
};
