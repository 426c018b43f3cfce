import { beforeEach, describe, expect, it } from 'vitest';
import type { Sublist } from '../../../../src/core/layer-records.js';
import { RunFailedError } from '../../../../src/services/errors.js';
import { RUN_APPLY_TRIES } from '../../../../src/services/sorting/run-applier.js';
import {
  expectNextSyncTakesNoOwnWrite,
  ownWritesSync,
  type OwnWritesSync,
} from '../../../support/own-writes-sync.js';

const USER = 'user-unrecorded-own-writes';

/** The database refuses the record of the bot's writes (`contents.recordWrite`) for good. */
const refusedForGood = () => new TypeError('the record of the write is refused');

/**
 * A run whose every record of its Spotify writes fails, on every try and at its end too: the run
 * ends failed with its writes made in Spotify and in no stored contents. Its journal says which
 * writes Spotify took, so the next sync does not take them for the user's hand edits.
 */
describe('a run whose writes can never be recorded', () => {
  let sync: OwnWritesSync;

  beforeEach(async () => {
    sync = await ownWritesSync(USER, 'nr', () => undefined);
  });

  const handLabels = async () =>
    (await sync.repositories.labels.listFor(sync.layer.id))
      .filter((l) => l.source === 'hand-edit')
      .map((l) => [l.trackId, l.sublistIds]);

  /** Sorts these new likes with every record refused: each try fails, the last one ends the run failed. */
  const sortEndingUnrecorded = async (trackIds: readonly string[]) => {
    const { sortRuns, layer } = sync;
    sync.failRecords(1000, refusedForGood);
    await expect(sortRuns.sortNewTracks(USER, layer, trackIds, new Set())).rejects.toThrow(/refused/);
    for (let tried = 2; tried < RUN_APPLY_TRIES; tried++)
      await expect(sortRuns.finishUnfinished(USER, layer.id)).rejects.toThrow(/refused/);
    await expect(sortRuns.finishUnfinished(USER, layer.id)).rejects.toBeInstanceOf(RunFailedError);
  };

  it('gives the next sync no hand edit of its writes, and the user’s own edits after still count', async () => {
    const { spotify, keepSorted, sublists, tracks } = sync;
    const [rock] = sublists as [Sublist, Sublist, Sublist];
    await sortEndingUnrecorded(tracks.slice(0, 5).map((t) => t.id));

    await expectNextSyncTakesNoOwnWrite(sync, USER);

    // Once a sync has stored the playlists as they are, a change the user makes is theirs, even
    // the very one the run made: the song taken out by hand, then put back.
    const [song] = spotify.items(rock.playlistId) as [string];
    const rockNow = spotify.items(rock.playlistId);
    spotify.set(
      rock.playlistId,
      rockNow.filter((id) => id !== song),
    );
    await keepSorted.syncUser(USER);
    spotify.set(rock.playlistId, rockNow);
    await keepSorted.syncUser(USER);

    expect(await handLabels()).toEqual([[song, [rock.id]]]);
  });

  it('keeps its notes through a sync that read no playlist (the budget spent): the sync after takes no hand edit', async () => {
    const { repositories, keepSorted, layer, tracks } = sync;
    await sortEndingUnrecorded(tracks.slice(0, 5).map((t) => t.id));
    const notes = await repositories.steps.unrecordedFor(layer.id);
    expect(notes.length).toBeGreaterThan(0);

    sync.budget.playlistsSkipped = true;
    await keepSorted.syncUser(USER);
    expect(await repositories.steps.unrecordedFor(layer.id)).toEqual(notes);

    sync.budget.playlistsSkipped = false;
    await expectNextSyncTakesNoOwnWrite(sync, USER);
  });

  it('leaves no note behind on the playlist of a sublist removed since: the next sync clears them all', async () => {
    const { repositories, sortRuns, keepSorted, layer, sublists, tracks } = sync;
    const [rock] = sublists as [Sublist, Sublist, Sublist];
    await sortEndingUnrecorded(tracks.slice(0, 5).map((t) => t.id));
    sync.failRecords(0, refusedForGood);
    expect((await repositories.steps.unrecordedFor(layer.id)).map((s) => s.playlistId)).toContain(
      rock.playlistId,
    );

    // `/sublist remove rock`: its playlist stays in Spotify, behind no sublist of the user's.
    await repositories.labels.forgetSublist(layer.id, rock.id, { keepVoid: false });
    await repositories.sublists.delete(rock.id);
    await keepSorted.syncUser(USER);

    expect(await repositories.steps.unrecordedFor(layer.id)).toEqual([]);
    expect(await sortRuns.pendingWrites(layer.id)).toEqual([]);
  });
});
