import { beforeEach, describe, expect, it } from 'vitest';
import { RunFailedError } from '../../../../src/services/errors.js';
import { RUN_APPLY_TRIES } from '../../../../src/services/sorting/run-applier.js';
import {
  expectNextSyncTakesNoOwnWrite,
  ownWritesSync,
  type OwnWritesSync,
} from '../../../support/own-writes-sync.js';

const USER = 'user-run-end-own-writes';

/**
 * A run whose record of its own Spotify write (`contents.recordWrite`) fails, and which then ends
 * failed: the next sync reads the playlist and must not take the bot's write for a hand edit.
 */
describe('a run that ends with a write it could not record', () => {
  let sync: OwnWritesSync;
  /** Throws at Spotify's adds while it is set. */
  let writeFault: (() => unknown) | undefined;

  beforeEach(async () => {
    writeFault = undefined;
    sync = await ownWritesSync(USER, 'ow', (call) => (call === 'addTracks' ? writeFault?.() : undefined));
  });

  it('is not taken by the next sync for a hand edit: no hand label where the model put the songs', async () => {
    const { sortRuns, layer, tracks } = sync;
    const likes = tracks.map((t) => t.id);
    // Tries before the last fail at Spotify; the last one writes, and its record fails.
    writeFault = () => new TypeError('a bug');
    await expect(sortRuns.sortNewTracks(USER, layer, likes, new Set())).rejects.toThrow(/a bug/);
    for (let tried = 2; tried < RUN_APPLY_TRIES; tried++)
      await expect(sortRuns.finishUnfinished(USER, layer.id)).rejects.toThrow(/a bug/);
    writeFault = undefined;
    // A hiccup of the database.
    sync.failRecords(1, () => new TypeError('the record of the write is refused'));
    await expect(sortRuns.finishUnfinished(USER, layer.id)).rejects.toBeInstanceOf(RunFailedError);

    await expectNextSyncTakesNoOwnWrite(sync, USER);
  });
});
