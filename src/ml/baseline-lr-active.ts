import { artistKey } from './features.js';
import { createRandom, shuffled } from './random.js';
import type { EdgeKind } from './baseline-hypergraph.js';
import { type LrPropagationFit, type LrPropagationLayer, scoresOfRow } from './baseline-lr-propagation.js';

/**
 * lr-propagation's own active learner (issue 25): two cold-start rounds of random songs with
 * distinct primary artists, then greedy picks by margin uncertainty × (1 + log(1 + the
 * uncertainty of the unlabeled songs sharing its artist or album)), one song per primary artist
 * per round, RANDOM_SHARE of each round at random.
 */
export const COLD_START_ROUNDS = 2;
export const RANDOM_SHARE = 0.3;
const NEIGHBOUR_KINDS: readonly EdgeKind[] = ['artist', 'album'];

/** 1 − the margin between the two best answers (for non-mutual layers: the closest call to a threshold). */
export const uncertaintyOf = (layer: LrPropagationLayer, fit: LrPropagationFit, row: number): number => {
  const scores = Array.from(scoresOfRow(layer, fit, row));
  if (!layer.mode.mutual) {
    const closest = Math.min(...scores.map((p, k) => Math.abs(p - (fit.settings.thresholds[k] ?? 0.5))));
    return Math.max(0, 1 - 2 * closest);
  }
  // A mutual incomplete layer's void competes as one more answer, at its threshold.
  const answers = layer.mode.complete ? scores : [...scores, fit.settings.voidThreshold];
  const total = answers.reduce((a, b) => a + b, 0) || 1;
  const [first = 0, second = 0] = answers.map((p) => p / total).sort((a, b) => b - a);
  return 1 - (first - second);
};

const primaryArtist = (layer: LrPropagationLayer, row: number): string => {
  const artist = layer.dataset.items[row]?.track.artists[0];
  return artist ? artistKey(artist) : `row:${row}`;
};

export interface PickInput {
  layer: LrPropagationLayer;
  asked: ReadonlySet<string>;
  /** The model after the labels so far; undefined in the cold-start rounds. */
  fit?: LrPropagationFit;
  round: number;
  count: number;
  seed: number;
}

export const pickForLrPropagation = (input: PickInput): string[] => {
  const { layer, asked, fit, count } = input;
  const idOf = (row: number): string => layer.dataset.items[row]?.track.id ?? '';
  const candidates = layer.dataset.items.map((_, row) => row).filter((row) => !asked.has(idOf(row)));
  const random = shuffled(candidates, createRandom(input.seed));
  const artists = new Set<string>();
  const picked: number[] = [];
  const take = (row: number): void => {
    const artist = primaryArtist(layer, row);
    if (artists.has(artist) || picked.includes(row)) return;
    artists.add(artist);
    picked.push(row);
  };
  const coldStart = fit === undefined || input.round < COLD_START_ROUNDS;
  const randomCount = coldStart ? count : Math.round(count * RANDOM_SHARE);
  for (const row of random) if (picked.length < randomCount) take(row);
  if (!coldStart && fit) {
    const uncertainty = new Map(candidates.map((row) => [row, uncertaintyOf(layer, fit, row)]));
    const neighbours = new Map<number, Set<number>>();
    for (const kind of NEIGHBOUR_KINDS) {
      for (const edge of layer.edges[kind]) {
        for (const row of edge) {
          if (!uncertainty.has(row)) continue;
          const set = neighbours.get(row) ?? new Set<number>();
          for (const other of edge) if (other !== row && uncertainty.has(other)) set.add(other);
          neighbours.set(row, set);
        }
      }
    }
    const value = (row: number): number => {
      let resolved = 0;
      for (const other of neighbours.get(row) ?? []) resolved += uncertainty.get(other) ?? 0;
      return (uncertainty.get(row) ?? 0) * (1 + Math.log1p(resolved));
    };
    const ranked = candidates
      .map((row) => ({ row, value: value(row) }))
      .sort((a, b) => b.value - a.value || a.row - b.row);
    for (const { row } of ranked) if (picked.length < count) take(row);
  }
  // Fewer distinct artists than the round needs: fill from the random order.
  for (const row of random) if (picked.length < count && !picked.includes(row)) picked.push(row);
  return picked.map(idOf);
};
