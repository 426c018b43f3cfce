import { describe, expect, it } from 'vitest';
import type { Sublist } from '../../../../src/core/layer-records.js';
import { createSortRunService } from '../../../../src/composition/sorting.js';
import {
  RunFailedError,
  runReference,
  RunsStoppedError,
  RunTryFailedError,
} from '../../../../src/services/errors.js';
import { PUT_BACK_TRIES } from '../../../../src/services/sorting/put-back.js';
import { faultyWriter } from '../../../support/faulty-writer.js';
import { createMemoryRepositories } from '../../../support/memory-repositories.js';
import { MemoryNotifier } from '../../../support/memory-notifier.js';
import { MemoryPlaylists } from '../../../support/memory-playlists.js';
import { MemoryRunLocks } from '../../../support/memory-run-locks.js';
import { addEntriesIn, seedGenreLayerIn } from '../../../support/sort-fixtures.js';

const USER = 'user-owed-put-back';

/**
 * A genre layer (rock, jazz, folk; mutual and complete, no model) whose first song is in rock and
 * answered folk: a /sort adds it to folk, then Spotify refuses for good to take it out of rock, so
 * the run ends failed and owes the song's put-back (out of folk again). What the put-back's remove
 * from folk meets is `world.folk`: it works, it fails (`failing` more times, with `error`), or the
 * process dies in it (`dies`: the call never returns). Each `inProcess` is a process of the bot on
 * the same database and the same Spotify.
 */
const putBackWorld = async () => {
  const repositories = createMemoryRepositories();
  const spotify = new MemoryPlaylists();
  const notifier = new MemoryNotifier(repositories.users);
  const { layer, sublists, tracks } = await seedGenreLayerIn(repositories, USER, { count: 3, prefix: 'pb' });
  const [rock, jazz, folk] = sublists as [Sublist, Sublist, Sublist];
  const [song, other] = [tracks[0]!.id, tracks[1]!.id];
  await addEntriesIn(repositories, USER, rock.playlistId, [song, other]);
  spotify.set(rock.playlistId, [song, other]);
  await repositories.labels.put(layer.id, song, [folk.id], 'session');
  const state = {
    rockRefused: true,
    folk: { dies: false, failing: 0, error: (): Error => new TypeError('a bug') },
    /** While set, the process dies once Spotify took a remove from folk, before its answer. */
    diesAfterFolkRemove: false,
    /** Removes from folk asked for (made or not). */
    folkRemoves: 0,
  };
  let died: () => void = () => undefined;
  const faulty = faultyWriter(spotify, (call, playlistId) => {
    if (call === 'removeTracks' && playlistId === rock.playlistId && state.rockRefused)
      return Object.assign(new Error('answered 403'), { status: 403 });
    return undefined;
  });
  const writer = {
    ...faulty,
    removeTracks: (userId: string, playlistId: string, trackIds: readonly string[]) => {
      if (playlistId !== folk.playlistId) return faulty.removeTracks(userId, playlistId, trackIds);
      state.folkRemoves++;
      if (state.folk.dies) {
        died();
        return new Promise<string | null>(() => undefined);
      }
      if (state.folk.failing > 0) {
        state.folk.failing--;
        return Promise.reject(state.folk.error());
      }
      if (state.diesAfterFolkRemove)
        return faulty.removeTracks(userId, playlistId, trackIds).then(() => {
          died();
          return new Promise<string | null>(() => undefined);
        });
      return faulty.removeTracks(userId, playlistId, trackIds);
    },
  };
  const start = () =>
    createSortRunService(
      repositories,
      // Locks live in the process: a dead one holds none.
      new MemoryRunLocks(),
      {
        predictions: async () => ({ modelId: 'none', modelVersion: 1, enriched: 0, predictions: [] }),
        weakness: async () => undefined,
      },
      { writer, notifier },
    );
  /** Runs `work` in a new process: 'died' when the process died in it, else what it settled with. */
  const inProcess = async <T>(work: (bot: ReturnType<typeof start>) => Promise<T>) => {
    const dead = new Promise<'died'>((resolve) => {
      died = () => resolve('died');
    });
    return Promise.race([work(start()).catch((error: unknown) => error), dead]);
  };
  /** The user's /sort of the layer: it moves the song to folk and fails taking it out of rock. */
  const sort = () => inProcess((bot) => bot.sort(USER, layer, { dryRun: false }));
  /** The layer's next sync, as far as runs go: it finishes what the layer's runs left. */
  const sync = () => inProcess((bot) => bot.finishUnfinished(USER, layer.id));
  const failedRun = async () => {
    const run = await repositories.runs.lastSort(layer.id);
    expect(run).toMatchObject({ status: 'failed' });
    return run!;
  };
  const storedIn = async (playlistId: string) =>
    (await repositories.contents.contentsOf(USER, [playlistId])).get(playlistId) ?? new Set<string>();
  /** The song is back where it was, as Spotify and the stored contents show, and nothing is owed. */
  const expectPutBack = async () => {
    expect(spotify.items(rock.playlistId)).toContain(song);
    expect(spotify.items(folk.playlistId)).not.toContain(song);
    expect(await storedIn(folk.playlistId)).not.toContain(song);
    expect(await repositories.runs.putBacksOwed(layer.id)).toEqual([]);
  };
  /** The song in two sublists, as the run left it. */
  const expectInTwo = () => {
    expect(spotify.items(rock.playlistId)).toContain(song);
    expect(spotify.items(folk.playlistId)).toContain(song);
  };
  return {
    repositories,
    spotify,
    notifier,
    state,
    layer,
    rock,
    jazz,
    folk,
    song,
    other,
    inProcess,
    sort,
    sync,
    failedRun,
    expectPutBack,
    expectInTwo,
  };
};

describe('the put-back a failed run owes, owed durably', () => {
  it('the process dies as it puts the song back, after the run is marked failed: the layer’s next sync puts it back', async () => {
    const world = await putBackWorld();
    world.state.folk.dies = true;
    expect(await world.sort()).toBe('died');
    await world.failedRun();
    world.expectInTwo();

    world.state.folk.dies = false;
    expect(await world.sync()).toBeUndefined();

    await world.expectPutBack();
    const writes = world.spotify.writes;
    expect(await world.sync()).toBeUndefined();
    expect(world.spotify.writes).toBe(writes);
    expect(world.notifier.to(USER)).toEqual([]);
  });

  it('the process dies once Spotify took the put-back, before it was recorded: the next pass records it as the bot’s own', async () => {
    const world = await putBackWorld();
    world.state.diesAfterFolkRemove = true;
    expect(await world.sort()).toBe('died');
    world.state.diesAfterFolkRemove = false;
    expect(world.spotify.items(world.folk.playlistId)).toEqual([]);

    expect(await world.sync()).toBeUndefined();

    // Not the user's hand edit: the next sync reads no removal from folk.
    await world.expectPutBack();
  });

  it('the process dies there: the next start puts it back', async () => {
    const world = await putBackWorld();
    world.state.folk.dies = true;
    expect(await world.sort()).toBe('died');
    world.state.folk.dies = false;

    expect(await world.inProcess((bot) => bot.resumeAll())).toBe(0);

    await world.expectPutBack();
  });

  it('its first try fails (a bug of ours): the user’s next command puts it back first, then runs', async () => {
    const world = await putBackWorld();
    world.state.folk.failing = 1;
    const sorted = await world.sort();
    expect(sorted).toBeInstanceOf(RunFailedError);
    expect((sorted as RunFailedError).reference).toBe(runReference((await world.failedRun()).id));
    world.expectInTwo();
    world.state.rockRefused = false;

    const corrected = await world.inProcess((bot) =>
      bot.correctPlacement(USER, world.layer.id, world.other, [world.jazz.id]),
    );

    expect(corrected).toMatchObject({ run: { kind: 'correction', status: 'done' } });
    await world.expectPutBack();
    expect(world.spotify.items(world.jazz.playlistId)).toEqual([world.other]);
  });

  it('a try that fails for a passing reason (Spotify down) is tried again at each pass, never given up for it', async () => {
    const world = await putBackWorld();
    const down = () => Object.assign(new Error('answered 503'), { status: 503 });
    world.state.folk = { dies: false, failing: PUT_BACK_TRIES + 2, error: down };
    expect(await world.sort()).toBeInstanceOf(RunFailedError);
    for (let pass = 1; pass <= PUT_BACK_TRIES + 1; pass++)
      expect(await world.sync()).toMatchObject({ status: 503 });
    world.expectInTwo();

    expect(await world.sync()).toBeUndefined();

    await world.expectPutBack();
    expect(world.notifier.to(USER)).toEqual([]);
  });

  it(`one that fails at every try is given up after ${PUT_BACK_TRIES}: the user is told which song may be in two sublists, once, and the layer’s passes go on`, async () => {
    const world = await putBackWorld();
    world.state.folk.failing = Number.POSITIVE_INFINITY;
    expect(await world.sort()).toBeInstanceOf(RunFailedError);
    const run = await world.failedRun();
    for (let tried = 1; tried < PUT_BACK_TRIES; tried++)
      expect(await world.sync()).toBeInstanceOf(RunTryFailedError);
    expect(world.state.folkRemoves).toBe(PUT_BACK_TRIES);
    expect(world.notifier.to(USER)).toEqual([]);

    expect(await world.sync()).toBeUndefined();

    expect(world.state.folkRemoves).toBe(PUT_BACK_TRIES);
    expect(world.notifier.to(USER)).toEqual([
      {
        kind: 'put-back-given-up',
        what: 'sort',
        layerName: 'genres',
        songs: [{ trackName: expect.stringContaining('Song pb 0'), sublistNames: ['rock', 'folk'] }],
        reference: runReference(run.id),
      },
    ]);
    expect(await world.repositories.runs.putBacksOwed(world.layer.id)).toEqual([]);
    // Nothing more is tried or told, and the user's commands run.
    expect(await world.sync()).toBeUndefined();
    world.state.folk.failing = 0;
    world.state.rockRefused = false;
    expect(
      await world.inProcess((bot) =>
        bot.correctPlacement(USER, world.layer.id, world.other, [world.jazz.id]),
      ),
    ).toMatchObject({ run: { status: 'done' } });
    expect(world.state.folkRemoves).toBe(PUT_BACK_TRIES);
    expect(world.notifier.to(USER)).toHaveLength(1);
  });

  it('one the process dies in at every try is given up so too', async () => {
    const world = await putBackWorld();
    world.state.folk.dies = true;
    expect(await world.sort()).toBe('died');
    for (let tried = 1; tried < PUT_BACK_TRIES; tried++) expect(await world.sync()).toBe('died');

    expect(await world.inProcess((bot) => bot.resumeAll())).toBe(0);

    expect(world.state.folkRemoves).toBe(PUT_BACK_TRIES);
    expect(world.notifier.to(USER)).toEqual([expect.objectContaining({ kind: 'put-back-given-up' })]);
  });

  it('a process that is stopping (a deploy) starts no put-back: the next start makes it', async () => {
    const world = await putBackWorld();
    world.state.folk.dies = true;
    expect(await world.sort()).toBe('died');
    world.state.folk.dies = false;
    const removes = world.state.folkRemoves;

    const stopped = await world.inProcess(async (bot) => {
      await bot.stop(10);
      return bot.finishUnfinished(USER, world.layer.id);
    });

    expect(stopped).toBeInstanceOf(RunsStoppedError);
    expect(world.state.folkRemoves).toBe(removes);
    world.expectInTwo();
    expect(await world.inProcess((bot) => bot.resumeAll())).toBe(0);
    await world.expectPutBack();
  });

  it('a song the user moved by hand since the run ended is left where they put it', async () => {
    const world = await putBackWorld();
    const { spotify, rock, jazz, folk, song, other } = world;
    world.state.folk.dies = true;
    expect(await world.sort()).toBe('died');
    world.state.folk.dies = false;
    spotify.set(rock.playlistId, [other]);
    spotify.set(folk.playlistId, []);
    spotify.set(jazz.playlistId, [song]);
    const writes = spotify.writes;

    expect(await world.sync()).toBeUndefined();

    expect(spotify.writes).toBe(writes);
    expect(spotify.items(jazz.playlistId)).toEqual([song]);
    expect(spotify.items(rock.playlistId)).toEqual([other]);
    expect(await world.repositories.runs.putBacksOwed(world.layer.id)).toEqual([]);
  });
});
