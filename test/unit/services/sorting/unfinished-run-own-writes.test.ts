import { beforeEach, describe, expect, it } from 'vitest';
import type { Sublist } from '../../../../src/core/layer-records.js';
import type { SortRun } from '../../../../src/core/run-records.js';
import type { DmMessage } from '../../../../src/services/ports/notifier.js';
import type { RunSummary } from '../../../../src/services/sorting/run-summary.js';
import { ownWritesSync, type OwnWritesSync } from '../../../support/own-writes-sync.js';

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

  /** The layer's hand edits, without when they were found. */
  const handEdits = async () =>
    (await sync.repositories.handEdits.listFor(sync.layer.id)).map(({ detectedAt: _at, ...edit }) => edit);

  /** A sync run places five songs, all written and recorded; the first song it put in rock. */
  const sortedFirstInRock = async (): Promise<string> => {
    const { spotify, sortRuns, layer, sublists, tracks } = sync;
    const sorted = tracks.slice(0, 5).map((t) => t.id);
    await sortRuns.sortNewTracks(USER, layer, sorted, new Set());
    return spotify.items((sublists[0] as Sublist).playlistId)[0] as string;
  };

  /** The user takes `song` out of the playlist by hand. */
  const takeOutByHand = (playlistId: string, song: string) =>
    sync.spotify.set(
      playlistId,
      sync.spotify.items(playlistId).filter((id) => id !== song),
    );

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

  /** A write of an unfinished run the user reversed by hand: `song` ends `inRock` or not, `edit` is the user's. */
  interface Reversal {
    rock: Sublist;
    song: string;
    inRock: boolean;
    edit: { layerId: string; sublistId: string; trackId: string; action: 'add' | 'remove' }[];
    /** The run that wrote it. */
    run: SortRun;
  }

  /**
   * The run's first write reaches Spotify and its record fails; a sync Spotify fails the finishing
   * of reads the sublist with the song as it is on Spotify; then the user takes the song out by hand.
   */
  const writtenThenTakenOutByHand = async (options: { dm?: boolean } = {}): Promise<Reversal> => {
    const { repositories, spotify, sortRuns, keepSorted, layer, sublists, tracks } = sync;
    const [rock] = sublists as [Sublist, Sublist, Sublist];
    sync.failRecords(1, deadlock);
    const sorted = tracks.slice(0, 5).map((t) => t.id);
    await expect(sortRuns.sortNewTracks(USER, layer, sorted, new Set(), undefined, options)).rejects.toThrow(
      /deadlock/,
    );
    const [run] = (await repositories.runs.unfinishedFor(layer.id)) as [SortRun];
    const [song] = spotify.items(rock.playlistId) as [string];
    writerFault = spotifyDown;
    await expect(keepSorted.syncUser(USER)).rejects.toThrow(/503/);
    takeOutByHand(rock.playlistId, song);
    const edit = [{ layerId: layer.id, sublistId: rock.id, trackId: song, action: 'remove' as const }];
    return { rock, song, inRock: false, edit, run };
  };

  /**
   * A sync run places the songs; an /undo of it takes the first one out of its sublist and the
   * record of that fails; a sync Spotify fails the finishing of reads the sublist without it; then
   * the user puts the song back by hand.
   */
  const takenOutThenPutBackByHand = async (): Promise<Reversal> => {
    const { repositories, spotify, sortRuns, keepSorted, layer, sublists } = sync;
    const [rock] = sublists as [Sublist, Sublist, Sublist];
    const song = await sortedFirstInRock();
    sync.failRecords(1, deadlock);
    await expect(sortRuns.undoLast(USER, layer)).rejects.toThrow(/deadlock/);
    const [run] = (await repositories.runs.unfinishedFor(layer.id)) as [SortRun];
    expect(spotify.items(rock.playlistId)).not.toContain(song);
    writerFault = spotifyDown;
    await expect(keepSorted.syncUser(USER)).rejects.toThrow(/503/);
    spotify.set(rock.playlistId, [...spotify.items(rock.playlistId), song]);
    const edit = [{ layerId: layer.id, sublistId: rock.id, trackId: song, action: 'add' as const }];
    return { rock, song, inRock: true, edit, run };
  };

  const reversals = [
    {
      what: 'a song the user took out by hand of a sublist the run had written it to',
      reverse: () => writtenThenTakenOutByHand(),
      answer: { answersFromHandRemovals: 1 },
    },
    {
      what: 'a song the user put back by hand into a sublist an undo had taken it out of',
      reverse: takenOutThenPutBackByHand,
      answer: { labelsFromHandEdits: 1 },
    },
  ];

  it.each(reversals)(
    'leaves as the user left it $what, and takes that as an answer',
    async ({ reverse, answer }) => {
      const { repositories, spotify, keepSorted, layer } = sync;
      const { rock, song, inRock, edit } = await reverse();

      writerFault = undefined;
      const report = await keepSorted.syncUser(USER);

      expect(spotify.items(rock.playlistId).includes(song)).toBe(inRock);
      expect(await repositories.runs.unfinishedFor(layer.id)).toEqual([]);
      expect(report.layers[0]).toMatchObject({ handEdits: 1, ...answer });
      expect(await handEdits()).toEqual(edit);
    },
  );

  it.each(reversals)(
    'leaves as the user left it $what once a sync recorded that hand edit while it could not finish the run',
    async ({ reverse }) => {
      const { repositories, spotify, keepSorted, layer } = sync;
      const { rock, song, inRock, edit } = await reverse();
      // Spotify still fails the finishing: this sync records the edit and stores the sublist as the user left it.
      await expect(keepSorted.syncUser(USER)).rejects.toThrow(/503/);
      expect(await handEdits()).toEqual(edit);

      writerFault = undefined;
      const report = await keepSorted.syncUser(USER);

      expect(spotify.items(rock.playlistId).includes(song)).toBe(inRock);
      expect(await repositories.runs.unfinishedFor(layer.id)).toEqual([]);
      expect(report.layers[0]).toMatchObject({ handEdits: 0 });
      expect(await handEdits()).toEqual(edit);
    },
  );

  it('does not say it placed the song the user took out by hand: its summary and new-songs DM count it nowhere', async () => {
    const { repositories, spotify, keepSorted, notifier, layer, sublists } = sync;
    const { rock, song } = await writtenThenTakenOutByHand({ dm: true });

    writerFault = undefined;
    await keepSorted.syncUser(USER);

    const summary = (await repositories.runs.lastSyncEnded(layer.id))?.summary as RunSummary;
    expect(summary.placed.map((p) => p.trackId)).not.toContain(song);
    expect(summary.placed).toHaveLength(5);
    const counts = summary.perSublist.find((s) => s.sublistId === rock.id);
    expect(counts).toMatchObject({ added: 1, total: spotify.items(rock.playlistId).length });
    expect(summary.confidence).toMatchObject({ placed: 5 });
    expect(summary.heldBack).toBe(1);
    const dms = notifier.sent.map((d) => d.message).filter((m) => m.kind === 'new-songs');
    expect(dms).toHaveLength(1);
    const [dm] = dms as [Extract<DmMessage, { kind: 'new-songs' }>];
    expect(dm.tracks?.map((t) => t.trackId)).not.toContain(song);
    expect(dm.placements.find((p) => p.sublistName === rock.name)?.trackNames).toHaveLength(1);
    expect(dm.placements.flatMap((p) => p.trackNames)).toHaveLength(5);
    expect(sublists.flatMap((s) => spotify.items(s.playlistId))).toHaveLength(5);
  });

  it('does not count as its own a removal the user took back by hand: the undo, finished, says it removed one song fewer', async () => {
    const { repositories, spotify, keepSorted, layer } = sync;
    const { rock, run } = await takenOutThenPutBackByHand();
    const before = spotify.items(rock.playlistId).length;

    writerFault = undefined;
    await keepSorted.syncUser(USER);

    const summary = (await repositories.runs.byId(run.id))?.summary as RunSummary;
    expect(summary.perSublist.find((s) => s.sublistId === rock.id)).toMatchObject({
      added: 0,
      removed: 1,
      total: before,
    });
    expect(summary.heldBack).toBe(1);
    const reverted = (await repositories.runs.lastSyncEnded(layer.id)) as { undoneAt: Date | null };
    expect(reverted.undoneAt).not.toBeNull();
  });

  it('an undo does not put back again a song the user took out by hand of the sublist it had put it back into', async () => {
    const { repositories, spotify, sortRuns, keepSorted, layer, sublists } = sync;
    const [rock] = sublists as [Sublist, Sublist, Sublist];
    const departed = await sortedFirstInRock();
    // A sync run takes out a song that left the motherlist; /undo puts it back, and the record of that fails.
    await sortRuns.sortNewTracks(USER, layer, [], new Set([departed]));
    expect(spotify.items(rock.playlistId)).not.toContain(departed);
    sync.failRecords(1, deadlock);
    await expect(sortRuns.undoLast(USER, layer)).rejects.toThrow(/deadlock/);
    const [undo] = (await repositories.runs.unfinishedFor(layer.id)) as [SortRun];
    expect(spotify.items(rock.playlistId)).toContain(departed);
    writerFault = spotifyDown;
    await expect(keepSorted.syncUser(USER)).rejects.toThrow(/503/);
    takeOutByHand(rock.playlistId, departed);

    writerFault = undefined;
    await keepSorted.syncUser(USER);

    expect(spotify.items(rock.playlistId)).not.toContain(departed);
    expect(await repositories.runs.unfinishedFor(layer.id)).toEqual([]);
    const summary = (await repositories.runs.byId(undo.id))?.summary as RunSummary;
    expect(summary.perSublist.find((s) => s.sublistId === rock.id)).toMatchObject({
      added: 0,
      total: spotify.items(rock.playlistId).length,
    });
    expect(summary.reversedByHand).toEqual([{ trackId: departed, sublistId: rock.id, action: 'add' }]);
    expect(await handEdits()).toEqual([
      { layerId: layer.id, sublistId: rock.id, trackId: departed, action: 'remove' },
    ]);
  });

  it('a correction does not store as the answer the sublist the user took the song out of by hand since it wrote it there', async () => {
    const { repositories, spotify, sortRuns, keepSorted, layer, sublists } = sync;
    const [, jazz] = sublists as [Sublist, Sublist, Sublist];
    const moved = await sortedFirstInRock();
    // The correction writes the song to jazz (before it takes it out of rock), whose record fails.
    sync.failRecords(1, deadlock);
    await expect(sortRuns.correctPlacement(USER, layer.id, moved, [jazz.id])).rejects.toThrow(/deadlock/);
    expect(spotify.items(jazz.playlistId)).toContain(moved);
    writerFault = spotifyDown;
    await expect(keepSorted.syncUser(USER)).rejects.toThrow(/503/);
    takeOutByHand(jazz.playlistId, moved);
    // A sync records the removal while Spotify still fails the finishing.
    await expect(keepSorted.syncUser(USER)).rejects.toThrow(/503/);

    writerFault = undefined;
    await keepSorted.syncUser(USER);

    expect(spotify.items(jazz.playlistId)).not.toContain(moved);
    expect(await repositories.runs.unfinishedFor(layer.id)).toEqual([]);
    expect((await repositories.labels.get(layer.id, moved))?.sublistIds ?? []).not.toContain(jazz.id);
    expect(await handEdits()).toContainEqual({
      layerId: layer.id,
      sublistId: jazz.id,
      trackId: moved,
      action: 'remove',
    });
  });
});
