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
    // Guesses: songs 0 and 3 rock (held), 1 and 4 jazz, 2 and 5 folk; song 1 answered rock (held).
    await repositories.labels.put(layer.id, tracks[1]!.id, [sublists[0]!.id], 'session');
  });

  it('counts neither the held answers nor the held guesses as placed; the held guesses wait', async () => {
    const result = await service.sortLayer(USER, layer, { dryRun: false });
    expect(result.summary.unlisted).toMatchObject({ songs: 3 });
    expect(result.summary.confidence).toMatchObject({ considered: 6, answered: 0, placed: 3, waiting: 2 });
  });

  /**
   * A /sort that takes up its dry run's plan (nothing changed since) says what the dry run said
   * about the held songs: the dry run's "3 songs not placed" line was missing after it.
   */
  it('a /sort taking up its dry run says the songs not placed as the dry run did; the held guesses wait', async () => {
    const dryRun = await service.sort(USER, layer, { dryRun: true });
    expect(dryRun.unlisted).toEqual({ sublistNames: [sublists[0]!.name], songs: 3 });
    const sorted = await service.sort(USER, layer, { dryRun: false });
    expect(sorted.preview).toEqual({ kept: true, changes: [] });
    expect(sorted.unlisted).toEqual(dryRun.unlisted);
    expect(sorted.confidence).toEqual(dryRun.confidence);
    expect(sorted.perSublist).toEqual(dryRun.perSublist);
    const waiting = await repositories.waiting.listFor(layer.id);
    expect(waiting.map((w) => w.trackId).sort()).toEqual([tracks[0]!.id, tracks[3]!.id].sort());
  });
});
