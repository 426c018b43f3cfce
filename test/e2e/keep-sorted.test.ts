import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sublist } from '../../src/core/layer-records.js';
import { genreOf, genreSeedTracks, startSortingWorld, type SortingWorld } from '../support/sorting-world.js';

const USER = 'discord-keep-sorted';
const SPOTIFY_USER = 'spotify-keep-sorted';
const TRACKS = genreSeedTracks(65, 'ks');
const LIKED = 60;

describe('keeping a library sorted, end to end on the fake Spotify', () => {
  let world: SortingWorld;
  const playlist = (k: number) =>
    world.harness.fake.playlist(world.sublists[k]?.playlistId as string).trackIds;
  const allPlaylists = () => [0, 1, 2].map((k) => [...playlist(k)].sort());

  beforeAll(async () => {
    world = await startSortingWorld(USER, SPOTIFY_USER, TRACKS, LIKED);
    const { labels } = world.services.repositories;
    // The user labeled 24 of their liked songs by genre, then trained and sorted.
    for (const [i, track] of TRACKS.slice(0, 24).entries()) {
      await labels.put(world.layer.id, track.id, [world.sublists[genreOf(i)]?.id as string], 'session');
    }
    const trained = await world.services.models.train(USER, world.layer);
    expect(trained.activated).toBe(true);
    await world.services.sortRuns.sortLayer(USER, world.layer, { dryRun: false });
  });
  afterAll(async () => {
    await world?.close();
  });

  it('a sync with nothing new makes at most 1 + ceil(P/50) Spotify requests', async () => {
    await world.keepSorted.syncUser(USER);
    world.harness.fake.resetCounts();
    const report = await world.keepSorted.syncUser(USER);
    const playlists = world.harness.fake.playlistsOf(SPOTIFY_USER).length;
    expect(world.harness.fake.totalRequests('api')).toBeLessThanOrEqual(1 + Math.ceil(playlists / 50));
    expect(report.layers[0]).toMatchObject({ newTracks: 0, handEdits: 0, runId: undefined });
  });

  let beforeSync: string[][];
  let newIds: string[];

  it('three new likes land in their predicted sublists and one DM lists them', async () => {
    beforeSync = allPlaylists();
    newIds = TRACKS.slice(LIKED, LIKED + 3).map((t) => t.id);
    for (const id of newIds) world.harness.fake.likeTrack(SPOTIFY_USER, id);
    // The model predicts stored tracks only: the library read stores the new likes (the sync
    // below still finds them new, from what the layer has taken in).
    await world.harness.sync.syncLibrary(USER);
    const { predictions } = await world.services.models.predictions(USER, world.layer, newIds);
    expect(predictions.map((p) => p.trackId).sort()).toEqual([...newIds].sort());
    const report = await world.keepSorted.syncUser(USER);
    expect(report.layers[0]?.newTracks).toBe(3);
    for (const p of predictions) {
      const k = world.sublists.findIndex((s) => s.id === p.placement[0]);
      expect(playlist(k)).toContain(p.trackId);
      // The model learned the genres: each new song's artist decides.
      expect(k).toBe(genreOf(TRACKS.findIndex((t) => t.id === p.trackId)));
    }
    expect(world.notifier.sent).toHaveLength(1);
    const dm = world.notifier.sent[0]?.message;
    expect(dm?.kind).toBe('new-songs');
    if (dm?.kind !== 'new-songs') return;
    expect(dm.placements.flatMap((p) => p.trackNames)).toHaveLength(3);
    for (const p of dm.placements) expect(['rock', 'jazz', 'folk']).toContain(p.sublistName);
    // What the correction buttons need.
    expect(dm.layerId).toBe(world.layer.id);
    expect(dm.tracks?.map((t) => t.trackId).sort()).toEqual([...newIds].sort());
    expect(dm.sublists?.map((s) => s.name)).toEqual(['rock', 'jazz', 'folk']);
  });

  it('a correction moves the track and stores the label', async () => {
    const track = newIds[0] as string;
    const from = genreOf(LIKED);
    const to = (from + 1) % 3;
    await world.services.sortRuns.correctPlacement(USER, world.layer.id, track, [
      world.sublists[to]?.id as string,
    ]);
    expect(playlist(from)).not.toContain(track);
    expect(playlist(to)).toContain(track);
    const label = await world.services.repositories.labels.get(world.layer.id, track);
    expect(label).toMatchObject({ sublistIds: [world.sublists[to]?.id], source: 'correction' });
  });

  it('the DM’s undo of the sync also reverts the correction: the playlists are exactly as before, the label stays', async () => {
    const last = await world.services.repositories.runs.lastUndoable(world.layer.id);
    expect(last?.kind).toBe('sync');
    await world.services.sortRuns.undoRun(USER, last?.id as string);
    expect(allPlaylists()).toEqual(beforeSync);
    for (const k of [0, 1, 2]) expect(new Set(playlist(k)).size).toBe(playlist(k).length);
    const label = await world.services.repositories.labels.get(world.layer.id, newIds[0] as string);
    expect(label?.source).toBe('correction');
    // The next undo is the first sort's, not the correction's again.
    expect((await world.services.repositories.runs.lastUndoable(world.layer.id))?.kind).toBe('sort');
  });

  it('a track removed by hand becomes a label and is never put back', async () => {
    const track = playlist(0)[0] as string;
    world.harness.fake.removeFromPlaylistByHand(world.sublists[0]?.playlistId as string, [track]);
    const movedByHand = playlist(1)[0] as string;
    world.harness.fake.removeFromPlaylistByHand(world.sublists[1]?.playlistId as string, [movedByHand]);
    world.harness.fake.addToPlaylistByHand(world.sublists[2]?.playlistId as string, [movedByHand]);
    const report = await world.keepSorted.syncUser(USER);
    expect(report.layers[0]?.handEdits).toBe(3);
    expect((await world.services.repositories.labels.get(world.layer.id, movedByHand))?.sublistIds).toEqual([
      world.sublists[2]?.id,
    ]);
    await world.services.sortRuns.sortLayer(USER, world.layer, { dryRun: false });
    expect(playlist(0)).not.toContain(track);
    expect(playlist(2)).toContain(movedByHand);
    expect(playlist(1)).not.toContain(movedByHand);
  });

  it('an un-liked track leaves the layer’s sublists', async () => {
    const track = playlist(1)[1] as string;
    world.harness.fake.unlikeTrack(SPOTIFY_USER, track);
    const report = await world.keepSorted.syncUser(USER);
    expect(report.layers[0]?.departed).toBe(1);
    expect(playlist(1)).not.toContain(track);
  });

  it('new likes read by a sync that fails before journaling their plan are sorted by the retry', async () => {
    const { fake } = world.harness;
    const liked = TRACKS.slice(LIKED + 3).map((t) => t.id);
    for (const id of liked) fake.likeTrack(SPOTIFY_USER, id);
    // Liked Songs are read and stored, then Spotify fails on the playlists: no plan is journaled.
    const fault = fake.faults.add({ method: 'GET', path: '/me/playlists', status: 503 });
    const runsBefore = (await world.services.repositories.runs.recentFor(world.layer.id, 100)).length;
    await expect(world.keepSorted.syncUser(USER)).rejects.toThrow();
    expect(fault.fired).toBeGreaterThan(0);
    expect(await world.services.repositories.runs.recentFor(world.layer.id, 100)).toHaveLength(runsBefore);
    expect(await world.harness.entries.trackIds(USER, 'liked')).toEqual(expect.arrayContaining(liked));
    fake.faults.remove(fault);

    world.notifier.sent.length = 0;
    const report = await world.keepSorted.syncUser(USER);
    expect(report.layers[0]?.newTracks).toBe(liked.length);
    for (const id of liked) expect(allPlaylists().flat()).toContain(id);
    expect(world.notifier.sent).toHaveLength(1);
    // Sorted once: the next sync has nothing new.
    expect((await world.keepSorted.syncUser(USER)).layers[0]).toMatchObject({
      newTracks: 0,
      runId: undefined,
    });
  });

  it('hand edits in playlists read by a sync that then fails still count: nothing removed by hand comes back', async () => {
    const { fake } = world.harness;
    // One track removed by hand from each sublist (a pure removal: no add elsewhere tells of it).
    const removed = [0, 1, 2].map((k) => ({ track: playlist(k)[1] as string, from: k }));
    for (const { track, from } of removed)
      fake.removeFromPlaylistByHand(world.sublists[from]?.playlistId as string, [track]);
    // The first playlist read succeeds and is stored; every later one fails.
    const fault = fake.faults.add({
      method: 'GET',
      path: '/playlists/{playlist_id}/items',
      status: 503,
      after: 1,
    });
    await expect(world.keepSorted.syncUser(USER)).rejects.toThrow();
    expect(fault.fired).toBeGreaterThan(0);
    // Nothing read was stored, so a crash at that point (not only an error) loses no edit either.
    for (const { track, from } of removed)
      expect(
        await world.harness.entries.trackIds(USER, world.sublists[from]?.playlistId as string),
      ).toContain(track);
    fake.faults.remove(fault);
    await world.keepSorted.syncUser(USER);
    await world.services.sortRuns.sortLayer(USER, world.layer, { dryRun: false });
    for (const { track, from } of removed) {
      expect(playlist(from)).not.toContain(track);
      const label = await world.services.repositories.labels.get(world.layer.id, track);
      expect(label?.sublistIds ?? []).not.toContain(world.sublists[from]?.id);
    }
  });

  it('a hand edit made between a sync and the bot’s own write is seen by the next sync', async () => {
    await world.keepSorted.syncUser(USER);
    const [rock, jazz] = world.sublists as [Sublist, Sublist];
    // After the sync, the user takes a track out of rock by hand in Spotify…
    const removedByHand = playlist(0)[0] as string;
    world.harness.fake.removeFromPlaylistByHand(rock.playlistId, [removedByHand]);
    // …then, before the next sync, corrects another track into rock: the bot writes to rock.
    const corrected = playlist(1)[0] as string;
    await world.services.sortRuns.correctPlacement(USER, world.layer.id, corrected, [rock.id]);
    expect(playlist(0)).toContain(corrected);
    expect(playlist(1)).not.toContain(corrected);

    const report = await world.keepSorted.syncUser(USER);
    expect(report.layers[0]?.handEdits).toBe(1);
    const edits = await world.services.repositories.handEdits.listFor(world.layer.id);
    expect(edits).toContainEqual(
      expect.objectContaining({ sublistId: rock.id, trackId: removedByHand, action: 'remove' }),
    );
    expect(edits.some((e) => e.sublistId === jazz.id && e.trackId === corrected)).toBe(false);
    await world.services.sortRuns.sortLayer(USER, world.layer, { dryRun: false });
    expect(playlist(0)).not.toContain(removedByHand);
  });

  it('a move the user already made by hand is not written twice, and still counts as theirs', async () => {
    const [rock, , folk] = world.sublists as [Sublist, Sublist, Sublist];
    const track = playlist(2)[0] as string;
    // The user moves a track to rock by hand, then also picks rock in the DM's correction menu.
    world.harness.fake.removeFromPlaylistByHand(folk.playlistId, [track]);
    world.harness.fake.addToPlaylistByHand(rock.playlistId, [track]);
    await world.services.sortRuns.correctPlacement(USER, world.layer.id, track, [rock.id]);
    expect(playlist(0).filter((id) => id === track)).toHaveLength(1);
    expect(playlist(2)).not.toContain(track);

    const report = await world.keepSorted.syncUser(USER);
    expect(report.layers[0]?.handEdits).toBe(2);
    for (const k of [0, 1, 2]) expect(new Set(playlist(k)).size).toBe(playlist(k).length);
  });
});
