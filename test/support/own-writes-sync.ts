import { expect } from 'vitest';
import type { Layer, Sublist } from '../../src/core/layer-records.js';
import type { PlaylistsRead } from '../../src/core/library-records.js';
import { createKeepSortedService, createSortRunService } from '../../src/composition/sorting.js';
import type { PlaylistWriter } from '../../src/services/ports/sort-run.ports.js';
import type { SortRunService } from '../../src/services/sorting/sort-run.service.js';
import type { KeepSortedService } from '../../src/services/sync/keep-sorted.service.js';
import { faultyWriter } from './faulty-writer.js';
import { createMemoryRepositories, type MemoryRepositories } from './memory-repositories.js';
import { MemoryNotifier } from './memory-notifier.js';
import { MemoryPlaylists } from './memory-playlists.js';
import { MemoryRunLocks } from './memory-run-locks.js';
import { genrePredictions, seedGenreLayerIn, type FixtureTrack } from './sort-fixtures.js';

/** A genre layer kept sorted on memory stores, whose runs' Spotify calls and records of them can fail. */
export interface OwnWritesSync {
  repositories: MemoryRepositories;
  spotify: MemoryPlaylists;
  sortRuns: SortRunService;
  keepSorted: KeepSortedService;
  /** The DMs the syncs sent. */
  notifier: MemoryNotifier;
  layer: Layer;
  sublists: Sublist[];
  tracks: FixtureTrack[];
  /** The next `count` records of the bot's writes (`contents.recordWrite`), after `after` more, throw `error()`. */
  failRecords(count: number, error: () => unknown, after?: number): void;
  /** While set, the library sync reads no playlist (the daily budget has nothing left for them). */
  budget: { playlistsSkipped: boolean };
}

/**
 * Six songs of a mutual, complete layer of three sublists, sorted by a stand-in model; the bot's
 * writer asks `fault` before each call (what it returns is thrown). The library sync reads the
 * sublists as Spotify has them, and stores them so once hand edits are absorbed.
 */
export const ownWritesSync = async (
  userId: string,
  prefix: string,
  fault: (call: keyof PlaylistWriter) => unknown,
): Promise<OwnWritesSync> => {
  const repositories = createMemoryRepositories();
  const spotify = new MemoryPlaylists();
  let recordsFailing = 0;
  let recordsPassing = 0;
  let recordError: () => unknown = () => undefined;
  const contents: typeof repositories.contents = {
    ...repositories.contents,
    recordWrite: async (...args) => {
      if (recordsPassing > 0) recordsPassing--;
      else if (recordsFailing > 0) {
        recordsFailing--;
        throw recordError();
      }
      return repositories.contents.recordWrite(...args);
    },
  };
  const stores = { ...repositories, contents };
  const { layer, sublists, tracks } = await seedGenreLayerIn(repositories, userId, { count: 6, prefix });
  const sortRuns = createSortRunService(
    stores,
    new MemoryRunLocks(),
    { predictions: async () => genrePredictions(tracks, sublists, 0.9), weakness: async () => undefined },
    { writer: faultyWriter(spotify, fault) },
  );
  const budget = { playlistsSkipped: false };
  const syncLibrary = async (
    syncedUserId: string,
    options?: { beforeStoring?: (playlists: PlaylistsRead) => Promise<void> },
  ) => {
    // As the library sync does when the budget is spent: Liked Songs only, the playlists next time.
    if (budget.playlistsSkipped) return;
    const read = new Map(
      sublists.map((s) => [
        s.playlistId,
        spotify.items(s.playlistId).map((trackId) => ({ trackId, addedAt: null })),
      ]),
    );
    await options?.beforeStoring?.({ read, emptied: new Set() });
    // Then stores the playlists as read, as the library sync does.
    await repositories.contents.recordHandEdits(syncedUserId, {
      contents: read,
      edits: [],
      labels: [],
      staleLabels: [],
    });
  };
  const notifier = new MemoryNotifier(repositories.users);
  const keepSorted = createKeepSortedService(
    { repositories: stores, sortRuns },
    {
      library: { syncLibrary },
      notifier,
      retrain: async () => undefined,
    },
  );
  return {
    repositories,
    spotify,
    sortRuns,
    keepSorted,
    notifier,
    layer,
    sublists,
    tracks,
    budget,
    failRecords: (count, error, after = 0) => {
      recordsFailing = count;
      recordsPassing = after;
      recordError = error;
    },
  };
};

/**
 * Checks that the bot's writes now in the sublists (at least one) give the next sync no hand edit
 * and no label of their songs.
 */
export const expectNextSyncTakesNoOwnWrite = async (sync: OwnWritesSync, userId: string): Promise<void> => {
  const { repositories, spotify, keepSorted, layer, sublists } = sync;
  const written = sublists.flatMap((s) => spotify.items(s.playlistId));
  expect(written.length).toBeGreaterThan(0);

  const report = await keepSorted.syncUser(userId);

  expect(report.layers[0]).toMatchObject({ handEdits: 0, labelsFromHandEdits: 0 });
  expect(await repositories.handEdits.listFor(layer.id)).toEqual([]);
  expect((await repositories.labels.listFor(layer.id)).filter((l) => written.includes(l.trackId))).toEqual(
    [],
  );
};
