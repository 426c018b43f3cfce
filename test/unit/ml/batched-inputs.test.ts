import { describe, expect, it } from 'vitest';
import { buildLayerDataset } from '../../../src/ml/dataset.js';
import {
  type LibraryTrack,
  defaultFeatureSpec,
  encodeTrack,
  encodeTracks,
  featureRowInto,
} from '../../../src/ml/features.js';
import { buildInputs } from '../../../src/ml/network-inputs.js';
import { predictLayer } from '../../../src/ml/predict-layer.js';
import { trainLayerModel } from '../../../src/ml/train-layer.js';
import { predictNetwork } from '../../../src/ml/network.js';
import { randomLabels, sliceLayer } from './fixture.js';
import { useTestBackend } from './setup-backend.js';

useTestBackend();

/** The slice copied `times` times under new ids (and, every other copy, new artists): > 2 batches. */
const copiedLibrary = (items: readonly LibraryTrack[], times: number): LibraryTrack[] =>
  Array.from({ length: times }, (_, copy) =>
    items.map((item): LibraryTrack => ({
      ...item,
      track: {
        ...item.track,
        id: `${item.track.id}~${copy}`,
        artists: item.track.artists.map((a) => (copy % 2 ? { name: `${a.name} ${copy}` } : a)),
      },
    })),
  ).flat();

describe('sparse features and batched inputs', () => {
  it('gives every row of the sparse matrix back exactly as it was encoded densely', () => {
    const spec = defaultFeatureSpec(true);
    const { library } = sliceLayer(true);
    const matrix = encodeTracks(library.items, spec);
    const row = new Float32Array(matrix.dimension);
    library.items.forEach((item, r) => {
      featureRowInto(matrix, r, row);
      expect(Array.from(row)).toEqual(Array.from(encodeTrack(item, spec)));
    });
    // A hashed row holds a few dozen non-zeros out of hundreds.
    expect(matrix.values.length).toBeLessThan(library.items.length * 60);
  });

  it('predicts a big library batch by batch with the probabilities of all its rows at once', async () => {
    const { library } = sliceLayer();
    const items = copiedLibrary(library.items, 32);
    expect(items.length).toBeGreaterThan(2 * 4096);
    const dataset = buildLayerDataset(items, defaultFeatureSpec(false));
    const truth = new Map(
      items.map((item) => [item.track.id, library.truth.get(item.track.id.split('~')[0] ?? '') ?? []]),
    );
    const labels = randomLabels({ ...library, items, truth }, 120, 3);
    const model = await trainLayerModel({
      dataset,
      mode: library.mode,
      sublistIds: library.sublistIds,
      labels,
      seed: 2,
      options: { calibrate: false },
    });
    const rows = items.map((_, row) => row);
    const count = model.network.layerSizes.at(-1) ?? 0;
    const atOnce = predictNetwork(model.network, buildInputs(model.featureSpec, dataset, rows), rows.length);
    const batched = predictLayer(model, dataset, undefined, { smooth: false });
    expect(batched).toHaveLength(items.length);
    batched.forEach((prediction, row) =>
      expect(prediction.probabilities).toEqual(Array.from(atOnce.subarray(row * count, (row + 1) * count))),
    );
  });
});
