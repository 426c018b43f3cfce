import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import type { LayerMode, Placement } from '../../../src/core/layer.js';
import { type LibrarySnapshot, parseLibrarySnapshot } from '../../../src/core/library-snapshot.js';
import { type LayerDataset, buildLayerDataset } from '../../../src/ml/dataset.js';
import { defaultFeatureSpec } from '../../../src/ml/features.js';
import { createRandom, shuffled } from '../../../src/ml/random.js';
import { type ScenarioLibrary, scenarioLibrary } from '../../../src/ml/snapshot-library.js';

/** The committed MIT slice of tidytuesday-genres: 288 tracks, 6 genres. */
export const loadSlice = (): LibrarySnapshot => {
  const file = fileURLToPath(new URL('../../fixtures/tidytuesday-slice.json.gz', import.meta.url));
  return parseLibrarySnapshot(JSON.parse(gunzipSync(readFileSync(file)).toString('utf8')) as unknown);
};

export interface TestLayer {
  library: ScenarioLibrary;
  dataset: LayerDataset;
}

export const sliceLayer = (enrichment = false): TestLayer => {
  const snapshot = loadSlice();
  const library = scenarioLibrary(snapshot, snapshot.scenarios[0]!, { enrichment });
  return { library, dataset: buildLayerDataset(library.items, defaultFeatureSpec(enrichment)) };
};

/** The slice's truth reshaped for any mode: mutual keeps the first genre; incomplete keeps 3 genres. */
export const layerForMode = (mode: LayerMode, enrichment = false): TestLayer => {
  const { library, dataset } = sliceLayer(enrichment);
  const sublistIds = mode.complete ? library.sublistIds : library.sublistIds.slice(0, 3);
  const truth = new Map<string, Placement>();
  for (const [id, placement] of library.truth) {
    const kept = placement.filter((s) => sublistIds.includes(s));
    truth.set(id, mode.mutual ? kept.slice(0, 1) : kept);
  }
  return { library: { ...library, mode, sublistIds, truth }, dataset };
};

export const randomLabels = (
  library: ScenarioLibrary,
  count: number,
  seed: number,
): Map<string, Placement> => {
  const ids = shuffled(
    library.items.map((i) => i.track.id),
    createRandom(seed),
  ).slice(0, count);
  return new Map(ids.map((id) => [id, library.truth.get(id) ?? []]));
};
