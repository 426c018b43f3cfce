import { beforeEach, describe, expect, it } from 'vitest';
import type { Sublist } from '../../../src/core/layer-records.js';
import { ownWritesSync, type OwnWritesSync } from '../../support/own-writes-sync.js';

const USER = 'user-unfinished-run-own-writes';

const spotifyDown = () => Object.assign(new Error('Spotify answered 503'), { status: 503 });
const deadlock = () => Object.assign(new Error('deadlock detected'), { retryable: true });

/**
 * A run cut short after Spotify took a write whose record (`contents.recordWrite`) failed, still
 * unfinished when a sync cannot finish it either: that sync reads the playlists all the same and
 * must not take the bot's write for a hand edit, while the user's own edits still count.
 */
describe('a sync while a run with an unrecorded write is unfinished', () => {
  let sync: OwnWritesSync;
  /** Throws at every call of the bot's Spotify writer while it is set. */
  let writerFault: (() => unknown) | undefined;

  beforeEach(async () => {
    writerFault = undefined;
    sync = await ownWritesSync(USER, 'ur', () => writerFault?.());
  });

  it('takes none of its writes for hand edits, and the user’s own edit counts', async () => {
    const { repositories, spotify, sortRuns, keepSorted, layer, sublists, tracks } = sync;
    const [rock, jazz] = sublists as [Sublist, Sublist, Sublist];
    const sorted = tracks.slice(0, 5).map((t) => t.id);
    const byHand = tracks[5]?.id as string;
    // The first write reaches Spotify, its record fails: the run stays unfinished.
    sync.failRecords(1, deadlock);
    await expect(sortRuns.sortNewTracks(USER, layer, sorted, new Set())).rejects.toThrow(/deadlock/);
    const written = spotify.items(rock.playlistId);
    expect(written.length).toBeGreaterThan(0);
    // Meanwhile the user puts a song into a sublist by hand.
    spotify.set(jazz.playlistId, [...spotify.items(jazz.playlistId), byHand]);

    // Spotify fails the finishing of the run; the sync reads the playlists all the same.
    writerFault = spotifyDown;
    await expect(keepSorted.syncUser(USER)).rejects.toThrow(/503/);

    const ownEdit = [{ layerId: layer.id, sublistId: jazz.id, trackId: byHand, action: 'add' }];
    const handEdits = async () =>
      (await repositories.handEdits.listFor(layer.id)).map(({ detectedAt: _at, ...edit }) => edit);
    const handLabels = async () =>
      (await repositories.labels.listFor(layer.id))
        .filter((l) => l.source === 'hand-edit')
        .map((l) => [l.trackId, l.sublistIds]);
    expect(await handEdits()).toEqual(ownEdit);
    expect(await handLabels()).toEqual([[byHand, [jazz.id]]]);

    // Spotify back: the next sync finishes the run and still finds no hand edit of it.
    writerFault = undefined;
    const report = await keepSorted.syncUser(USER);

    expect(report.layers[0]).toMatchObject({ handEdits: 0, labelsFromHandEdits: 0 });
    expect(sublists.flatMap((s) => spotify.items(s.playlistId)).sort()).toEqual([...sorted, byHand].sort());
    expect(await repositories.runs.unfinishedFor(layer.id)).toEqual([]);
    expect(await handEdits()).toEqual(ownEdit);
    expect(await handLabels()).toEqual([[byHand, [jazz.id]]]);
  });
});
