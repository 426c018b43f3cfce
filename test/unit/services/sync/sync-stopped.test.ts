import { describe, expect, it } from 'vitest';
import { createKeepSortedService } from '../../../../src/composition/sorting.js';
import { RunsStoppedError } from '../../../../src/services/errors.js';
import { ownWritesSync } from '../../../support/own-writes-sync.js';

const USER = 'user-sync-stopped';

/**
 * A sync in a process that stops cleanly (a deploy: SIGTERM) ends at the first run it cannot
 * finish, its work left for the next start: it reads nothing more from Spotify (the stop waits for
 * it), journals nothing more and tells nobody anything.
 */
describe('a sync in a process that stops', () => {
  it('ends at once with the stop, reading no library and telling nobody', async () => {
    const sync = await ownWritesSync(USER, 'ss', () => undefined);
    const { repositories, sortRuns, layer, notifier } = sync;
    // A /sort journaled and not applied yet: the sync finishes it first.
    const journaled = await sortRuns.sortLayer(USER, layer, { dryRun: false, defer: true });
    let libraryReads = 0;
    const keepSorted = createKeepSortedService(
      { repositories, sortRuns },
      {
        library: {
          syncLibrary: async () => {
            libraryReads++;
          },
        },
        notifier,
        retrain: async () => undefined,
      },
    );
    await sortRuns.stop(0);

    await expect(keepSorted.syncUser(USER)).rejects.toBeInstanceOf(RunsStoppedError);

    expect(libraryReads).toBe(0);
    expect((await repositories.runs.unfinishedFor(layer.id)).map((run) => run.id)).toEqual([
      journaled.run.id,
    ]);
    expect(notifier.to(USER)).toEqual([]);
  });
});
