import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DM_RETRY } from '../../src/core/run-records.js';
import type { DmMessage } from '../../src/services/ports/notifier.js';
import {
  genreOf,
  genreSeedTracks,
  labelGenres,
  startSortingWorld,
  type SortingWorld,
} from '../support/sorting-world.js';

const USER = 'discord-durable-dm';
const SPOTIFY_USER = 'spotify-durable-dm';
const TRACKS = genreSeedTracks(70, 'dd');
const LIKED = 60;

describe('the new-songs DM of a sync survives a crash or a failed send', () => {
  let world: SortingWorld;
  let next = LIKED;
  const playlist = (k: number) =>
    world.harness.fake.playlist(world.sublists[k]?.playlistId as string).trackIds;
  const like = (count: number): string[] => {
    const ids = TRACKS.slice(next, next + count).map((t) => t.id);
    next += count;
    for (const id of ids) world.harness.fake.likeTrack(SPOTIFY_USER, id);
    return ids;
  };
  /** The services' clock: the system's until a test moves it on (the waits between a DM's tries). */
  let clock = Date.now();
  const minutesLater = (minutes: number) => {
    clock += minutes * 60_000;
  };
  const sync = () => world.keepSorted.syncUser(USER);
  const lastSyncRun = async () =>
    (await world.services.repositories.runs.recentFor(world.layer.id, 20)).find((r) => r.kind === 'sync');

  /** The DM the user should get for these tracks: where they are in the playlists now. */
  const expectDmOf = async (message: DmMessage | undefined, trackIds: readonly string[]) => {
    expect(message?.kind).toBe('new-songs');
    if (message?.kind !== 'new-songs') return;
    const names = await world.services.repositories.motherlist.namesOf(trackIds);
    const sublistsOf = (id: string) =>
      world.sublists.filter((_, k) => playlist(k).includes(id)).map((s) => s.id);
    expect(message.layerName).toBe('genres');
    expect(message.layerId).toBe(world.layer.id);
    expect(message.voidCount).toBe(0);
    expect(message.placements).toEqual(
      world.sublists
        .map((s) => ({
          sublistName: s.name,
          trackNames: trackIds.filter((id) => sublistsOf(id).includes(s.id)).map((id) => names.get(id)),
        }))
        .filter((p) => p.trackNames.length > 0),
    );
    expect([...(message.tracks ?? [])].sort((a, b) => a.trackId.localeCompare(b.trackId))).toEqual(
      [...trackIds]
        .sort()
        .map((id) => ({ trackId: id, trackName: names.get(id), sublistIds: sublistsOf(id) })),
    );
    expect(message.sublists?.map((s) => s.name)).toEqual(['rock', 'jazz', 'folk']);
    expect(message.mode).toEqual({ mutual: true, complete: true });
  };

  beforeAll(async () => {
    world = await startSortingWorld(USER, SPOTIFY_USER, TRACKS, LIKED, {}, { now: () => new Date(clock) });
    await labelGenres(world, TRACKS.slice(0, 24));
    expect((await world.services.models.train(USER, world.layer)).activated).toBe(true);
    await world.services.sortRuns.sortLayer(USER, world.layer, { dryRun: false });
    await sync();
    expect(world.notifier.sent).toHaveLength(0);
  });
  afterAll(async () => {
    await world?.close();
  });

  it('a DM lost after the run was applied is sent by the first sync after the wait, once, with the same placements', async () => {
    const liked = like(3);
    world.notifier.crash = new Error('process killed before the DM went out');
    await expect(sync()).rejects.toThrow('process killed');
    world.notifier.crash = undefined;
    expect(world.notifier.sent).toHaveLength(0);
    // The run itself was applied: the new songs are in their sublists.
    for (const id of liked) expect([0, 1, 2].some((k) => playlist(k).includes(id))).toBe(true);
    const run = await lastSyncRun();
    expect(run?.status).toBe('done');

    // The lost send counts as a try: the next one waits DM_RETRY's first wait (the default sync interval).
    expect((await sync()).layers[0]).toMatchObject({ dm: false });
    expect(world.notifier.sent).toHaveLength(0);
    minutesLater(DM_RETRY.firstWaitMs / 60_000);
    const report = await sync();
    expect(report.layers[0]).toMatchObject({ newTracks: 0, runId: undefined, dm: true });
    expect(world.notifier.sent).toHaveLength(1);
    await expectDmOf(world.notifier.sent[0]?.message, liked);
    const message = world.notifier.sent[0]?.message;
    expect(message?.kind === 'new-songs' ? message.runId : undefined).toBe(run?.id);
    expect((await world.services.repositories.runs.byId(run?.id as string))?.dmSentAt).toBeInstanceOf(Date);

    // Sent once: the following syncs have nothing to say.
    await sync();
    await sync();
    expect(world.notifier.sent).toHaveLength(1);
  });

  it('a sync whose DM goes out at once sends exactly that one', async () => {
    world.notifier.sent.length = 0;
    const liked = like(1);
    expect((await sync()).layers[0]).toMatchObject({ newTracks: 1, dm: true });
    expect(world.notifier.sent).toHaveLength(1);
    await expectDmOf(world.notifier.sent[0]?.message, liked);
    await sync();
    expect(world.notifier.sent).toHaveLength(1);
  });

  it('a DM Discord refuses (DMs closed) is not tried again', async () => {
    world.notifier.sent.length = 0;
    like(1);
    world.notifier.closed.add(USER);
    const attempts = world.notifier.attempts;
    expect((await sync()).layers[0]).toMatchObject({ newTracks: 1, dm: false });
    expect(world.notifier.attempts).toBe(attempts + 1);
    world.notifier.closed.delete(USER);
    await sync();
    expect(world.notifier.attempts).toBe(attempts + 1);
    expect(world.notifier.sent).toHaveLength(0);
    // A day later the notifier tries this user's DMs again (what the next tests send).
    await world.harness.users.clearFailure(USER);
  });

  it(`a DM that keeps failing is tried by syncs further and further apart, ${DM_RETRY.maxAttempts} tries, then given up`, async () => {
    like(1);
    world.notifier.failing = true;
    const attempts = world.notifier.attempts;
    // A sync every 5 minutes for three hours: tries 10, 20, 40 and 80 minutes apart, not one a sync.
    const triedAt: number[] = [];
    for (let minute = 0; minute <= 180; minute += 5) {
      const before = world.notifier.attempts;
      await sync();
      if (world.notifier.attempts > before) triedAt.push(minute);
      minutesLater(5);
    }
    expect(triedAt).toEqual([0, 10, 30, 70, 150]);
    expect(world.notifier.attempts).toBe(attempts + DM_RETRY.maxAttempts);
    world.notifier.failing = false;
    minutesLater(24 * 60);
    await sync();
    expect(world.notifier.attempts).toBe(attempts + DM_RETRY.maxAttempts);
    expect(world.notifier.sent).toHaveLength(0);
    expect(await world.services.repositories.runs.pendingDms(world.layer.id)).toEqual([]);
  });

  it('a sync cut short while applying its run: the next sync finishes the run, then sends its DM once', async () => {
    const liked = like(1);
    // A Retry-After too long to wait out stops the run where it is (a 5xx would be read back
    // and finished by the run itself).
    const fault = world.harness.fake.faults.add({
      method: 'POST',
      path: '/playlists/{playlist_id}/items',
      status: 429,
      retryAfterSeconds: 3_600,
      times: 1,
    });
    await expect(sync()).rejects.toThrow();
    expect(fault.fired).toBe(1);
    world.harness.fake.faults.remove(fault);
    expect((await lastSyncRun())?.status).toBe('applying');
    // Not applied yet: no DM of moves that did not happen.
    expect(world.notifier.sent).toHaveLength(0);

    // The next sync finishes the run (no restart needed), then owes and sends its DM.
    await sync();
    expect((await lastSyncRun())?.status).toBe('done');
    expect(await world.services.sortRuns.resumeAll()).toBe(0);
    expect(world.notifier.sent).toHaveLength(1);
    await expectDmOf(world.notifier.sent[0]?.message, liked);
    await sync();
    expect(world.notifier.sent).toHaveLength(1);
  });

  it('a run undone before its DM went out never sends it', async () => {
    world.notifier.sent.length = 0;
    like(1);
    world.notifier.crash = new Error('Discord unreachable');
    await expect(sync()).rejects.toThrow('Discord unreachable');
    world.notifier.crash = undefined;
    const run = await lastSyncRun();
    await world.services.sortRuns.undoRun(USER, run?.id as string);
    await sync();
    expect(world.notifier.sent).toHaveLength(0);
    expect(await world.services.repositories.runs.pendingDms(world.layer.id)).toEqual([]);
  });

  it('sorts and dry runs never owe a DM', async () => {
    await world.services.sortRuns.sortLayer(USER, world.layer, { dryRun: true });
    await world.services.sortRuns.sortLayer(USER, world.layer, { dryRun: false });
    const runs = await world.services.repositories.runs.recentFor(world.layer.id, 100);
    expect(runs.filter((r) => r.kind !== 'sync' && (r.dmPending || r.dmSentAt))).toEqual([]);
    await sync();
    expect(world.notifier.sent).toHaveLength(0);
  });

  it('a new like already in its sublist (put there by hand before the sync) is still named in the DM, where it is', async () => {
    world.notifier.sent.length = 0;
    const liked = like(1);
    const k = genreOf(TRACKS.findIndex((t) => t.id === liked[0]));
    world.harness.fake.addToPlaylistByHand(world.sublists[k]?.playlistId as string, liked);
    // The hand edit is the answer: the run places the song where it is and moves nothing.
    expect((await sync()).layers[0]).toMatchObject({ newTracks: 1, labelsFromHandEdits: 1, dm: true });
    expect(playlist(k)).toEqual(expect.arrayContaining(liked));
    expect(world.notifier.sent).toHaveLength(1);
    await expectDmOf(world.notifier.sent[0]?.message, liked);
  });
});
