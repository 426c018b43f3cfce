import { beforeEach, describe, expect, it } from 'vitest';
import type { Layer, Sublist } from '../../../src/core/layer-records.js';
import type { PlaylistsRead } from '../../../src/core/library-records.js';
import { createKeepSortedService, createSortRunService } from '../../../src/composition/sorting.js';
import { RunFailedError } from '../../../src/services/errors.js';
import { RUN_APPLY_TRIES } from '../../../src/services/sorting/run-applier.js';
import type { SortRunService } from '../../../src/services/sorting/sort-run.service.js';
import type { KeepSortedService } from '../../../src/services/sync/keep-sorted.service.js';
import { faultyWriter } from '../../support/faulty-writer.js';
import { createMemoryRepositories, type MemoryRepositories } from '../../support/memory-repositories.js';
import { MemoryNotifier } from '../../support/memory-notifier.js';
import { MemoryPlaylists } from '../../support/memory-playlists.js';
import { MemoryRunLocks } from '../../support/memory-run-locks.js';
import { genrePredictions, seedGenreLayerIn, type FixtureTrack } from '../../support/sort-fixtures.js';

const USER = 'user-run-end-own-writes';

/**
 * A run whose record of its own Spotify write (`contents.recordWrite`) fails, and which then ends
 * failed: the next sync reads the playlist and must not take the bot's write for a hand edit.
 */
describe('a run that ends with a write it could not record', () => {
  let repositories: MemoryRepositories;
  let spotify: MemoryPlaylists;
  /** Throws at Spotify's adds while it is set. */
  let writeFault: (() => unknown) | undefined;
  /** How many of the next records of the bot's writes fail (a hiccup of the database). */
  let recordsFailing = 0;
  let sortRuns: SortRunService;
  let keepSorted: KeepSortedService;
  let layer: Layer;
  let sublists: Sublist[];
  let tracks: FixtureTrack[];

  beforeEach(async () => {
    repositories = createMemoryRepositories();
    spotify = new MemoryPlaylists();
    writeFault = undefined;
    recordsFailing = 0;
    const writer = faultyWriter(spotify, (call) => (call === 'addTracks' ? writeFault?.() : undefined));
    const contents: typeof repositories.contents = {
      ...repositories.contents,
      recordWrite: async (...args) => {
        if (recordsFailing > 0) {
          recordsFailing--;
          throw new TypeError('the record of the write is refused');
        }
        return repositories.contents.recordWrite(...args);
      },
    };
    const stores = { ...repositories, contents };
    ({ layer, sublists, tracks } = await seedGenreLayerIn(repositories, USER, { count: 6, prefix: 'ow' }));
    sortRuns = createSortRunService(
      stores,
      new MemoryRunLocks(),
      { predictions: async () => genrePredictions(tracks, sublists, 0.9), weakness: async () => undefined },
      { writer },
    );
    // The library sync as far as hand edits go: the sublists as Spotify has them now.
    const syncLibrary = async (
      _userId: string,
      options?: { beforeStoring?: (playlists: PlaylistsRead) => Promise<void> },
    ) => {
      const read = new Map(
        sublists.map((s) => [
          s.playlistId,
          spotify.items(s.playlistId).map((trackId) => ({ trackId, addedAt: null })),
        ]),
      );
      await options?.beforeStoring?.({ read, emptied: new Set() });
    };
    keepSorted = createKeepSortedService(
      { repositories: stores, sortRuns },
      {
        library: { syncLibrary },
        notifier: new MemoryNotifier(repositories.users),
        retrain: async () => undefined,
      },
    );
  });

  it('is not taken by the next sync for a hand edit: no hand label where the model put the songs', async () => {
    const likes = tracks.map((t) => t.id);
    // Tries before the last fail at Spotify; the last one writes, and its record fails.
    writeFault = () => new TypeError('a bug');
    await expect(sortRuns.sortNewTracks(USER, layer, likes, new Set())).rejects.toThrow(/a bug/);
    for (let tried = 2; tried < RUN_APPLY_TRIES; tried++)
      await expect(sortRuns.finishUnfinished(USER, layer.id)).rejects.toThrow(/a bug/);
    writeFault = undefined;
    recordsFailing = 1;
    await expect(sortRuns.finishUnfinished(USER, layer.id)).rejects.toBeInstanceOf(RunFailedError);
    const written = sublists.flatMap((s) => spotify.items(s.playlistId));
    expect(written.length).toBeGreaterThan(0);

    const report = await keepSorted.syncUser(USER);

    expect(report.layers[0]).toMatchObject({ handEdits: 0, labelsFromHandEdits: 0 });
    expect(await repositories.handEdits.listFor(layer.id)).toEqual([]);
    expect((await repositories.labels.listFor(layer.id)).filter((l) => written.includes(l.trackId))).toEqual(
      [],
    );
  });
});
