/** The per-seed results of bench/ml/seeds.ts, shared with bench/ml/seeds-compare.ts. */

/** The scenarios of the model's quality target (issue 5), by snapshot file. */
export const PUBLIC_SCENARIOS: Record<string, string[]> = {
  'seven-playlists': ['seven-playlists'],
  eargasm: ['all-playlists', 'single-playlist-tracks'],
  'exportify-owner': ['genre-playlists', 'liked-into-genres', 'mood-playlists'],
};

export interface SeedResults {
  budgets: number[];
  features: string;
  /** "snapshot/scenario" (or "snapshot/scenario#baseline") -> seed -> micro-F1 per budget. */
  results: Record<string, Record<string, number[]>>;
}

export const seedResultsFile = (name: string): string => `out/seeds/${name}.json`;
