import { beforeAll, describe, expect, it } from 'vitest';
import type { Layer, Sublist } from '../../../../src/core/layer-records.js';
import type { LayerPredictions } from '../../../../src/services/model/layer-predictions.js';
import { createSortRunService } from '../../../../src/composition/sorting.js';
import type { RunSummary } from '../../../../src/services/sorting/run-summary.js';
import type { SortRunService } from '../../../../src/services/sorting/sort-run.service.js';
import { createMemoryRepositories } from '../../../support/memory-repositories.js';
import { MemoryPlaylists } from '../../../support/memory-playlists.js';
import { MemoryRunLocks } from '../../../support/memory-run-locks.js';
import { addEntriesIn, addTracksIn, createLayerIn, genreTracks } from '../../../support/sort-fixtures.js';

const USER = 'user-non-mutual-figures';

/**
 * A non-mutual layer decides each sublist of a guess on its own, so what a sort tells of a guess of
 * several sublists (the /sort summary's least sure, the new-songs DM's waiting songs) carries the
 * model's figure for each, not only their mean.
 */
describe('a non-mutual sort keeps how sure the model is of each sublist of a guess', () => {
  const repositories = createMemoryRepositories();
  let service: SortRunService;
  let layer: Layer;
  let sublists: Sublist[];
  /** Two songs guessed for rock and jazz, with the probabilities of rock, jazz and folk. */
  const [sure, unsure] = genreTracks(2, 1, 'nonmutualfig');
  const probabilities: [string, number[]][] = [
    [sure!.id, [0.95, 0.85, 0.05]],
    [unsure!.id, [0.6, 0.5, 0.1]],
  ];
  const predictions = async (): Promise<LayerPredictions> => ({
    modelId: 'model',
    modelVersion: 1,
    enriched: 0,
    predictions: probabilities.map(([trackId, p]) => ({
      trackId,
      placement: [sublists[0]!.id, sublists[1]!.id],
      confidence: (p[0]! + p[1]!) / 2,
      calibrated: true,
      memberships: Object.fromEntries(sublists.map((s, k) => [s.id, p[k]!])),
    })),
  });

  beforeAll(async () => {
    const mode = { mutual: false, complete: false };
    ({ layer, sublists } = await createLayerIn(repositories, USER, mode, ['rock', 'jazz', 'folk']));
    await addTracksIn(repositories, [sure!, unsure!]);
    await addEntriesIn(repositories, USER, 'liked', [sure!.id, unsure!.id]);
    service = createSortRunService(
      repositories,
      new MemoryRunLocks(),
      { predictions, weakness: async () => undefined },
      { writer: new MemoryPlaylists() },
    );
  });

  it('the least sure placement and the waiting song, each sublist with its own figure', async () => {
    const outcome = await service.sort(USER, layer, { dryRun: false });
    expect(outcome.uncertain).toEqual([
      expect.objectContaining({
        trackId: sure!.id,
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
        trackId: unsure!.id,
        memberships: { [sublists[0]?.id as string]: 0.6, [sublists[1]?.id as string]: 0.5 },
      }),
    ]);
    // The waiting song as the store keeps it: its guess and one figure, as the table does.
    expect(await repositories.waiting.byTrack(layer.id, unsure!.id)).toEqual({
      trackId: unsure!.id,
      guess: [sublists[0]?.id, sublists[1]?.id],
      confidence: 0.55,
    });
  });
});
