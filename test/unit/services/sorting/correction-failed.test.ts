import { describe, expect, it } from 'vitest';
import type { Sublist } from '../../../../src/core/layer-records.js';
import { createSortRunService } from '../../../../src/composition/sorting.js';
import { RunFailedError, runReference, type RunTryFailedError } from '../../../../src/services/errors.js';
import { RUN_APPLY_TRIES } from '../../../../src/services/sorting/run-applier.js';
import { SpotifyQuotaError } from '../../../../src/services/spotify-errors.js';
import { createMemoryRepositories } from '../../../support/memory-repositories.js';
import { MemoryNotifier } from '../../../support/memory-notifier.js';
import { MemoryPlaylists } from '../../../support/memory-playlists.js';
import { MemoryRunLocks } from '../../../support/memory-run-locks.js';
import { faultyWriter } from '../../../support/faulty-writer.js';
import { addEntriesIn, seedGenreLayerIn } from '../../../support/sort-fixtures.js';

const USER = 'user-correction-failed';
const UNTIL = new Date('2031-03-02T04:00:00Z');

/**
 * A correction's world: a genre layer (rock, jazz, folk; mutual and complete unless `mode` says
 * otherwise, no model yet) whose
 * first song is in rock, as stored and in Spotify; writes to a playlist in `refused` are refused
 * for good (403), writes to one in `unanswered` get no answer (a failure that passes, as a crash
 * does: the run stays unfinished), every write while `limited` meets Spotify's daily limit. The
 * sort runs are built as the composition builds them, retraining after one answer.
 */
const correctionWorld = async (prefix: string, mode?: { mutual: boolean; complete: boolean }) => {
  const repositories = createMemoryRepositories();
  const spotify = new MemoryPlaylists();
  const refused = new Set<string>();
  const unanswered = new Set<string>();
  const state = { limited: false };
  const writer = faultyWriter(spotify, (call, playlistId) => {
    if (call !== 'addTracks' && call !== 'removeTracks') return undefined;
    if (refused.has(playlistId)) return Object.assign(new Error('answered 403'), { status: 403 });
    if (unanswered.has(playlistId)) return Object.assign(new Error('no answer'), { retryable: true });
    return state.limited ? new SpotifyQuotaError(UNTIL) : undefined;
  });
  const retrained: string[] = [];
  const retrain = async (_userId: string, layerId: string) => {
    retrained.push(layerId);
  };
  const notifier = new MemoryNotifier(repositories.users);
  const { layer, sublists, tracks } = await seedGenreLayerIn(repositories, USER, {
    count: 3,
    prefix,
    ...(mode ? { mode } : {}),
  });
  const [rock, jazz, folk] = sublists as [Sublist, Sublist, Sublist];
  const sortRuns = createSortRunService(
    repositories,
    new MemoryRunLocks(),
    {
      predictions: async () => ({ modelId: 'none', modelVersion: 1, enriched: 0, predictions: [] }),
      weakness: async () => undefined,
    },
    { writer, notifier, retrain, retrainAfterLabels: 1 },
  );
  const song = tracks[0]!.id;
  await addEntriesIn(repositories, USER, rock.playlistId, [song]);
  spotify.set(rock.playlistId, [song]);
  /** A correction of the song to folk that meets Spotify's limit: journaled, held; the limit stays. */
  const heldToFolk = async () => {
    state.limited = true;
    await expect(sortRuns.correctPlacement(USER, layer.id, song, [folk.id])).rejects.toMatchObject({
      problem: { code: 'correction-postponed', then: 'by-itself' },
    });
    const [held] = await repositories.runs.unfinishedFor(layer.id);
    if (held?.kind !== 'correction') throw new Error('no held correction');
    return held;
  };
  return {
    heldToFolk,
    repositories,
    spotify,
    refused,
    unanswered,
    state,
    retrained,
    notifier,
    sortRuns,
    layer,
    rock,
    jazz,
    folk,
    song,
  };
};
type CorrectionWorld = Awaited<ReturnType<typeof correctionWorld>>;

/**
 * The song's move from rock to folk, cut short after its add (taking it out of rock got no
 * answer), leaves it where it was and where it goes, never in none; the next pass, with Spotify
 * answering again, finishes it: in folk only, no run left unfinished.
 */
const expectMoveToFolkFinished = async (world: CorrectionWorld) => {
  const { rock, folk, song, layer } = world;
  expect(world.spotify.items(rock.playlistId)).toEqual([song]);
  expect(world.spotify.items(folk.playlistId)).toEqual([song]);

  world.unanswered.clear();
  await world.sortRuns.finishUnfinished(USER, layer.id);

  expect(world.spotify.items(rock.playlistId)).toEqual([]);
  expect(world.spotify.items(folk.playlistId)).toEqual([song]);
  expect(await world.repositories.runs.unfinishedFor(layer.id)).toEqual([]);
};

describe('a correction whose run fails for good', () => {
  it('stores no answer: the song was not moved, and the user is given the reference', async () => {
    const world = await correctionWorld('cf');
    const { repositories, layer, rock, folk, song } = world;
    await repositories.labels.put(layer.id, song, [rock.id], 'session');
    const labelBefore = await repositories.labels.get(layer.id, song);
    // Spotify refuses, for good, to take the song out of rock (once it is in folk: the run adds first).
    world.refused.add(rock.playlistId);

    const failure = await world.sortRuns
      .correctPlacement(USER, layer.id, song, [folk.id])
      .catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(RunFailedError);
    const { runId, reference } = failure as RunFailedError;
    expect(await repositories.runs.byId(runId)).toMatchObject({ kind: 'correction', status: 'failed' });
    expect(reference).toBe(runReference(runId));
    expect(world.spotify.items(rock.playlistId)).toEqual([song]);
    expect(world.spotify.items(folk.playlistId)).not.toContain(song);
    // Taken back out of folk by the bot, not by the user: the next sync finds no hand edit in it.
    expect(
      (await repositories.contents.contentsOf(USER, [folk.playlistId])).get(folk.playlistId),
    ).not.toContain(song);
    // The label does not say it is in folk: it is as it was, and nothing new counts for training.
    expect(await repositories.labels.get(layer.id, song)).toEqual(labelBefore);
    expect(world.retrained).toEqual([]);
  });

  it('one Spotify refuses to add where the user said leaves the song where it was, not in no sublist', async () => {
    const world = await correctionWorld('cl');
    const { repositories, layer, rock, folk, song } = world;
    world.refused.add(folk.playlistId);

    const failure = await world.sortRuns
      .correctPlacement(USER, layer.id, song, [folk.id])
      .catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(RunFailedError);
    expect(world.spotify.items(rock.playlistId)).toEqual([song]);
    expect(world.spotify.items(folk.playlistId)).not.toContain(song);
    expect((await repositories.contents.contentsOf(USER, [rock.playlistId])).get(rock.playlistId)).toContain(
      song,
    );
    expect(await repositories.labels.get(layer.id, song)).toBeUndefined();
  });

  it('one cut short between its add and its remove is finished by the next pass, in one sublist', async () => {
    const world = await correctionWorld('cm');
    const { repositories, layer, rock, folk, song } = world;
    // Written to folk; taking it out of rock gets no answer: the run stays unfinished.
    world.unanswered.add(rock.playlistId);

    // Answered with the run's reference (the run goes on: nothing of it failed for good).
    await expect(world.sortRuns.correctPlacement(USER, layer.id, song, [folk.id])).rejects.toMatchObject({
      name: 'RunTryFailedError',
      cause: expect.objectContaining({ retryable: true }),
    });
    await expectMoveToFolkFinished(world);
    expect(await repositories.labels.get(layer.id, song)).toMatchObject({ sublistIds: [folk.id] });
  });

  it('one Spotify took all the same (a journal that failed on our side) stores the answer', async () => {
    const world = await correctionWorld('cg');
    const { repositories, layer, folk, song } = world;
    const markDone = repositories.steps.markDone.bind(repositories.steps);
    // The journal takes the first step's end (out of rock), then no more: the add is written, unmarked.
    let marked = 0;
    repositories.steps.markDone = async (id, snapshotId) => {
      if (marked++ > 0) throw new Error('the journal is broken');
      await markDone(id, snapshotId);
    };
    const outcomes: unknown[] = [];
    try {
      // Each pass of the layer (here the user pressing again) tries the run again; the third ends
      // it failed, before that press's own correction is made.
      for (let tries = 0; tries < RUN_APPLY_TRIES; tries++)
        outcomes.push(
          await world.sortRuns
            .correctPlacement(USER, layer.id, song, [folk.id])
            .catch((error: unknown) => error),
        );
    } finally {
      repositories.steps.markDone = markDone;
    }

    expect(outcomes.slice(0, -1)).toEqual([
      expect.objectContaining({ name: 'RunTryFailedError' }),
      expect.objectContaining({ name: 'RunTryFailedError' }),
    ]);
    const { runId } = outcomes[0] as RunTryFailedError;
    expect(await repositories.runs.byId(runId)).toMatchObject({ kind: 'correction', status: 'failed' });
    // The last press is answered as itself: the song is where it said.
    expect(outcomes.at(-1)).not.toBeInstanceOf(Error);
    expect(world.spotify.items(folk.playlistId)).toContain(song);
    expect(await repositories.labels.get(layer.id, song)).toMatchObject({
      sublistIds: [folk.id],
      source: 'correction',
    });
    // Nothing to tell of the failed run: its answer was made all the same.
    expect(world.notifier.sent).toEqual([]);
  });
});

/**
 * In a non-mutual layer a correction may only add the song to sublists (or only take it out): no
 * step of it is a move's other half. Refused for good halfway, what it did write is put back all
 * the same, as a mutual layer's move is: the song is where it was, and no answer is stored.
 */
describe('a correction of a non-mutual layer that Spotify refuses halfway', () => {
  const nonMutual = { mutual: false, complete: true };

  it('one that only adds is taken back out of where its first add put it', async () => {
    const world = await correctionWorld('na', nonMutual);
    const { repositories, layer, rock, jazz, folk, song } = world;
    // Into jazz, then into folk, which Spotify refuses for good.
    world.refused.add(folk.playlistId);

    const failure = await world.sortRuns
      .correctPlacement(USER, layer.id, song, [rock.id, jazz.id, folk.id])
      .catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(RunFailedError);
    const { runId, reference } = failure as RunFailedError;
    expect(reference).toBe(runReference(runId));
    expect(world.spotify.items(rock.playlistId)).toEqual([song]);
    expect(world.spotify.items(jazz.playlistId)).toEqual([]);
    expect(world.spotify.items(folk.playlistId)).toEqual([]);
    // Taken back out by the bot: the next sync finds no hand edit in jazz.
    expect(
      (await repositories.contents.contentsOf(USER, [jazz.playlistId])).get(jazz.playlistId) ?? new Set(),
    ).not.toContain(song);
    expect(await repositories.labels.get(layer.id, song)).toBeUndefined();
    expect(world.retrained).toEqual([]);
  });

  it('one that only takes out is put back where its first remove took it from', async () => {
    const world = await correctionWorld('nr', nonMutual);
    const { repositories, layer, rock, jazz, folk, song } = world;
    await addEntriesIn(repositories, USER, jazz.playlistId, [song]);
    await addEntriesIn(repositories, USER, folk.playlistId, [song]);
    world.spotify.set(jazz.playlistId, [song]);
    world.spotify.set(folk.playlistId, [song]);
    // Out of jazz, then out of folk, which Spotify refuses for good.
    world.refused.add(folk.playlistId);

    const failure = await world.sortRuns
      .correctPlacement(USER, layer.id, song, [rock.id])
      .catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(RunFailedError);
    for (const sublist of [rock, jazz, folk]) expect(world.spotify.items(sublist.playlistId)).toEqual([song]);
    expect((await repositories.contents.contentsOf(USER, [jazz.playlistId])).get(jazz.playlistId)).toContain(
      song,
    );
    expect(await repositories.labels.get(layer.id, song)).toBeUndefined();
    expect(world.retrained).toEqual([]);
  });
});

describe('a correction held back by Spotify’s limit', () => {
  it('queues the retraining when its run stores the answer later, as one stored at once does', async () => {
    const world = await correctionWorld('ch');
    const { repositories, layer, folk, song } = world;
    await world.heldToFolk();
    // Not stored yet, so nothing counts yet.
    expect(await repositories.labels.get(layer.id, song)).toBeUndefined();
    expect(world.retrained).toEqual([]);

    world.state.limited = false;
    // The layer's next pass after the limit (a sync, a /sort) writes it.
    await world.sortRuns.finishUnfinished(USER, layer.id);

    expect(world.spotify.items(folk.playlistId)).toContain(song);
    expect(await repositories.labels.get(layer.id, song)).toMatchObject({ sublistIds: [folk.id] });
    expect(world.retrained).toEqual([layer.id]);
  });

  it('one left to the next /sort (the song’s earlier move not written yet) is stored and counts at once', async () => {
    const world = await correctionWorld('ci');
    const { repositories, layer, rock, song } = world;
    await world.heldToFolk();
    expect(world.retrained).toEqual([]);

    await expect(world.sortRuns.correctPlacement(USER, layer.id, song, [rock.id])).rejects.toMatchObject({
      problem: { code: 'correction-postponed', then: 'next-sort' },
    });

    expect(await repositories.labels.get(layer.id, song)).toMatchObject({ sublistIds: [rock.id] });
    expect(world.retrained).toEqual([layer.id]);
  });
});

describe('a correction held back by Spotify’s limit that fails when it is applied', () => {
  it('is told by DM, with its reference, once: the song was not moved and the answer not kept', async () => {
    const world = await correctionWorld('cj');
    const { repositories, layer, rock, song } = world;
    const held = await world.heldToFolk();
    world.state.limited = false;
    world.refused.add(rock.playlistId);

    await expect(world.sortRuns.finishUnfinished(USER, layer.id)).rejects.toBeInstanceOf(RunFailedError);
    await world.sortRuns.finishUnfinished(USER, layer.id);

    expect(await repositories.runs.byId(held.id)).toMatchObject({ status: 'failed', dmPending: false });
    expect(world.notifier.sent.map((s) => s.message)).toEqual([
      {
        kind: 'correction-failed',
        layerName: 'genres',
        trackName: expect.any(String),
        sublistNames: ['folk'],
        reference: runReference(held.id),
      },
    ]);
    expect(await repositories.labels.get(layer.id, song)).toBeUndefined();
  });

  it('one the mutual check refuses then is told by DM: the song is in another sublist, where it stays', async () => {
    const world = await correctionWorld('cn');
    const { repositories, layer, jazz, folk, song } = world;
    const held = await world.heldToFolk();
    world.state.limited = false;
    // Meanwhile the user put the song in jazz by hand (no sync has read it yet).
    world.spotify.set(jazz.playlistId, [song]);

    await world.sortRuns.finishUnfinished(USER, layer.id);

    expect(world.spotify.items(folk.playlistId)).not.toContain(song);
    expect(await repositories.runs.byId(held.id)).toMatchObject({ status: 'done', dmPending: false });
    expect(world.notifier.sent.map((s) => s.message)).toEqual([
      {
        kind: 'correction-refused',
        layerName: 'genres',
        refused: { trackName: expect.any(String), sublistName: 'folk', heldIn: ['jazz'] },
        heldBy: 'spotify-limit',
      },
    ]);
    expect(await repositories.labels.get(layer.id, song)).toBeUndefined();
    // Told once: the next pass says nothing more.
    await world.sortRuns.finishUnfinished(USER, layer.id);
    expect(world.notifier.sent).toHaveLength(1);
  });

  it('one made says nothing more', async () => {
    const world = await correctionWorld('ck');
    const { repositories, layer } = world;
    const held = await world.heldToFolk();
    world.state.limited = false;

    await world.sortRuns.finishUnfinished(USER, layer.id);

    expect(await repositories.runs.byId(held.id)).toMatchObject({ status: 'done', dmPending: false });
    expect(world.notifier.sent).toEqual([]);
  });
});

/**
 * A /sort moves songs as a correction does: added where they go before they are taken out of
 * where they were, and put back where they were when Spotify refuses the rest of the move for
 * good. The song, in rock as stored and in Spotify, is answered folk since.
 */
describe('a /sort move in a mutual complete layer that Spotify refuses halfway', () => {
  const sortToFolk = async (prefix: string) => {
    const world = await correctionWorld(prefix);
    await world.repositories.labels.put(world.layer.id, world.song, [world.folk.id], 'session');
    const sorted = world.sortRuns.sort(USER, world.layer, { dryRun: false }).catch((error: unknown) => error);
    return { world, sorted };
  };
  const storedIn = async (world: CorrectionWorld, playlistId: string) =>
    (await world.repositories.contents.contentsOf(USER, [playlistId])).get(playlistId);

  it('leaves the song where it was when its add is refused for good, not in no sublist', async () => {
    const { world, sorted } = await sortToFolk('sa');
    const { rock, folk, song } = world;
    world.refused.add(folk.playlistId);

    expect(await sorted).toBeInstanceOf(RunFailedError);
    expect(world.spotify.items(rock.playlistId)).toEqual([song]);
    expect(world.spotify.items(folk.playlistId)).not.toContain(song);
    expect(await storedIn(world, rock.playlistId)).toContain(song);
  });

  it('takes the song back out of where it went when its remove is refused for good after the add', async () => {
    const { world, sorted } = await sortToFolk('sr');
    const { rock, folk, song } = world;
    world.refused.add(rock.playlistId);

    expect(await sorted).toBeInstanceOf(RunFailedError);
    expect(world.spotify.items(rock.playlistId)).toEqual([song]);
    expect(world.spotify.items(folk.playlistId)).not.toContain(song);
    // Taken back out by the bot, not by the user: the next sync finds no hand edit in folk.
    expect(await storedIn(world, folk.playlistId)).not.toContain(song);
  });

  it('cut short between its add and its remove, is finished by the next pass, in one sublist', async () => {
    const { world, sorted } = await sortToFolk('sc');
    world.unanswered.add(world.rock.playlistId);

    expect(await sorted).toMatchObject({
      name: 'RunTryFailedError',
      cause: expect.objectContaining({ retryable: true }),
    });
    await expectMoveToFolkFinished(world);
  });

  it('undone with its way back refused for good, leaves the song where the sort put it, not in no sublist', async () => {
    const { world, sorted } = await sortToFolk('su');
    const { layer, rock, folk, song } = world;
    expect(await sorted).not.toBeInstanceOf(Error);
    expect(world.spotify.items(folk.playlistId)).toEqual([song]);
    world.refused.add(rock.playlistId);

    await expect(world.sortRuns.undoLast(USER, layer)).rejects.toBeInstanceOf(RunFailedError);

    expect(world.spotify.items(rock.playlistId)).toEqual([]);
    expect(world.spotify.items(folk.playlistId)).toEqual([song]);
  });
});
