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

  /**
   * The run's first write reaches Spotify and its record fails; a sync Spotify fails the finishing
   * of reads the sublist with the song as it is on Spotify; then the user takes the song out by hand.
   */
  const writtenThenTakenOutByHand = async () => {
    const { repositories, spotify, sortRuns, keepSorted, layer, sublists, tracks } = sync;
    const [rock] = sublists as [Sublist, Sublist, Sublist];
    sync.failRecords(1, deadlock);
    const sorted = tracks.slice(0, 5).map((t) => t.id);
    await expect(sortRuns.sortNewTracks(USER, layer, sorted, new Set())).rejects.toThrow(/deadlock/);
    const [takenOut] = spotify.items(rock.playlistId) as [string];
    writerFault = spotifyDown;
    await expect(keepSorted.syncUser(USER)).rejects.toThrow(/503/);
    spotify.set(
      rock.playlistId,
      spotify.items(rock.playlistId).filter((id) => id !== takenOut),
    );
    return {
      rock,
      takenOut,
      removal: [{ layerId: layer.id, sublistId: rock.id, trackId: takenOut, action: 'remove' }],
      handEdits: async () =>
        (await repositories.handEdits.listFor(layer.id)).map(({ detectedAt: _at, ...edit }) => edit),
    };
  };

  it('leaves out a song the user took out by hand of a sublist the run had written it to, and takes that as an answer', async () => {
    const { repositories, spotify, keepSorted, layer } = sync;
    const { rock, takenOut, removal, handEdits } = await writtenThenTakenOutByHand();

    writerFault = undefined;
    const report = await keepSorted.syncUser(USER);

    expect(spotify.items(rock.playlistId)).not.toContain(takenOut);
    expect(await repositories.runs.unfinishedFor(layer.id)).toEqual([]);
    expect(report.layers[0]).toMatchObject({ handEdits: 1, answersFromHandRemovals: 1 });
    expect(await handEdits()).toEqual(removal);
  });

  it('does not write again a song whose removal by hand a sync recorded while it could not finish the run', async () => {
    const { repositories, spotify, keepSorted, layer } = sync;
    const { rock, takenOut, removal, handEdits } = await writtenThenTakenOutByHand();
    // Spotify still fails the finishing: this sync records the removal and stores the sublist without the song.
    await expect(keepSorted.syncUser(USER)).rejects.toThrow(/503/);
    expect(await handEdits()).toEqual(removal);

    writerFault = undefined;
    const report = await keepSorted.syncUser(USER);

    expect(spotify.items(rock.playlistId)).not.toContain(takenOut);
    expect(await repositories.runs.unfinishedFor(layer.id)).toEqual([]);
    expect(report.layers[0]).toMatchObject({ handEdits: 0 });
    expect(await handEdits()).toEqual(removal);
  });
});
