import { beforeEach, describe, expect, it } from 'vitest';
import type { Layer, Sublist } from '../../../../src/core/layer-records.js';
import type { PlacementPrediction } from '../../../../src/services/model/layer-predictions.js';
import type { RunSummary } from '../../../../src/services/sorting/run-summary.js';
import type { SortRunService } from '../../../../src/services/sorting/sort-run.service.js';
import { createSortRunService } from '../../../../src/composition/sorting.js';
import { createMemoryRepositories } from '../../../support/memory-repositories.js';
import { MemoryRunLocks } from '../../../support/memory-run-locks.js';
import { MemoryPlaylists } from '../../../support/memory-playlists.js';
import {
  addEntriesIn,
  addTracksIn,
  createLayerIn,
  genreTracks,
  type FixtureTrack,
} from '../../../support/sort-fixtures.js';

/**
 * Issue 21 item 2: a sort writes only what the model is sure of at the layer's precision target;
 * the other songs wait (stored per layer and track) for the user's answers. On in-memory stores:
 * what the waiting songs' storage promises is test/contracts/waiting-store.contract.ts.
 */
describe('waiting songs', () => {
  const repositories = createMemoryRepositories();
  const locks = new MemoryRunLocks();
  let spotify: MemoryPlaylists;
  /** What the model double predicts, by layer: set per test. */
  const guesses = new Map<string, PlacementPrediction[]>();
  /** The version of the double's model, by layer (1 unless a test retrains it). */
  const versions = new Map<string, number>();

  /** The sort runs as composed on the same stores and locks, with the model double. */
  const serviceFor = (): SortRunService =>
    createSortRunService(
      repositories,
      locks,
      {
        predictions: async (_user, layer, trackIds) => {
          const wanted = trackIds ? new Set(trackIds) : undefined;
          return {
            modelId: null as unknown as string,
            modelVersion: versions.get(layer.id) ?? 1,
            enriched: 0,
            predictions: (guesses.get(layer.id) ?? []).filter((p) => !wanted || wanted.has(p.trackId)),
          };
        },
        weakness: async () => undefined,
      },
      { writer: spotify },
    );

  beforeEach(() => {
    spotify = new MemoryPlaylists();
  });

  let counter = 0;
  /** A fresh user with a layer over `count` liked tracks. */
  const world = async (
    mode: { mutual: boolean; complete: boolean },
    count: number,
  ): Promise<{ user: string; layer: Layer; sublists: Sublist[]; ids: string[] }> => {
    const n = ++counter;
    const user = `user-waiting-${n}`;
    const { layer, sublists } = await createLayerIn(
      repositories,
      user,
      mode,
      ['rock', 'jazz', 'folk'],
      `w${n}`,
    );
    const tracks = genreTracks(count, 3, `wt${n}k`);
    await addTracksIn(repositories, tracks);
    const ids = tracks.map((t) => t.id);
    await addEntriesIn(repositories, user, 'liked', ids);
    return { user, layer, sublists, ids };
  };

  const mutualGuess = (
    trackId: string,
    sublistId: string | undefined,
    confidence: number,
  ): PlacementPrediction => ({
    trackId,
    placement: sublistId ? [sublistId] : [],
    confidence,
    calibrated: true,
    memberships: {},
  });

  it('writes the sure placements, keeps the rest waiting and says how sure it is', async () => {
    const { user, layer, sublists, ids } = await world({ mutual: true, complete: true }, 10);
    const rock = sublists[0]?.id as string;
    // Tracks 0-3 sure (0.9), 4-9 unsure (0.5).
    guesses.set(
      layer.id,
      ids.map((id, i) => mutualGuess(id, rock, i < 4 ? 0.9 : 0.5)),
    );
    const outcome = await serviceFor().sort(user, layer, { dryRun: false });
    expect(spotify.items(sublists[0]?.playlistId as string)).toEqual(ids.slice(0, 4));
    expect(outcome.confidence).toMatchObject({
      considered: 10,
      answered: 0,
      placed: 4,
      waiting: 6,
      precisionTarget: expect.closeTo(0.8, 5),
      everything: false,
    });
    expect(outcome.confidence?.expectedPrecision).toBeCloseTo(0.9, 5);
    // Stored per layer and track (that a restarted process reads them back is the store's contract).
    const waiting = await repositories.waiting.listFor(layer.id);
    expect(waiting.map((w) => w.trackId).sort()).toEqual(ids.slice(4).sort());
    expect(waiting[0]).toMatchObject({ guess: [rock] });
    expect(waiting[0]?.confidence).toBeCloseTo(0.5, 5);
  });

  it('a dry run stores nothing; an answer ends a song’s wait; the next sort recomputes the list', async () => {
    const { user, layer, sublists, ids } = await world({ mutual: true, complete: true }, 6);
    const [rock, jazz] = sublists.map((s) => s.id) as [string, string];
    guesses.set(
      layer.id,
      ids.map((id, i) => mutualGuess(id, rock, i < 2 ? 0.95 : 0.4)),
    );
    const waitingStore = repositories.waiting;
    await serviceFor().sort(user, layer, { dryRun: true });
    expect(await waitingStore.countFor(layer.id)).toBe(0);
    await serviceFor().sort(user, layer, { dryRun: false });
    expect(await waitingStore.countFor(layer.id)).toBe(4);
    await repositories.labels.put(layer.id, ids[2] as string, [jazz], 'session');
    expect((await waitingStore.listFor(layer.id)).map((w) => w.trackId)).not.toContain(ids[2]);
    expect(await waitingStore.countFor(layer.id)).toBe(3);
    // The model grew sure of track 3: the next sort places it, and the answered track goes to jazz.
    guesses.set(
      layer.id,
      ids.map((id, i) => mutualGuess(id, rock, i < 2 || i === 3 ? 0.95 : 0.4)),
    );
    const outcome = await serviceFor().sort(user, layer, { dryRun: false });
    expect(outcome.confidence).toMatchObject({ answered: 1, placed: 3, waiting: 2 });
    expect(spotify.items(sublists[1]?.playlistId as string)).toEqual([ids[2]]);
    expect((await waitingStore.listFor(layer.id)).map((w) => w.trackId).sort()).toEqual(
      [ids[4], ids[5]].sort(),
    );
  });

  it('the precision target is the layer’s: a lower one places more', async () => {
    const { user, layer, sublists, ids } = await world({ mutual: true, complete: true }, 6);
    const rock = sublists[0]?.id as string;
    guesses.set(
      layer.id,
      ids.map((id, i) => mutualGuess(id, rock, 0.5 + i * 0.08)),
    );
    const { layers } = repositories;
    await layers.setPrecisionTarget(layer.id, 0.6);
    const lowered = (await layers.byId(layer.id)) as Layer;
    expect(lowered.precisionTarget).toBeCloseTo(0.6, 5);
    const outcome = await serviceFor().sort(user, lowered, { dryRun: false });
    // 0.5, 0.58 wait; 0.66, 0.74, 0.82, 0.9 are placed.
    expect(outcome.confidence).toMatchObject({ placed: 4, waiting: 2 });
    expect(spotify.items(sublists[0]?.playlistId as string)).toEqual(ids.slice(2));
  });

  it('everything:true places every song as guessed, says how sure, and nothing waits', async () => {
    const { user, layer, sublists, ids } = await world({ mutual: true, complete: true }, 4);
    const [rock, jazz] = sublists.map((s) => s.id) as [string, string];
    guesses.set(layer.id, [
      mutualGuess(ids[0] as string, rock, 0.9),
      mutualGuess(ids[1] as string, rock, 0.3),
      mutualGuess(ids[2] as string, jazz, 0.5),
      mutualGuess(ids[3] as string, jazz, 0.5),
    ]);
    await serviceFor().sort(user, layer, { dryRun: false });
    expect(await repositories.waiting.countFor(layer.id)).toBe(3);
    const outcome = await serviceFor().sort(user, layer, { dryRun: false, everything: true });
    expect(outcome.confidence).toMatchObject({ placed: 4, waiting: 0, everything: true });
    expect(outcome.confidence?.expectedPrecision).toBeCloseTo((0.9 + 0.3 + 0.5 + 0.5) / 4, 5);
    expect(spotify.items(sublists[0]?.playlistId as string)).toEqual([ids[0], ids[1]]);
    expect(spotify.items(sublists[1]?.playlistId as string)).toEqual([ids[2], ids[3]]);
    expect(await repositories.waiting.countFor(layer.id)).toBe(0);
  });

  it('an uncalibrated model promises nothing: every guess waits', async () => {
    const { user, layer, ids } = await world({ mutual: true, complete: true }, 3);
    guesses.set(
      layer.id,
      ids.map((id) => ({ ...mutualGuess(id, undefined, 0.99), placement: [], calibrated: false })),
    );
    const outcome = await serviceFor().sort(user, layer, { dryRun: false });
    expect(outcome.confidence).toMatchObject({ placed: 0, waiting: 3, expectedPrecision: undefined });
    expect(spotify.writes).toBe(0);
  });

  it('incomplete layer: a sure void is decided, not waiting', async () => {
    const { user, layer, sublists, ids } = await world({ mutual: true, complete: false }, 3);
    const rock = sublists[0]?.playlistId as string;
    // Track 0 sits in rock from an earlier sort of everything; the model is now sure it belongs nowhere.
    spotify.set(rock, [ids[0] as string]);
    await repositories.contents.recordWrite(user, rock, 'add', [ids[0] as string], null);
    guesses.set(layer.id, [
      mutualGuess(ids[0] as string, undefined, 0.9),
      mutualGuess(ids[1] as string, undefined, 0.6),
      mutualGuess(ids[2] as string, sublists[0]?.id, 0.85),
    ]);
    const outcome = await serviceFor().sort(user, layer, { dryRun: false });
    expect(outcome.confidence).toMatchObject({ placed: 2, waiting: 1 });
    expect(outcome.voidCount).toBe(1);
    expect(spotify.items(rock)).toEqual([ids[2]]);
    expect((await repositories.waiting.listFor(layer.id)).map((w) => w.trackId)).toEqual([ids[1]]);
  });

  it('non-mutual: a track goes into its sure sublists, leaves the surely wrong ones, and the unsure stay as they are', async () => {
    const { user, layer, sublists, ids } = await world({ mutual: false, complete: false }, 1);
    const [rock, jazz, folk] = sublists as [Sublist, Sublist, Sublist];
    const track = ids[0] as string;
    for (const s of [jazz, folk]) {
      spotify.set(s.playlistId, [track]);
      await repositories.contents.recordWrite(user, s.playlistId, 'add', [track], null);
    }
    guesses.set(layer.id, [
      {
        trackId: track,
        placement: [rock.id, jazz.id],
        confidence: 0.7,
        calibrated: true,
        // rock: sure in; jazz: unsure (stays); folk: sure out (leaves).
        memberships: { [rock.id]: 0.9, [jazz.id]: 0.55, [folk.id]: 0.1 },
      },
    ]);
    const outcome = await serviceFor().sort(user, layer, { dryRun: false });
    expect(outcome.confidence).toMatchObject({ placed: 1, waiting: 0 });
    expect(outcome.confidence?.expectedPrecision).toBeCloseTo(0.9, 5);
    expect(spotify.items(rock.playlistId)).toEqual([track]);
    expect(spotify.items(jazz.playlistId)).toEqual([track]);
    expect(spotify.items(folk.playlistId)).toEqual([]);
  });

  it('a sync places the sure new likes and lists the unsure ones as waiting, keeping the earlier ones', async () => {
    const { user, layer, sublists, ids } = await world({ mutual: true, complete: true }, 6);
    const rock = sublists[0]?.id as string;
    guesses.set(
      layer.id,
      ids.map((id, i) => mutualGuess(id, rock, i % 2 === 0 ? 0.9 : 0.5)),
    );
    await repositories.waiting.record(layer.id, {
      replace: true,
      add: [{ trackId: 'earlierwaiting00000000', guess: [rock], confidence: 0.4 }],
      remove: [],
    });
    const result = await serviceFor().sortNewTracks(user, layer, ids.slice(0, 4), new Set(), undefined, {
      dm: true,
    });
    const summary = result?.summary as RunSummary;
    expect(summary.placed.map((p) => p.trackId)).toEqual([ids[0], ids[2]]);
    expect(summary.waiting?.map((w) => w.trackId).sort()).toEqual([ids[1], ids[3]].sort());
    expect(summary.waiting?.[0]).toMatchObject({
      sublistIds: [rock],
      trackName: expect.stringMatching(/Song/),
    });
    expect(summary.confidence).toMatchObject({ placed: 2, waiting: 2 });
    expect((await repositories.waiting.listFor(layer.id)).map((w) => w.trackId).sort()).toEqual(
      ['earlierwaiting00000000', ids[1], ids[3]].sort(),
    );
    // Only unsure new likes: still journaled (their DM lists them), nothing written.
    const writes = spotify.writes;
    const unsure = await serviceFor().sortNewTracks(user, layer, [ids[5] as string], new Set(), undefined, {
      dm: true,
    });
    expect(unsure?.summary.waiting?.map((w) => w.trackId)).toEqual([ids[5]]);
    expect(spotify.writes).toBe(writes);
  });

  describe('a dry run is a promise (issue 21 item 4)', () => {
    /** The same model guessing otherwise on a second prediction (as two dry runs 0.2 s apart did). */
    const guessTwice = async (layer: Layer, ids: string[], sublists: Sublist[]) => {
      const [rock, jazz] = sublists.map((s) => s.id) as [string, string];
      guesses.set(
        layer.id,
        ids.map((id, i) => mutualGuess(id, rock, i < 4 ? 0.95 : 0.4)),
      );
      const preview = await serviceFor().sort(layer.userId, layer, { dryRun: true });
      guesses.set(
        layer.id,
        ids.map((id, i) => mutualGuess(id, jazz, i >= 2 ? 0.95 : 0.4)),
      );
      return preview;
    };
    const contentsOf = (sublists: Sublist[]) => sublists.map((s) => [...spotify.items(s.playlistId)].sort());

    it('/sort with nothing changed since writes exactly the placements the dry run showed', async () => {
      const { user, layer, sublists, ids } = await world({ mutual: true, complete: true }, 8);
      const preview = await guessTwice(layer, ids, sublists);
      const outcome = await serviceFor().sort(user, layer, { dryRun: false });
      expect(outcome.preview).toEqual({ kept: true, changes: [] });
      expect(contentsOf(sublists)).toEqual([ids.slice(0, 4).sort(), [], []]);
      expect(outcome.perSublist).toEqual(preview.perSublist);
      expect(outcome.confidence).toEqual(preview.confidence);
      const waiting = await repositories.waiting.listFor(layer.id);
      expect(waiting.map((w) => w.trackId).sort()).toEqual(ids.slice(4).sort());
    });

    it('after an answer, a retraining or a new like, /sort says what changed and sorts anew', async () => {
      const { user, layer, sublists, ids } = await world({ mutual: true, complete: true }, 8);
      const folk = sublists[2]?.id as string;
      await guessTwice(layer, ids, sublists);
      await repositories.labels.put(layer.id, ids[0] as string, [folk], 'session');
      versions.set(layer.id, 2);
      const [liked] = genreTracks(1, 3, `wt-new-like-${layer.id.slice(0, 8)}`);
      await addTracksIn(repositories, [liked as FixtureTrack]);
      await addEntriesIn(repositories, user, 'liked', [liked?.id as string]);
      const outcome = await serviceFor().sort(user, layer, { dryRun: false });
      expect(outcome.preview).toEqual({
        kept: false,
        changes: [{ kind: 'retrained' }, { kind: 'liked', count: 1 }, { kind: 'answers', count: 1 }],
      });
      // Sorted anew: the answer and the model's second guesses, not the preview's.
      expect(contentsOf(sublists)).toEqual([[], ids.slice(2).sort(), [ids[0]]]);
    });
  });
});
