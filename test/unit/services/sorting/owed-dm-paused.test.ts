import { beforeEach, describe, expect, it } from 'vitest';
import type { Layer, Sublist } from '../../../../src/core/layer-records.js';
import { DM_OWED_FOR_MS } from '../../../../src/core/run-records.js';
import { createKeepSortedService, createSortRunService } from '../../../../src/composition/sorting.js';
import type { SortRunService } from '../../../../src/services/sorting/sort-run.service.js';
import { SpotifyQuotaError } from '../../../../src/services/spotify-errors.js';
import type { KeepSortedService } from '../../../../src/services/sync/keep-sorted.service.js';
import { faultyWriter } from '../../../support/faulty-writer.js';
import { createMemoryRepositories, type MemoryRepositories } from '../../../support/memory-repositories.js';
import { MemoryNotifier } from '../../../support/memory-notifier.js';
import { MemoryPlaylists } from '../../../support/memory-playlists.js';
import { MemoryRunLocks } from '../../../support/memory-run-locks.js';
import { genrePredictions, seedGenreLayerIn, type FixtureTrack } from '../../../support/sort-fixtures.js';

const USER = 'user-owed-dm-paused';

/**
 * Discord refused a DM, so the notifier tries none for a day (`suppressed`). A summary owed
 * meanwhile (a sync's new songs, a held /sort's or /undo's) stays owed without using up its tries,
 * and goes out at the first pass after DMs work again (Try a DM); one owed too long is given up.
 */
describe('a DM owed while DMs are held back after a refusal', () => {
  let repositories: MemoryRepositories;
  let spotify: MemoryPlaylists;
  let notifier: MemoryNotifier;
  let sortRuns: SortRunService;
  let keepSorted: KeepSortedService;
  let layer: Layer;
  let sublists: Sublist[];
  let tracks: FixtureTrack[];
  /** Set: Spotify's limit stops every write. */
  let blocked = false;
  let clock = Date.parse('2031-05-01T12:00:00Z');
  const now = () => new Date(clock);
  const minutesLater = (minutes: number) => {
    clock += minutes * 60_000;
  };

  /** Discord refuses a DM now (the user closed DMs): the notifier records it and holds DMs back. */
  const closeDms = async () => {
    notifier.closed.add(USER);
    await repositories.users.recordFailure(
      USER,
      'Discord error 50007: Cannot send messages to this user',
      now(),
    );
  };
  /** The user opens DMs and presses Try a DM, which is delivered and clears the refusal. */
  const openDms = async () => {
    notifier.closed.delete(USER);
    await repositories.users.clearFailure(USER);
  };
  const dmsOf = (kind: string) => notifier.to(USER).filter((dm) => dm.kind === kind);
  /** The summary was dropped, /status counts it, and DMs working again do not bring it back. */
  const expectDroppedForGood = async () => {
    expect(await repositories.runs.droppedDmsSince(USER, new Date(clock - DM_OWED_FOR_MS))).toBe(1);
    await openDms();
    await keepSorted.syncUser(USER);
    expect(dmsOf('new-songs')).toHaveLength(0);
  };

  beforeEach(async () => {
    repositories = createMemoryRepositories(now);
    spotify = new MemoryPlaylists();
    notifier = new MemoryNotifier(repositories.users, now);
    blocked = false;
    const until = new Date('2031-06-01T00:00:00Z');
    const writer = faultyWriter(spotify, (call) =>
      blocked && (call === 'addTracks' || call === 'removeTracks') ? new SpotifyQuotaError(until) : undefined,
    );
    ({ layer, sublists, tracks } = await seedGenreLayerIn(repositories, USER, { count: 6, prefix: 'od' }));
    sortRuns = createSortRunService(
      repositories,
      new MemoryRunLocks(),
      { predictions: async () => genrePredictions(tracks, sublists, 0.99), weakness: async () => undefined },
      { writer, notifier, now },
    );
    keepSorted = createKeepSortedService(
      { repositories, sortRuns },
      {
        library: { syncLibrary: async () => undefined },
        notifier,
        retrain: async () => undefined,
        now,
      },
    );
  });

  /** A sync run that placed the new likes and owes their DM (as a sync journals it). */
  const syncRunOwingDm = async () => {
    const result = await sortRuns.sortNewTracks(
      USER,
      layer,
      tracks.map((t) => t.id),
      new Set(),
      undefined,
      { dm: true },
    );
    return result?.run.id as string;
  };

  it('a sync’s new-songs DM stays owed through the pause, its tries untouched, and goes out at the first sync after Try a DM', async () => {
    await closeDms();
    minutesLater(1);
    const runId = await syncRunOwingDm();
    // More syncs than a DM has tries, all within the pause: nothing sent, nothing given up.
    for (let sync = 0; sync < 8; sync++) {
      await keepSorted.syncUser(USER);
      minutesLater(10);
    }
    expect(dmsOf('new-songs')).toHaveLength(0);
    expect(await repositories.runs.byId(runId)).toMatchObject({ dmPending: true, dmSentAt: null });

    await openDms();
    const report = await keepSorted.syncUser(USER);
    expect(report.layers[0]).toMatchObject({ dm: true });
    expect(dmsOf('new-songs')).toEqual([expect.objectContaining({ runId })]);
    expect(await repositories.runs.byId(runId)).toMatchObject({ dmPending: false, dmSentAt: now() });
    await keepSorted.syncUser(USER);
    expect(dmsOf('new-songs')).toHaveLength(1);
  });

  it('a DM Discord itself refuses is not owed any more', async () => {
    notifier.closed.add(USER);
    const runId = await syncRunOwingDm();
    await keepSorted.syncUser(USER);
    expect(await repositories.runs.byId(runId)).toMatchObject({ dmPending: false, dmSentAt: null });
    // Never delivered: /status counts it.
    await expectDroppedForGood();
  });

  it('a DM held back longer than DM_OWED_FOR_MS is given up, not piled up for ever', async () => {
    await closeDms();
    const runId = await syncRunOwingDm();
    await keepSorted.syncUser(USER);
    expect(await repositories.runs.byId(runId)).toMatchObject({ dmPending: true });
    // Still closed: each day's try is refused again, and the pause starts over.
    clock += DM_OWED_FOR_MS + 60_000;
    await closeDms();
    await keepSorted.syncUser(USER);
    expect(await repositories.runs.byId(runId)).toMatchObject({ dmPending: false, dmSentAt: null });
    await expectDroppedForGood();
  });

  it('a /sort held back by Spotify’s limit and applied during the pause is told at the first pass after Try a DM', async () => {
    await closeDms();
    blocked = true;
    await expect(sortRuns.sort(USER, layer, { dryRun: false, everything: true })).rejects.toMatchObject({
      code: 'sort-postponed',
    });
    blocked = false;
    await sortRuns.finishUnfinished(USER, layer.id);
    const run = await repositories.runs.lastSort(layer.id);
    expect(run).toMatchObject({ status: 'done', dmPending: true });
    for (let pass = 0; pass < 8; pass++) {
      minutesLater(10);
      await sortRuns.finishUnfinished(USER, layer.id);
    }
    expect(dmsOf('sort-applied')).toHaveLength(0);

    await openDms();
    await sortRuns.finishUnfinished(USER, layer.id);
    expect(dmsOf('sort-applied')).toEqual([
      expect.objectContaining({ outcome: expect.objectContaining({ runId: run?.id }) }),
    ]);
    expect(await repositories.runs.byId(run?.id as string)).toMatchObject({ dmPending: false });
  });

  it('an /undo held back by Spotify’s limit and finished during the pause is told at the first pass after Try a DM', async () => {
    await sortRuns.sort(USER, layer, { dryRun: false, everything: true });
    await closeDms();
    blocked = true;
    await expect(sortRuns.undoLast(USER, layer)).rejects.toMatchObject({
      problem: { code: 'undo-postponed' },
    });
    blocked = false;
    await sortRuns.finishUnfinished(USER, layer.id);
    minutesLater(10);
    await sortRuns.finishUnfinished(USER, layer.id);
    expect(dmsOf('undo-finished')).toHaveLength(0);

    await openDms();
    await sortRuns.finishUnfinished(USER, layer.id);
    expect(dmsOf('undo-finished')).toHaveLength(1);
    await sortRuns.finishUnfinished(USER, layer.id);
    await sortRuns.resumeAll();
    expect(dmsOf('undo-finished')).toHaveLength(1);
  });
});
