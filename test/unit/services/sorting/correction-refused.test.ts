import { beforeAll, describe, expect, it } from 'vitest';
import type { Layer, Sublist } from '../../../../src/core/layer-records.js';
import { createSortRunService } from '../../../../src/composition/sorting.js';
import type { SortRunService } from '../../../../src/services/sorting/sort-run.service.js';
import type { RunSummary } from '../../../../src/services/sorting/run-summary.js';
import { createMemoryRepositories } from '../../../support/memory-repositories.js';
import { MemoryPlaylists } from '../../../support/memory-playlists.js';
import { MemoryRunLocks } from '../../../support/memory-run-locks.js';
import { faultyWriter } from '../../../support/faulty-writer.js';
import { SpotifyQuotaError } from '../../../../src/services/spotify-errors.js';
import { addEntriesIn, seedGenreLayerIn, type FixtureTrack } from '../../../support/sort-fixtures.js';

const USER = 'user-correction-refused';
const UNTIL = new Date('2031-03-02T04:00:00Z');

/**
 * A correction (a DM's or summary's menu, a waiting song's Place) that the mutual check refuses:
 * the song is in another sublist of the layer already (put there by hand since the last sync).
 * The song was not moved where the user said, so their answers stay as they were: the label and
 * the hand edits the correction would have superseded, until the next sync reads what they did.
 */
describe('a correction the mutual check refuses', () => {
  const repositories = createMemoryRepositories();
  const spotify = new MemoryPlaylists();
  /** Playlists the library no longer lists (deleted or unfollowed by the user). */
  const gone = new Set<string>();
  const stores = {
    ...repositories,
    contents: {
      ...repositories.contents,
      listedPlaylists: async (userId: string, playlistIds: readonly string[]) =>
        new Set(
          [...(await repositories.contents.listedPlaylists(userId, playlistIds))].filter(
            (id) => !gone.has(id),
          ),
        ),
    },
  };
  /** Spotify's daily limit: every write is refused while it is set. */
  let limited = false;
  const writer = faultyWriter(spotify, (call) =>
    limited && (call === 'addTracks' || call === 'removeTracks') ? new SpotifyQuotaError(UNTIL) : undefined,
  );
  let sortRuns: SortRunService;
  let layer: Layer;
  let rock: Sublist;
  let jazz: Sublist;
  let folk: Sublist;
  let tracks: FixtureTrack[];
  const retrained: string[] = [];

  const retrain = async (_userId: string, layerId: string) => {
    retrained.push(layerId);
  };

  beforeAll(async () => {
    let sublists: Sublist[];
    ({ layer, sublists, tracks } = await seedGenreLayerIn(repositories, USER, { count: 6, prefix: 'cr' }));
    [rock, jazz, folk] = sublists as [Sublist, Sublist, Sublist];
    sortRuns = createSortRunService(
      stores,
      new MemoryRunLocks(),
      {
        predictions: async () => ({ modelId: 'none', modelVersion: 1, enriched: 0, predictions: [] }),
        weakness: async () => undefined,
      },
      // Built as the composition builds them: the sort runs store a correction's answer and retrain.
      { writer, retrain, retrainAfterLabels: 1 },
    );
  });

  /** The hand edits recorded of `song`, without their time. */
  const handEditsOf = async (song: string) =>
    (await repositories.handEdits.listFor(layer.id))
      .filter((e) => e.trackId === song)
      .map(({ layerId, sublistId, trackId, action }) => ({ layerId, sublistId, trackId, action }));

  /** `song` in rock, as stored and in Spotify, answered rock; then put in jazz by hand, unseen by any sync. */
  const inRockThenJazzByHand = async (song: string) => {
    await addEntriesIn(repositories, USER, rock.playlistId, [song]);
    spotify.set(rock.playlistId, [...spotify.items(rock.playlistId), song]);
    spotify.set(jazz.playlistId, [...spotify.items(jazz.playlistId), song]);
  };

  it('leaves the label and the hand edits as they were', async () => {
    const song = tracks[0]!.id;
    await inRockThenJazzByHand(song);
    await repositories.labels.put(layer.id, song, [rock.id], 'session', { drawnAtRandom: true });
    const labelBefore = await repositories.labels.get(layer.id, song);
    expect(labelBefore?.drawnAtRandom).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 5));
    // An earlier sync saw the user take it out of folk by hand.
    const edit = { layerId: layer.id, sublistId: folk.id, trackId: song, action: 'remove' as const };
    await repositories.handEdits.record([{ ...edit, detectedAt: new Date('2026-01-02T00:00:00Z') }]);

    const result = await sortRuns.correctPlacement(USER, layer.id, song, [folk.id]);

    expect(result.summary.refused).toEqual([
      expect.objectContaining({ trackId: song, sublistId: folk.id, heldIn: [jazz.id] }),
    ]);
    expect(spotify.items(folk.playlistId)).not.toContain(song);
    expect(spotify.items(jazz.playlistId)).toContain(song);
    // As it was, to its time: it counts as no newer than the hand edits, nor as a fresh answer.
    expect(await repositories.labels.get(layer.id, song)).toEqual(labelBefore);
    expect(await handEditsOf(song)).toEqual([edit]);
    // Nothing new was answered: no retraining for it.
    expect(retrained).toEqual([]);
  });

  it('of a song with no answer leaves it with none', async () => {
    const song = tracks[1]!.id;
    await inRockThenJazzByHand(song);

    const result = await sortRuns.correctPlacement(USER, layer.id, song, [folk.id]);

    expect(result.summary.refused?.map((r) => r.trackId)).toEqual([song]);
    expect(await repositories.labels.get(layer.id, song)).toBeUndefined();
  });

  it('one into a sublist out of the library is refused at once, without waiting for the layer’s run', async () => {
    const song = tracks[3]!.id;
    gone.add(folk.playlistId);
    let finish!: () => void;
    const run = sortRuns.whileLayersLocked(
      [layer.id],
      () => new Promise<void>((resolve) => (finish = resolve)),
    );
    const correction = sortRuns.correctPlacement(USER, layer.id, song, [folk.id]).catch((e: unknown) => e);
    try {
      const first = await Promise.race([
        correction,
        new Promise((resolve) => setTimeout(() => resolve('still waiting for the run'), 1_000)),
      ]);
      expect(first).toMatchObject({ problem: { code: 'sublist-unlisted', sublistNames: ['folk'] } });
    } finally {
      finish();
      await run;
      await correction;
      gone.delete(folk.playlistId);
    }
    expect(await repositories.labels.get(layer.id, song)).toBeUndefined();
  });

  it('one the check lets through is stored as the answer, as ever', async () => {
    const song = tracks[2]!.id;
    await addEntriesIn(repositories, USER, rock.playlistId, [song]);
    spotify.set(rock.playlistId, [...spotify.items(rock.playlistId), song]);

    const result = await sortRuns.correctPlacement(USER, layer.id, song, [folk.id]);

    expect(result.summary.refused).toBeUndefined();
    expect(spotify.items(folk.playlistId)).toContain(song);
    expect(await repositories.labels.get(layer.id, song)).toMatchObject({
      sublistIds: [folk.id],
      source: 'correction',
    });
    // A new answer: it counts towards retraining.
    expect(retrained).toEqual([layer.id]);
  });

  it('one held back by Spotify’s limit and refused when it is applied leaves the answers as they were', async () => {
    const song = tracks[4]!.id;
    await addEntriesIn(repositories, USER, rock.playlistId, [song]);
    spotify.set(rock.playlistId, [...spotify.items(rock.playlistId), song]);
    await repositories.labels.put(layer.id, song, [rock.id], 'session');
    const labelBefore = await repositories.labels.get(layer.id, song);
    const edit = { layerId: layer.id, sublistId: folk.id, trackId: song, action: 'remove' as const };
    await repositories.handEdits.record([{ ...edit, detectedAt: new Date('2026-01-02T00:00:00Z') }]);

    limited = true;
    try {
      await expect(sortRuns.correctPlacement(USER, layer.id, song, [folk.id])).rejects.toMatchObject({
        problem: { code: 'correction-postponed', then: 'by-itself' },
      });
    } finally {
      limited = false;
    }
    const [held] = await repositories.runs.unfinishedFor(layer.id);
    expect(held?.kind).toBe('correction');
    // Before the limit lifts, the user puts the song in jazz by hand; then the held move is applied.
    spotify.set(jazz.playlistId, [...spotify.items(jazz.playlistId), song]);
    await sortRuns.finishUnfinished(USER, layer.id);

    const applied = await repositories.runs.byId(held!.id);
    expect(applied).toMatchObject({ status: 'done' });
    expect((applied?.summary as RunSummary).refused?.map((r) => r.trackId)).toEqual([song]);
    expect(spotify.items(folk.playlistId)).not.toContain(song);
    expect(await repositories.labels.get(layer.id, song)).toEqual(labelBefore);
    expect(await handEditsOf(song)).toEqual([edit]);
  });
});
