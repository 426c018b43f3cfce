import { beforeAll, describe, expect, it } from 'vitest';
import type { Layer, Sublist } from '../../../../src/core/layer-records.js';
import { createSortRunService } from '../../../../src/composition/sorting.js';
import type { SortRunService } from '../../../../src/services/sorting/sort-run.service.js';
import { createMemoryRepositories } from '../../../support/memory-repositories.js';
import { MemoryPlaylists } from '../../../support/memory-playlists.js';
import { MemoryRunLocks } from '../../../support/memory-run-locks.js';
import { genrePredictions, seedGenreLayerIn, type FixtureTrack } from '../../../support/sort-fixtures.js';

const USER = 'user-unlisted-held-counts';

/**
 * Songs a sort holds back because their sublist's playlist left the library are not placed: the
 * summary's "Placed n of m (k by your answers)" does not count them (it said "Placed 7 of 120
 * (7 by your answers)" beside "3 songs not placed").
 */
describe('a sort holding songs back for a sublist whose playlist left the library', () => {
  const repositories = createMemoryRepositories();
  const spotify = new MemoryPlaylists();
  let service: SortRunService;
  let layer: Layer;
  let sublists: Sublist[];
  let tracks: FixtureTrack[];

  beforeAll(async () => {
    ({ layer, sublists, tracks } = await seedGenreLayerIn(repositories, USER, { count: 6, prefix: 'uh' }));
    const rock = sublists[0]!;
    const contents = {
      ...repositories.contents,
      listedPlaylists: async (userId: string, playlistIds: readonly string[]) =>
        new Set(
          [...(await repositories.contents.listedPlaylists(userId, playlistIds))].filter(
            (id) => id !== rock.playlistId,
          ),
        ),
    };
    service = createSortRunService(
      { ...repositories, contents },
      new MemoryRunLocks(),
      {
        predictions: async () => genrePredictions(tracks, sublists, 0.95),
        weakness: async () => undefined,
      },
      { writer: spotify },
    );
  });

  it('counts neither the held answers nor the held guesses as placed; the held guesses wait', async () => {
    // Guesses: songs 0 and 3 rock (held), 1 and 4 jazz, 2 and 5 folk; song 1 answered rock (held).
    await repositories.labels.put(layer.id, tracks[1]!.id, [sublists[0]!.id], 'session');
    const result = await service.sortLayer(USER, layer, { dryRun: false });
    expect(result.summary.unlisted).toMatchObject({ songs: 3 });
    expect(result.summary.confidence).toMatchObject({ considered: 6, answered: 0, placed: 3, waiting: 2 });
  });
});
