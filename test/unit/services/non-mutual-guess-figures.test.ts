import { beforeAll, describe, expect, it } from 'vitest';
import type { Layer, Sublist } from '../../../src/core/layer-records.js';
import type { LayerPredictions } from '../../../src/services/model/layer-predictions.js';
import { createSortRunService } from '../../../src/composition/sorting.js';
import type { RunSummary } from '../../../src/services/sorting/run-summary.js';
import type { SortRunService } from '../../../src/services/sorting/sort-run.service.js';
import { createMemoryRepositories } from '../../support/memory-repositories.js';
import { MemoryPlaylists } from '../../support/memory-playlists.js';
import { MemoryRunLocks } from '../../support/memory-run-locks.js';
import { createLayerIn, spotifyId } from '../../support/sort-fixtures.js';

const USER = 'user-non-mutual-figures';
const NAMES = ['rock', 'jazz', 'folk'];

/**
 * A non-mutual layer decides each sublist of a guess on its own, so what a sort tells of a guess of
 * several sublists (the /sort summary's least sure, the new-songs DM's waiting songs) carries the
 * model's figure for each, not only their mean.
 */
describe('a non-mutual sort keeps how sure the model is of each sublist of a guess', () => {
  const repositories = createMemoryRepositories();
  const spotify = new MemoryPlaylists();
  let service: SortRunService;
  let layer: Layer;
  let sublists: Sublist[];
  const track = (name: string) => spotifyId(`nonmutualfig${name}`);
  /** Probabilities of rock, jazz and folk. */
  const probabilities = new Map<string, [number, number, number]>([
    [track('sure'), [0.95, 0.85, 0.05]],
    [track('unsure'), [0.6, 0.5, 0.1]],
  ]);
  const predictions = async (): Promise<LayerPredictions> => ({
    modelId: 'model',
    modelVersion: 1,
    enriched: 0,
    predictions: [...probabilities].map(([trackId, p]) => ({
      trackId,
      placement: [sublists[0]?.id as string, sublists[1]?.id as string],
      confidence: (p[0] + p[1]) / 2,
      calibrated: true,
      memberships: Object.fromEntries(sublists.map((s, k) => [s.id, p[k] as number])),
    })),
  });

  beforeAll(async () => {
    ({ layer, sublists } = await createLayerIn(
      repositories,
      USER,
      { mutual: false, complete: false },
      NAMES,
    ));
    const ids = [...probabilities.keys()];
    await repositories.tracks.upsertMetadata(
      ids.map((id) => ({
        id,
        name: id,
        artists: [{ id: 'artist', name: 'Artist' }],
        album: { name: 'Album' },
      })),
    );
    await repositories.entries.add(
      USER,
      'liked',
      ids.map((trackId) => ({ trackId, addedAt: new Date() })),
    );
    service = createSortRunService(
      repositories,
      new MemoryRunLocks(),
      { predictions, weakness: async () => undefined },
      { writer: spotify },
    );
  });

  it('the least sure placement and the waiting song, each sublist with its own figure', async () => {
    const outcome = await service.sort(USER, layer, { dryRun: false });
    expect(outcome.uncertain).toEqual([
      expect.objectContaining({
        trackId: track('sure'),
        sublistConfidences: [
          { sublistName: 'rock', confidence: 0.95 },
          { sublistName: 'jazz', confidence: 0.85 },
        ],
      }),
    ]);
    const run = await repositories.runs.byId(outcome.runId);
    const summary = run?.summary as RunSummary | undefined;
    expect(summary?.waiting).toEqual([
      expect.objectContaining({
        trackId: track('unsure'),
        memberships: { [sublists[0]?.id as string]: 0.6, [sublists[1]?.id as string]: 0.5 },
      }),
    ]);
    // The waiting song as the store keeps it: its guess and one figure, as the table does.
    expect(await repositories.waiting.byTrack(layer.id, track('unsure'))).toEqual({
      trackId: track('unsure'),
      guess: [sublists[0]?.id, sublists[1]?.id],
      confidence: 0.55,
    });
  });
});
