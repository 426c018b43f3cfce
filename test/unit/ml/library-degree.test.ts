import { describe, expect, it } from 'vitest';
import { buildLayerDataset } from '../../../src/ml/dataset.js';
import { defaultFeatureSpec, type LibraryTrack } from '../../../src/ml/features.js';
import { predictLayer } from '../../../src/ml/predict-layer.js';
import { trainLayerModel } from '../../../src/ml/train-layer.js';
import { DEGREE_SIZE, countEntityTracks, degreeFeaturesInto } from '../../../src/ml/library-degree.js';
import { createRandom, shuffled } from '../../../src/ml/random.js';
import { useTestBackend } from './setup-backend.js';

useTestBackend();

describe('library degree features', () => {
  it('count, per entity kind, the other tracks sharing the track’s artists, album and tags', () => {
    const entities = [
      ['artist:x', 'album:y', 'playlist:p'],
      ['artist:x', 'album:y'],
      ['artist:x', 'playlist:p'],
      ['artist:z'],
    ];
    const counts = countEntityTracks(entities);
    expect(counts.get('artist:x')).toBe(3);
    expect(counts.get('artist:z')).toBe(1);
    const first = new Float32Array(DEGREE_SIZE);
    degreeFeaturesInto(counts, entities[0]!, first);
    // artist: 2 others, album: 1, tag: none; playlists are not counted.
    expect(Array.from(first)).toEqual([Math.log1p(2) / 2, Math.log1p(1) / 2, 0].map(Math.fround));
    const alone = new Float32Array(DEGREE_SIZE);
    degreeFeaturesInto(counts, entities[3]!, alone);
    expect(Array.from(alone)).toEqual([0, 0, 0]);
  });

  it('let the model tell whole saved albums from one-off tracks that no label reaches', async () => {
    // Sublist "albums" holds the tracks of 30 albums saved whole, "singles" 150 one-off tracks;
    // names, years and durations are noise, so only the size of a track's album tells them apart.
    const random = createRandom(7);
    const items: LibraryTrack[] = [];
    const truth = new Map<string, string[]>();
    const track = (id: string, album: string, artist: string): LibraryTrack => ({
      track: {
        id,
        name: `song ${Math.floor(random() * 1e6)}`,
        artists: [{ id: artist, name: artist }],
        album: { id: album, name: `record ${album}`, releaseDate: `${1980 + Math.floor(random() * 40)}` },
        durationMs: 120_000 + Math.floor(random() * 240_000),
      },
    });
    for (let a = 0; a < 30; a++)
      for (let t = 0; t < 6; t++) {
        items.push(track(`a${a}t${t}`, `album${a}`, `band${a}`));
        truth.set(`a${a}t${t}`, ['albums']);
      }
    for (let s = 0; s < 150; s++) {
      items.push(track(`s${s}`, `single${s}`, `artist${s}`));
      truth.set(`s${s}`, ['singles']);
    }
    const dataset = buildLayerDataset(items, defaultFeatureSpec(false));
    const mode = { mutual: true, complete: true };
    const labeled = shuffled(
      items.map((i) => i.track.id),
      createRandom(3),
    ).slice(0, 40);
    const labels = new Map(labeled.map((id) => [id, truth.get(id) ?? []]));
    const accuracy = async (useDegree: boolean): Promise<number> => {
      const model = await trainLayerModel({
        dataset,
        mode,
        sublistIds: ['albums', 'singles'],
        labels,
        seed: 1,
        options: { useDegree },
      });
      expect(model.featureSpec.degree ?? false).toBe(useDegree);
      const unlabeled = predictLayer(model, dataset).filter((p) => !labels.has(p.trackId));
      return unlabeled.filter((p) => p.placement[0] === truth.get(p.trackId)?.[0]).length / unlabeled.length;
    };
    const withDegree = await accuracy(true);
    const without = await accuracy(false);
    expect(withDegree).toBeGreaterThan(0.95);
    expect(withDegree).toBeGreaterThan(without + 0.1);
  });
});
