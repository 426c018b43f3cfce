import { beforeAll, describe, expect, it } from 'vitest';
import type { Layer, Sublist } from '../../../../src/core/layer-records.js';
import type { DmMessage } from '../../../../src/services/ports/notifier.js';
import type { PlaylistWriter } from '../../../../src/services/ports/sort-run.ports.js';
import type { SortRunService } from '../../../../src/services/sorting/sort-run.service.js';
import { createSortRunService } from '../../../../src/composition/sorting.js';
import type { RunSummary } from '../../../../src/services/sorting/run-summary.js';
import { SpotifyQuotaError } from '../../../../src/services/spotify-errors.js';
import { createMemoryRepositories } from '../../../support/memory-repositories.js';
import { MemoryNotifier } from '../../../support/memory-notifier.js';
import { MemoryPlaylists } from '../../../support/memory-playlists.js';
import { MemoryRunLocks } from '../../../support/memory-run-locks.js';
import { genrePredictions, seedGenreLayerIn, type FixtureTrack } from '../../../support/sort-fixtures.js';

const USER = 'user-postponed';
const UNTIL = new Date('2031-03-02T04:00:00Z');

/**
 * The Spotify writes of the in-memory playlists, refused with QUOTA_EXCEEDED (as the Spotify
 * session maps a stored block) once `writesBeforeBlock` more writes went through, until lifted.
 */
class BlockablePlaylists implements PlaylistWriter {
  writesBeforeBlock: number | undefined;
  /** Thrown at every write while set (Spotify refusing them for good). */
  refusal: Error | undefined;
  constructor(readonly spotify: MemoryPlaylists) {}
  private gate(): void {
    if (this.refusal) throw this.refusal;
    if (this.writesBeforeBlock === undefined) return;
    if (this.writesBeforeBlock <= 0) throw new SpotifyQuotaError(UNTIL);
    this.writesBeforeBlock--;
  }
  addTracks(userId: string, playlistId: string, trackIds: readonly string[]) {
    this.gate();
    return this.spotify.addTracks(userId, playlistId, trackIds);
  }
  removeTracks(userId: string, playlistId: string, trackIds: readonly string[]) {
    this.gate();
    return this.spotify.removeTracks(userId, playlistId, trackIds);
  }
  trackIds(userId: string, playlistId: string) {
    return this.spotify.trackIds(userId, playlistId);
  }
  snapshotId(userId: string, playlistId: string) {
    return this.spotify.snapshotId(userId, playlistId);
  }
}

/** `/sort` while Spotify's daily limit holds the bot's requests back: postponed, told, applied later, summarised by DM. */
describe('a /sort that meets Spotify’s limit', () => {
  const repositories = createMemoryRepositories();
  const spotify = new MemoryPlaylists();
  const writer = new BlockablePlaylists(spotify);
  const notifier = new MemoryNotifier(repositories.users);
  let service: SortRunService;
  let layer: Layer;
  let sublists: Sublist[];
  let tracks: FixtureTrack[];
  const sortDms = () =>
    notifier.sent.flatMap((s) =>
      s.message.kind === 'sort-applied' ? [s.message as Extract<DmMessage, { kind: 'sort-applied' }>] : [],
    );
  /** The stand-in model: genre k -> sublist k, sure of everything. */
  const predictions = async () => genrePredictions(tracks, sublists, 0.99);
  /** The service's clock: the system's until a test moves it on (the waits between a DM's tries). */
  let clock = Date.now();
  const minutesLater = (minutes: number) => {
    clock += minutes * 60_000;
  };
  const playlist = (k: number) => spotify.items(sublists[k]?.playlistId as string);
  const genre = (k: number) => tracks.filter((_, i) => i % 3 === k).map((t) => t.id);

  /** The user emptied rock since, so a /sort writes again: blocked at its first write, then lifted. */
  const postpone = async () => {
    const rock = sublists[0]?.playlistId as string;
    spotify.set(rock, []);
    await repositories.contents.recordWrite(USER, rock, 'remove', genre(0), null);
    writer.writesBeforeBlock = 0;
    await expect(service.sort(USER, layer, { dryRun: false, everything: true })).rejects.toMatchObject({
      code: 'sort-postponed',
    });
    writer.writesBeforeBlock = undefined;
    return (await repositories.runs.lastSort(layer.id))?.id as string;
  };

  beforeAll(async () => {
    // 330 songs: 110 per sublist, two writes each, so that the block can fall between them.
    ({ layer, sublists, tracks } = await seedGenreLayerIn(repositories, USER, { count: 330, prefix: 'pp' }));
    service = createSortRunService(
      repositories,
      new MemoryRunLocks(),
      { predictions, weakness: async () => undefined },
      { writer, notifier, now: () => new Date(clock) },
    );
  });

  it('answers that the sort is saved and applied when the limit lifts, and sends nothing meanwhile', async () => {
    writer.writesBeforeBlock = 1;
    await expect(service.sort(USER, layer, { dryRun: false, everything: true })).rejects.toMatchObject({
      code: 'sort-postponed',
      problem: { code: 'sort-postponed', until: UNTIL, layerName: 'genres' },
    });
    expect(playlist(0)).toHaveLength(100);
    const run = await repositories.runs.lastSort(layer.id);
    expect(run).toMatchObject({ kind: 'sort', status: 'applying', dmPending: true });
    expect(sortDms()).toHaveLength(0);
    // Still blocked: the next sync's attempt (finishUnfinished) writes nothing and tells nothing.
    await expect(service.finishUnfinished(USER, layer.id)).rejects.toMatchObject({ code: 'spotify-quota' });
    expect(sortDms()).toHaveLength(0);
  });

  it('is applied by the first sync after the block, with nothing twice or lost, and its summary DM names what it placed, once', async () => {
    writer.writesBeforeBlock = undefined;
    await service.finishUnfinished(USER, layer.id);
    for (const k of [0, 1, 2]) expect(playlist(k)).toEqual(genre(k));
    const run = await repositories.runs.lastSort(layer.id);
    expect(run).toMatchObject({ status: 'done', dmPending: false });
    expect(sortDms()).toHaveLength(1);
    const dm = sortDms()[0]!;
    expect(dm.layerName).toBe('genres');
    expect(dm.outcome.runId).toBe(run?.id);
    expect(dm.heldBy).toBe('spotify-limit');
    expect(dm.outcome.perSublist.map((s) => s.added)).toEqual([110, 110, 110]);
    expect(dm.placements.map((p) => p.sublistName)).toEqual(['rock', 'jazz', 'folk']);
    const named = (i: number) => `${tracks[i]?.artist} – ${tracks[i]?.name}`;
    expect(dm.placements[0]?.trackNames).toContain(named(0));
    expect(dm.placements[1]?.trackNames).toContain(named(1));
    await service.finishUnfinished(USER, layer.id);
    await service.resumeAll();
    expect(sortDms()).toHaveLength(1);
  });

  it('a /sort applied at once owes no DM (its answer is the summary)', async () => {
    await service.sort(USER, layer, { dryRun: false, everything: true });
    await service.resumeAll();
    expect(sortDms()).toHaveLength(1);
  });

  it('a summary DM that fails for a passing reason is tried again at the layer’s later passes, further and further apart, five tries at most; a refusal is not tried again', async () => {
    const delivered = sortDms().length;
    const before = notifier.attempts;
    const tries = () => notifier.attempts - before;

    // Discord down while the sync applies it: owed still; a pass right after does not try again,
    // one 10 minutes after the try does, and once Discord is back, the try 20 minutes later delivers it.
    notifier.failing = true;
    const first = await postpone();
    await service.finishUnfinished(USER, layer.id);
    expect([...playlist(0)].sort()).toEqual([...genre(0)].sort());
    expect(await repositories.runs.byId(first)).toMatchObject({ status: 'done', dmPending: true });
    expect(tries()).toBe(1);
    minutesLater(9);
    await service.finishUnfinished(USER, layer.id);
    expect(tries()).toBe(1);
    minutesLater(1);
    await service.finishUnfinished(USER, layer.id);
    expect(tries()).toBe(2);
    notifier.failing = false;
    minutesLater(10);
    await service.finishUnfinished(USER, layer.id);
    expect(tries()).toBe(2);
    expect(await repositories.runs.byId(first)).toMatchObject({ dmPending: true });
    minutesLater(10);
    await service.finishUnfinished(USER, layer.id);
    expect(sortDms()).toHaveLength(delivered + 1);
    expect(sortDms().at(-1)?.outcome.runId).toBe(first);
    minutesLater(60);
    await service.finishUnfinished(USER, layer.id);
    expect(tries()).toBe(3);

    // Discord down for good, a pass every 10 minutes: tries at 0, 10, 30, 70 and 150 minutes, then
    // no longer owed.
    notifier.failing = true;
    const second = await postpone();
    const triedAt: number[] = [];
    for (let minute = 0; minute <= 180; minute += 10) {
      const attempts = notifier.attempts;
      await service.finishUnfinished(USER, layer.id);
      if (notifier.attempts > attempts) triedAt.push(minute);
      minutesLater(10);
    }
    expect(triedAt).toEqual([0, 10, 30, 70, 150]);
    expect(tries()).toBe(3 + 5);
    expect(await repositories.runs.byId(second)).toMatchObject({ dmPending: false, dmSentAt: null });
    notifier.failing = false;

    // DMs closed (Discord 50007): refused once, recorded, never tried again.
    notifier.closed.add(USER);
    const third = await postpone();
    await service.finishUnfinished(USER, layer.id);
    await service.finishUnfinished(USER, layer.id);
    await service.resumeAll();
    expect(tries()).toBe(3 + 5 + 1);
    expect(await repositories.runs.byId(third)).toMatchObject({ dmPending: false, dmSentAt: null });
    expect(sortDms()).toHaveLength(delivered + 1);
  });
  it('a correction that meets the limit keeps the answer with its move, applied and stored by itself when it lifts; one of a song an earlier held run still moves is stored and left to the next /sort', async () => {
    notifier.closed.clear();
    await repositories.users.clearFailure(USER);
    const [a, b] = genre(1);
    const folk = sublists[2]?.id as string;
    // Blocked at the first write: the move is journaled with its answer, stored once it is written.
    writer.writesBeforeBlock = 0;
    const labelBefore = await repositories.labels.get(layer.id, a as string);
    await expect(service.correctPlacement(USER, layer.id, a as string, [folk])).rejects.toMatchObject({
      problem: { code: 'correction-postponed', until: UNTIL, sublistNames: ['folk'], then: 'by-itself' },
    });
    expect(await repositories.labels.get(layer.id, a as string)).toEqual(labelBefore);
    // A second one meanwhile: the first still waits for Spotify, and this one queues behind it.
    await expect(service.correctPlacement(USER, layer.id, b as string, [folk])).rejects.toMatchObject({
      problem: { code: 'correction-postponed', then: 'by-itself' },
    });
    // The first song again, elsewhere: its earlier move is not written yet, so the next /sort places it.
    const rock = sublists[0]?.id as string;
    await expect(service.correctPlacement(USER, layer.id, a as string, [rock])).rejects.toMatchObject({
      problem: { code: 'correction-postponed', then: 'next-sort' },
    });
    expect(await repositories.labels.get(layer.id, a as string)).toMatchObject({ sublistIds: [rock] });
    expect(playlist(2)).not.toContain(a);
    expect(playlist(2)).not.toContain(b);

    writer.writesBeforeBlock = undefined;
    await service.finishUnfinished(USER, layer.id);
    expect(playlist(2)).toEqual(expect.arrayContaining([a, b]));
    expect(playlist(1)).not.toContain(b);
    expect(await repositories.labels.get(layer.id, b as string)).toMatchObject({
      sublistIds: [folk],
      source: 'correction',
    });
    // The held move of the first song does not store its older answer over the newer one.
    expect(await repositories.labels.get(layer.id, a as string)).toMatchObject({ sublistIds: [rock] });
    await service.sort(USER, layer, { dryRun: false });
    expect(playlist(0)).toContain(a);
    expect(playlist(2)).not.toContain(a);
  });

  it('an /undo that meets the limit says so, is finished by the first pass after it, and is told by DM once', async () => {
    const undoDms = () => notifier.sent.filter((s) => s.message.kind === 'undo-finished');
    // A sort that fills rock again (emptied by the bot's own write, so no hand edit).
    const rock = sublists[0]?.playlistId as string;
    spotify.set(rock, []);
    await repositories.contents.recordWrite(USER, rock, 'remove', genre(0), null);
    await service.sort(USER, layer, { dryRun: false, everything: true });
    expect(playlist(0)).toHaveLength(110);
    const sorted = await repositories.runs.lastSort(layer.id);

    // One of the undo's two writes goes through, then the block.
    writer.writesBeforeBlock = 1;
    await expect(service.undoLast(USER, layer)).rejects.toMatchObject({
      problem: { code: 'undo-postponed', until: UNTIL, layerName: 'genres', undid: 'sort' },
    });
    expect(playlist(0).length).toBeGreaterThan(0);
    await expect(service.finishUnfinished(USER, layer.id)).rejects.toMatchObject({ code: 'spotify-quota' });
    expect(undoDms()).toHaveLength(0);

    writer.writesBeforeBlock = undefined;
    await service.finishUnfinished(USER, layer.id);
    expect(playlist(0)).toEqual([]);
    expect(undoDms()).toHaveLength(1);
    const told = undoDms()[0]?.message as Extract<DmMessage, { kind: 'undo-finished' }>;
    expect(told.outcome.undid).toMatchObject({ kind: 'sort', at: sorted?.createdAt });
    // It says what held it back: Spotify's limit, not a restart.
    expect(told.heldBy).toBe('spotify-limit');
    await service.finishUnfinished(USER, layer.id);
    await service.resumeAll();
    expect(undoDms()).toHaveLength(1);
  });
  it('a postponed /sort or /undo that Spotify then refuses for good is told by DM, with its reference, once', async () => {
    const failedDms = () =>
      notifier.sent.flatMap((s) =>
        s.message.kind === 'run-failed' ? [s.message as Extract<DmMessage, { kind: 'run-failed' }>] : [],
      );
    const referenceOf = async (runId: string | undefined) =>
      ((await repositories.runs.byId(runId as string))?.summary as RunSummary).failed?.reference;
    const sort = await repositories.runs.byId(await postpone());
    writer.refusal = Object.assign(new Error('POST answered 403'), { status: 403 });
    await expect(service.finishUnfinished(USER, layer.id)).rejects.toThrow(/403/);
    expect(await repositories.runs.byId(sort?.id as string)).toMatchObject({
      status: 'failed',
      dmPending: false,
    });
    expect(failedDms()).toEqual([
      { kind: 'run-failed', what: 'sort', layerName: 'genres', reference: await referenceOf(sort?.id) },
    ]);

    // An /undo held back, then refused.
    writer.refusal = undefined;
    await service.sort(USER, layer, { dryRun: false, everything: true });
    writer.writesBeforeBlock = 0;
    await expect(service.undoLast(USER, layer)).rejects.toMatchObject({
      problem: { code: 'undo-postponed' },
    });
    const [held] = await repositories.runs.unfinishedFor(layer.id);
    writer.writesBeforeBlock = undefined;
    writer.refusal = Object.assign(new Error('DELETE answered 403'), { status: 403 });
    await expect(service.finishUnfinished(USER, layer.id)).rejects.toThrow(/403/);
    const undo = await repositories.runs.byId(held?.id as string);
    expect(undo).toMatchObject({ kind: 'undo', status: 'failed', dmPending: false });
    expect(failedDms().at(-1)).toEqual({
      kind: 'run-failed',
      what: 'undo',
      layerName: 'genres',
      reference: await referenceOf(undo?.id),
    });
    writer.refusal = undefined;
    await service.finishUnfinished(USER, layer.id);
    await service.resumeAll();
    expect(failedDms()).toHaveLength(2);
  });
});
