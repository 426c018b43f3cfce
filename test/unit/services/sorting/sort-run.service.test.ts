import { beforeAll, describe, expect, it } from 'vitest';
import type { Layer, Sublist } from '../../../../src/core/layer-records.js';
import { createSortRunService } from '../../../../src/composition/sorting.js';
import { PromMetrics } from '../../../../src/metrics/prom-metrics.js';
import { observations } from '../../../support/metric-sample.js';
import type { LayerPredictions } from '../../../../src/services/model/layer-predictions.js';
import type { RunSummary } from '../../../../src/services/sorting/run-summary.js';
import type { SortRunService } from '../../../../src/services/sorting/sort-run.service.js';
import { createMemoryRepositories } from '../../../support/memory-repositories.js';
import { MemoryPlaylists } from '../../../support/memory-playlists.js';
import { MemoryRunLocks } from '../../../support/memory-run-locks.js';
import {
  addEntriesIn,
  addTracksIn,
  createLayerIn,
  genreTracks,
  type FixtureTrack,
} from '../../../support/sort-fixtures.js';

const USER = 'user-sort';
const GENRES = 3;

/** The sort-run service on in-memory stores held to the repositories by test/contracts. */
describe('SortRunService', () => {
  const repositories = createMemoryRepositories();
  const locks = new MemoryRunLocks();
  let spotify: MemoryPlaylists;
  let service: SortRunService;
  let layer: Layer;
  let sublists: Sublist[];
  let tracks: FixtureTrack[];
  /** The model double: genre k -> sublist k, every 7th track void; these runs place everything. */
  const predictions = async (
    _u: string,
    _l: Layer,
    trackIds?: readonly string[],
  ): Promise<LayerPredictions> => {
    const wanted = trackIds ? new Set(trackIds) : undefined;
    return {
      modelId: null as unknown as string,
      modelVersion: 1,
      enriched: 0,
      predictions: tracks
        .map((t, i) => ({
          trackId: t.id,
          placement: i % 7 === 0 ? [] : [sublists[i % GENRES]?.id as string],
          confidence: (i % 10) / 10,
          calibrated: true,
          memberships: {},
        }))
        .filter((p) => !wanted || wanted.has(p.trackId)),
    };
  };
  const expected = (k: number) => tracks.filter((_, i) => i % 7 !== 0 && i % GENRES === k).map((t) => t.id);
  const playlist = (k: number) => spotify.items(sublists[k]?.playlistId as string);

  const metrics = new PromMetrics();
  const sorts = (kind: string) =>
    observations(metrics, 'motherlist_sort_duration_seconds', { kind, outcome: 'ok' });
  beforeAll(async () => {
    spotify = new MemoryPlaylists();
    ({ layer, sublists } = await createLayerIn(repositories, USER, { mutual: true, complete: false }, [
      'rock',
      'jazz',
      'folk',
    ]));
    tracks = genreTracks(420, GENRES);
    await addTracksIn(repositories, tracks);
    // The first track the newest.
    await addEntriesIn(
      repositories,
      USER,
      'liked',
      tracks.map((t) => t.id),
    );
    // The stand-in model says nothing of its strength.
    service = createSortRunService(
      repositories,
      locks,
      { predictions, weakness: async () => undefined },
      { writer: spotify, metrics },
    );
  });

  it('a dry run journals the plan and writes nothing', async () => {
    const outcome = await service.sort(USER, layer, { dryRun: true, everything: true });
    expect(outcome.dryRun).toBe(true);
    expect(spotify.writes).toBe(0);
    expect(outcome.perSublist.map((s) => s.added)).toEqual([0, 1, 2].map((k) => expected(k).length));
    expect(outcome.voidCount).toBe(tracks.filter((_, i) => i % 7 === 0).length);
    expect((await repositories.runs.byId(outcome.runId))?.status).toBe('dry-run');
    expect(await repositories.runs.lastUndoable(layer.id)).toBeUndefined();
  });

  it('applies a sort in writes of at most 100, each step marked done', async () => {
    const outcome = await service.sort(USER, layer, { dryRun: false, everything: true });
    for (const k of [0, 1, 2]) expect(playlist(k)).toEqual(expected(k));
    const minimal = [0, 1, 2].reduce((sum, k) => sum + Math.ceil(expected(k).length / 100), 0);
    expect(spotify.writes).toBe(minimal);
    const steps = await repositories.steps.listFor(outcome.runId);
    expect(steps.every((s) => s.done && s.trackIds.length <= 100)).toBe(true);
    const run = await repositories.runs.byId(outcome.runId);
    expect(run?.status).toBe('done');
    const summary = run?.summary as RunSummary;
    expect(summary.uncertain).toHaveLength(5);
    expect(summary.uncertain.every((u) => u.confidence === 0)).toBe(true);
    expect(summary.uncertain[0]?.trackName).toMatch(/^genre\d-artist\d – Song/);
    // The bot's own writes are recorded, so that a later sync sees only hand edits.
    const recorded = await repositories.contents.contentsOf(USER, [sublists[0]?.playlistId as string]);
    expect([...(recorded.get(sublists[0]?.playlistId as string) ?? [])].sort()).toEqual(
      [...expected(0)].sort(),
    );
  });

  it('sorting again changes nothing', async () => {
    const writes = spotify.writes;
    const outcome = await service.sort(USER, layer, { dryRun: false, everything: true });
    expect(spotify.writes).toBe(writes);
    expect(outcome.perSublist.every((s) => s.added === 0 && s.removed === 0)).toBe(true);
    // The dry run, the sort and this one are timed.
    expect(await sorts('layer')).toBe(3);
  });

  it('a correction moves the track and stores the label; undo of the sort reverts it too and keeps the label', async () => {
    const track = expected(0)[0] as string;
    const sorted = await repositories.runs.lastUndoable(layer.id);
    await service.correctPlacement(USER, layer.id, track, [sublists[1]?.id as string]);
    expect(playlist(0)).not.toContain(track);
    expect(playlist(1)).toContain(track);
    expect((await repositories.labels.get(layer.id, track))?.sublistIds).toEqual([sublists[1]?.id]);
    // A correction is not undone on its own: /undo still means the sort it corrected.
    expect((await repositories.runs.lastUndoable(layer.id))?.id).toBe(sorted?.id);
    await service.undoLast(USER, layer);
    // The playlists are exactly as before the sort: the corrected track is in none of them.
    for (const k of [0, 1, 2]) expect(playlist(k)).toEqual([]);
    // The user's answer stays: the next sort puts the track where they said.
    expect(await repositories.labels.get(layer.id, track)).toMatchObject({
      sublistIds: [sublists[1]?.id],
      source: 'correction',
    });
    await service.sort(USER, layer, { dryRun: false, everything: true });
    expect(playlist(1)).toContain(track);
    expect(playlist(0)).not.toContain(track);
    // Back to the model's sort for the tests below.
    await repositories.labels.delete(layer.id, track);
    await service.undoLast(USER, layer);
    await service.sort(USER, layer, { dryRun: false, everything: true });
    for (const k of [0, 1, 2]) expect(playlist(k)).toEqual(expected(k));
  });

  it('undo of a sort restores the playlists exactly, except what the user changed by hand since', async () => {
    const before = [0, 1, 2].map(playlist);
    const undo = await service.undoLast(USER, layer);
    // Removals are reported as removals, and the run undone is named a sort.
    expect(undo.perSublist.map((s) => s.removed)).toEqual([0, 1, 2].map((k) => expected(k).length));
    expect(undo.perSublist.map((s) => s.added)).toEqual([0, 0, 0]);
    expect(undo.undid.kind).toBe('sort');
    expect(undo.layerName).toBe(layer.name);
    for (const k of [0, 1, 2]) expect(playlist(k)).toEqual([]);
    await expect(service.undoLast(USER, layer)).rejects.toMatchObject({ code: 'nothing-to-undo' });

    await service.sort(USER, layer, { dryRun: false, everything: true });
    for (const k of [0, 1, 2]) expect([...playlist(k)].sort()).toEqual([...(before[k] ?? [])].sort());
    // By hand, on Spotify: the user takes one of the bot's tracks out and adds one of their own.
    const keptOut = expected(2)[3] as string;
    const own = tracks[0]?.id as string;
    spotify.set(sublists[2]?.playlistId as string, [...playlist(2).filter((id) => id !== keptOut), own]);
    await service.undoLast(USER, layer);
    expect(playlist(0)).toEqual([]);
    expect(playlist(2)).toEqual([own]);
  });

  it('an undo of a sync says it undid a sync', async () => {
    // Track 19: jazz at 90% (a sync places only what the model is sure of).
    const newTrack = tracks[19]?.id as string;
    const synced = await service.sortNewTracks(USER, layer, [newTrack], new Set());
    expect(synced?.run.kind).toBe('sync');
    // A sync's run is timed; one with nothing to place is not.
    expect(await service.sortNewTracks(USER, layer, [], new Set())).toBeUndefined();
    expect(await sorts('new-likes')).toBe(1);
    const undo = await service.undoLast(USER, layer);
    expect(undo.undid).toEqual({ kind: 'sync', at: synced?.run.createdAt });
    expect(undo.perSublist.filter((s) => s.removed > 0).map((s) => s.name)).toEqual([sublists[1]?.name]);
  });

  it('a stranger’s undo of a run is “not yours”, before whether it can be undone; a missing run is stale', async () => {
    const own = await service.sort(USER, layer, { dryRun: false, everything: true });
    await expect(service.undoRun('someone-else', own.runId)).rejects.toMatchObject({ code: 'not-yours' });
    await service.undoLast(USER, layer);
    // Undone already, and still the stranger hears only that it is not theirs.
    await expect(service.undoRun('someone-else', own.runId)).rejects.toMatchObject({ code: 'not-yours' });
    await expect(service.undoRun(USER, own.runId)).rejects.toMatchObject({ code: 'nothing-to-undo' });
    await expect(service.undoRun(USER, '00000000-0000-4000-8000-00000000dead')).rejects.toMatchObject({
      code: 'stale-component',
    });
  });

  it('never re-adds a track the user removed by hand', async () => {
    const track = expected(1)[0] as string;
    await repositories.handEdits.record([
      {
        layerId: layer.id,
        sublistId: sublists[1]?.id as string,
        trackId: track,
        action: 'remove',
        detectedAt: new Date(),
      },
    ]);
    await service.sort(USER, layer, { dryRun: false, everything: true });
    expect(playlist(1)).not.toContain(track);
    expect(playlist(1)).toHaveLength(expected(1).length - 1);
  });

  it('resumes a run cut short after a write went through without duplicating it', async () => {
    await service.undoLast(USER, layer);
    for (const k of [0, 1, 2]) spotify.set(sublists[k]?.playlistId as string, []);
    const trackIds = tracks.map((t) => t.id);
    for (const sublist of sublists)
      await repositories.contents.recordWrite(USER, sublist.playlistId, 'remove', trackIds, null);
    for (const trackId of trackIds) {
      await repositories.handEdits.forget(
        sublists.map((sublist) => sublist.id),
        trackId,
      );
      await repositories.labels.delete(layer.id, trackId);
    }
    spotify.failAfterWrites = 2;
    await expect(service.sort(USER, layer, { dryRun: false, everything: true })).rejects.toThrow(
      /connection reset/,
    );
    const [pending] = await repositories.runs.unfinishedFor(layer.id);
    expect(pending?.status).toBe('applying');
    expect(await service.resumeAll()).toBe(1);
    for (const k of [0, 1, 2]) expect(playlist(k)).toEqual(expected(k));
    expect((await repositories.runs.byId(pending?.id as string))?.status).toBe('done');
  });
});
