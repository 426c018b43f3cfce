import { beforeAll, describe, expect, it } from 'vitest';
import type { Layer, Sublist } from '../../../../src/core/layer-records.js';
import { createSortRunService } from '../../../../src/composition/sorting.js';
import type { SortRunService } from '../../../../src/services/sorting/sort-run.service.js';
import { createMemoryRepositories } from '../../../support/memory-repositories.js';
import { MemoryPlaylists } from '../../../support/memory-playlists.js';
import { MemoryRunLocks } from '../../../support/memory-run-locks.js';
import { genrePredictions, seedGenreLayerIn, type FixtureTrack } from '../../../support/sort-fixtures.js';

const USER = 'user-promised-held';

/**
 * A /sort that takes up its dry run's plan (nothing changed since) says what the dry run said about
 * the songs held back for a sublist whose playlist left the library: the dry run's "3 songs not
 * placed" line was missing after it, and those songs went unmentioned.
 */
describe('a /sort taking up a dry run that held songs back', () => {
  const repositories = createMemoryRepositories();
  const spotify = new MemoryPlaylists();
  let service: SortRunService;
  let layer: Layer;
  let sublists: Sublist[];
  let tracks: FixtureTrack[];

  beforeAll(async () => {
    ({ layer, sublists, tracks } = await seedGenreLayerIn(repositories, USER, { count: 6, prefix: 'ph' }));
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

  it('says the songs not placed as the dry run did, with the same counts, and the held guesses wait', async () => {
    // Guesses: songs 0 and 3 rock (held), 1 and 4 jazz, 2 and 5 folk; song 1 answered rock (held).
    await repositories.labels.put(layer.id, tracks[1]!.id, [sublists[0]!.id], 'session');
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
