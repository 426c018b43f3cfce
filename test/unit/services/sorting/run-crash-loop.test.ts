import { describe, expect, it } from 'vitest';
import type { Sublist } from '../../../../src/core/layer-records.js';
import { dmView } from '../../../../src/bot/views/account.view.js';
import { createSortRunService } from '../../../../src/composition/sorting.js';
import { referenceOf, RunFailedError, runReference } from '../../../../src/services/errors.js';
import type { DmMessage } from '../../../../src/services/ports/notifier.js';
import type { PlaylistWriter } from '../../../../src/services/ports/sort-run.ports.js';
import { RUN_APPLY_TRIES } from '../../../../src/services/sorting/run-applier.js';
import type { SortRunService } from '../../../../src/services/sorting/sort-run.service.js';
import { createMemoryRepositories } from '../../../support/memory-repositories.js';
import { MemoryNotifier } from '../../../support/memory-notifier.js';
import { MemoryPlaylists } from '../../../support/memory-playlists.js';
import { MemoryRunLocks } from '../../../support/memory-run-locks.js';
import { addEntriesIn, seedGenreLayerIn } from '../../../support/sort-fixtures.js';

const USER = 'user-crash-loop';
/** How long a stopped process waits for its applies to end (house.ts waits longer). */
const STOP_WAIT_MS = 50;

/**
 * A genre layer (rock, jazz, folk; mutual and complete, no model) whose first song is in rock: a
 * move to folk adds it there before taking it out of rock. Each `start()`
 * is a process of the bot on the same database and the same Spotify; while `dying`, the process
 * dies as it asks Spotify to take the song out of rock (before Spotify takes it): that call never
 * returns, and the process's work stops there.
 */
const crashWorld = async () => {
  const repositories = createMemoryRepositories();
  const spotify = new MemoryPlaylists();
  const notifier = new MemoryNotifier(repositories.users);
  const { layer, sublists, tracks } = await seedGenreLayerIn(repositories, USER, { count: 3, prefix: 'cl' });
  const [rock, jazz, folk] = sublists as [Sublist, Sublist, Sublist];
  const song = tracks[0]!.id;
  await addEntriesIn(repositories, USER, rock.playlistId, [song]);
  spotify.set(rock.playlistId, [song]);
  /** `adding`: while set, an add to folk waits for it before Spotify takes it (a write in flight). */
  /** `failing`: the next removes from rock that fail with a bug of ours (a try of the run that fails). */
  /** `removesFrom`: the playlist whose removes die or fail (rock; folk for an undo of a move to folk). */
  /** `readsDie`: while set, the process dies as it reads a playlist from Spotify. */
  /** `reading`: while set, a read of folk's songs waits for it before Spotify answers (a read in flight). */
  /** `readsFailing`: the next reads of a playlist that Spotify answers with a 503 (a failure that passes). */
  const state: {
    dying: boolean;
    readsDie?: boolean;
    readsFailing?: number;
    reading?: Promise<void>;
    died: number;
    failing: number;
    removesFrom: string;
    adding?: Promise<void>;
  } = {
    dying: true,
    died: 0,
    failing: 0,
    removesFrom: rock.playlistId,
  };
  let died: () => void = () => undefined;
  const start = () => {
    const writer: PlaylistWriter = {
      addTracks: async (userId, playlistId, trackIds) => {
        if (state.adding && playlistId === folk.playlistId) {
          died();
          await state.adding;
        }
        return spotify.addTracks(userId, playlistId, trackIds);
      },
      removeTracks: (userId, playlistId, trackIds) => {
        if (state.failing > 0 && playlistId === state.removesFrom) {
          state.failing--;
          return Promise.reject(new TypeError('a bug'));
        }
        if (!state.dying || playlistId !== state.removesFrom)
          return spotify.removeTracks(userId, playlistId, trackIds);
        state.died++;
        died();
        return new Promise(() => undefined);
      },
      trackIds: async (userId, playlistId) => {
        if (state.reading && playlistId === folk.playlistId) {
          died();
          await state.reading;
        }
        if (state.readsFailing) {
          state.readsFailing--;
          throw Object.assign(new Error('GET answered 503'), { status: 503 });
        }
        if (!state.readsDie) return spotify.trackIds(userId, playlistId);
        died();
        return new Promise(() => undefined);
      },
      snapshotId: (userId, playlistId) => spotify.snapshotId(userId, playlistId),
    };
    return createSortRunService(
      repositories,
      // Locks live in the process: a dead one holds none.
      new MemoryRunLocks(),
      {
        predictions: async () => ({ modelId: 'none', modelVersion: 1, enriched: 0, predictions: [] }),
        weakness: async () => undefined,
      },
      { writer, notifier },
    );
  };
  /** Runs `work` in a new process: 'died' when the process died in it, else what it settled with. */
  const inProcess = async <T>(work: (process: ReturnType<typeof start>) => Promise<T>) => {
    const dead = new Promise<'died'>((resolve) => {
      died = () => resolve('died');
    });
    return Promise.race([work(start()).catch((error: unknown) => error), dead]);
  };
  /**
   * Runs `work` in a new process that is stopped cleanly (a deploy: SIGTERM) once its apply is at
   * the write that hangs (or waits); returns what the work settled with, or 'hung' when its write
   * never returned by the time the stop was done (the process exits then). `comesBack: 'after the
   * stop'`: a held add or read comes back only once the stop is done (it waited no longer), before
   * the process exits.
   */
  const inStoppedProcess = async <T>(
    work: (process: ReturnType<typeof start>) => Promise<T>,
    { comesBack = 'during the stop' }: { comesBack?: 'during the stop' | 'after the stop' } = {},
  ) => {
    const process = start();
    const atWrite = new Promise<'at the write'>((resolve) => {
      died = () => resolve('at the write');
    });
    const settled = work(process).catch((error: unknown) => error);
    expect(await Promise.race([settled, atWrite])).toBe('at the write');
    const stopped = process.stop(STOP_WAIT_MS);
    // A write or read in flight comes back meanwhile (or never, while `dying`).
    const held = state.adding ?? state.reading;
    state.adding = undefined;
    state.reading = undefined;
    if (comesBack === 'after the stop') await stopped;
    if (held) releaseHeld();
    await stopped;
    const exited = new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), STOP_WAIT_MS));
    return Promise.race([settled, exited]);
  };
  let releaseHeld: () => void = () => undefined;
  const holdAdds = () => {
    state.adding = new Promise<void>((resolve) => {
      releaseHeld = resolve;
    });
  };
  const holdReads = () => {
    state.reading = new Promise<void>((resolve) => {
      releaseHeld = resolve;
    });
  };
  return {
    repositories,
    spotify,
    notifier,
    state,
    inProcess,
    inStoppedProcess,
    holdAdds,
    holdReads,
    releaseHeld: () => releaseHeld(),
    layer,
    rock,
    jazz,
    folk,
    song,
    tracks,
  };
};

type CrashWorld = Awaited<ReturnType<typeof crashWorld>>;

/** The DM of a /sort of the layer that ended failed after its answer (an error of ours every time). */
const sortFailedDm = (runId: string) => ({
  kind: 'run-failed',
  what: 'sort',
  layerName: 'genres',
  reference: runReference(runId),
  ourError: true,
});

/** The DM of a correction to folk that ended failed after its answer (an error of ours every time). */
const correctionFailedDm = (runId: string) => ({
  kind: 'correction-failed',
  layerName: 'genres',
  trackName: expect.any(String),
  sublistNames: ['folk'],
  reference: runReference(runId),
  ourError: true,
});

/**
 * The user's /sort moves the song to folk: it adds it there, then the process dies taking it out
 * of rock; each of the next RUN_APPLY_TRIES - 1 starts resumes it and dies at the same place.
 * Returns its run.
 */
const sortDiedInEveryTry = async (world: CrashWorld) => {
  const { repositories, layer, folk, song } = world;
  await repositories.labels.put(layer.id, song, [folk.id], 'session');
  expect(await world.inProcess((bot) => bot.sort(USER, layer, { dryRun: false }))).toBe('died');
  const [run] = await repositories.runs.unfinishedFor(layer.id);
  if (!run) throw new Error('no run left applying');
  for (let tried = 1; tried < RUN_APPLY_TRIES; tried++)
    expect(await world.inProcess((bot) => bot.resumeAll())).toBe('died');
  return run;
};

describe('a run whose apply the process never lives through', () => {
  it(`ends failed at the start after ${RUN_APPLY_TRIES} cut short: the song back where it was, the user told, the layer free`, async () => {
    const world = await crashWorld();
    const { repositories, layer, rock, folk, song } = world;
    const run = await sortDiedInEveryTry(world);
    expect(world.state.died).toBe(RUN_APPLY_TRIES);

    // The next start does not try it again: it ends it failed.
    const failures: unknown[] = [];
    expect(await world.inProcess((bot) => bot.resumeAll((_run, error) => void failures.push(error)))).toBe(0);
    expect(world.state.died).toBe(RUN_APPLY_TRIES);
    expect(failures).toEqual([expect.any(RunFailedError)]);
    expect((failures[0] as RunFailedError).reference).toBe(runReference(run.id));
    expect(await repositories.runs.byId(run.id)).toMatchObject({ status: 'failed' });
    expect(await repositories.runs.unfinishedFor(layer.id)).toEqual([]);
    // Its move made in part is put back: in rock, where it was, and in no second sublist.
    expect(world.spotify.items(rock.playlistId)).toEqual([song]);
    expect(world.spotify.items(folk.playlistId)).toEqual([]);
    expect(
      (await repositories.contents.contentsOf(USER, [folk.playlistId])).get(folk.playlistId) ?? new Set(),
    ).not.toContain(song);
    // Nobody waited for it: the user is told by DM, with its reference, as of a /sort that failed.
    expect(world.notifier.to(USER)).toEqual([sortFailedDm(run.id)]);

    // The layer sorts again.
    world.state.dying = false;
    expect(await world.inProcess((bot) => bot.sort(USER, layer, { dryRun: false }))).not.toBeInstanceOf(
      Error,
    );
    expect(world.spotify.items(rock.playlistId)).toEqual([]);
    expect(world.spotify.items(folk.playlistId)).toEqual([song]);
    // Told once.
    expect(world.notifier.to(USER)).toHaveLength(1);
  });

  it('a correction ends so too: the song where it was, no answer stored, the user told by DM', async () => {
    const world = await crashWorld();
    const { repositories, layer, rock, folk, song } = world;

    expect(await world.inProcess((bot) => bot.correctPlacement(USER, layer.id, song, [folk.id]))).toBe(
      'died',
    );
    const [run] = await repositories.runs.unfinishedFor(layer.id);
    if (run?.kind !== 'correction') throw new Error('no correction left applying');
    for (let tried = 1; tried < RUN_APPLY_TRIES; tried++)
      expect(await world.inProcess((bot) => bot.resumeAll())).toBe('died');

    // This time the layer's next pass (a sync) comes first.
    expect(await world.inProcess((bot) => bot.finishUnfinished(USER, layer.id))).toBeInstanceOf(
      RunFailedError,
    );

    expect(world.state.died).toBe(RUN_APPLY_TRIES);
    expect(await repositories.runs.byId(run.id)).toMatchObject({ status: 'failed' });
    expect(world.spotify.items(rock.playlistId)).toEqual([song]);
    expect(world.spotify.items(folk.playlistId)).toEqual([]);
    expect(await repositories.labels.get(layer.id, song)).toBeUndefined();
    expect(world.notifier.to(USER)).toEqual([correctionFailedDm(run.id)]);
    expect(await world.inProcess((bot) => bot.finishUnfinished(USER, layer.id))).toBeUndefined();
    expect(world.notifier.to(USER)).toHaveLength(1);
  });

  it(`a process stopped cleanly during an apply (a deploy) gives it back: stopped ${RUN_APPLY_TRIES} times while a write hangs, the run is finished by the next start, the user told by DM that it was applied after a restart`, async () => {
    const world = await crashWorld();
    const { repositories, layer, rock, folk, song } = world;
    await repositories.labels.put(layer.id, song, [folk.id], 'session');

    expect(await world.inStoppedProcess((bot) => bot.sort(USER, layer, { dryRun: false }))).toBe('hung');
    const [run] = await repositories.runs.unfinishedFor(layer.id);
    if (!run) throw new Error('no run left applying');
    for (let stopped = 1; stopped < RUN_APPLY_TRIES; stopped++)
      expect(await world.inStoppedProcess((bot) => bot.resumeAll())).toBe('hung');
    expect(world.state.died).toBe(RUN_APPLY_TRIES);

    world.state.dying = false;
    expect(await world.inProcess((bot) => bot.resumeAll())).toBe(1);
    expect(await repositories.runs.byId(run.id)).toMatchObject({ status: 'done' });
    expect(world.spotify.items(rock.playlistId)).toEqual([]);
    expect(world.spotify.items(folk.playlistId)).toEqual([song]);
    // The /sort got no answer (the process went away): its summary comes by DM, once, and says why.
    expect(world.notifier.to(USER)).toEqual([sortAppliedAfterRestart(run.id)]);
    expect(await world.inProcess((bot) => bot.resumeAll())).toBe(0);
    expect(world.notifier.to(USER)).toHaveLength(1);
  });

  it('a process stopped cleanly between two writes ends its apply there and gives it back, while the applies it dies in still count', async () => {
    const world = await crashWorld();
    const { repositories, layer, rock, folk, song } = world;
    await repositories.labels.put(layer.id, song, [folk.id], 'session');

    // Stopped while Spotify takes the add to folk: the remove from rock is not asked for. The user
    // hears that the bot restarts and the sort finishes after, not of an unexpected error.
    world.holdAdds();
    expect(await world.inStoppedProcess((bot) => bot.sort(USER, layer, { dryRun: false }))).toMatchObject({
      name: 'UserError',
      problem: { code: 'restarting', resumes: true, what: 'sort', layerName: 'genres' },
    });
    expect(world.state.died).toBe(0);
    expect(world.spotify.items(rock.playlistId)).toEqual([song]);
    expect(world.spotify.items(folk.playlistId)).toEqual([song]);
    const [run] = await repositories.runs.unfinishedFor(layer.id);
    expect(run).toMatchObject({ status: 'applying' });

    // Then the process dies in it at the remove, one time less than would end it.
    for (let tried = 1; tried < RUN_APPLY_TRIES; tried++)
      expect(await world.inProcess((bot) => bot.resumeAll())).toBe('died');
    world.state.dying = false;
    expect(await world.inProcess((bot) => bot.resumeAll())).toBe(1);
    expect(await repositories.runs.byId(run?.id ?? '')).toMatchObject({ status: 'done' });
    expect(world.spotify.items(rock.playlistId)).toEqual([]);
    expect(world.notifier.to(USER)).toEqual([sortAppliedAfterRestart(run?.id ?? '')]);
  });

  it('a correction its process stops in is made by the next start, and says nothing more then', async () => {
    const world = await crashWorld();
    const { repositories, layer, rock, folk, song } = world;
    world.state.dying = false;
    world.holdAdds();

    expect(
      await world.inStoppedProcess((bot) => bot.correctPlacement(USER, layer.id, song, [folk.id])),
    ).toMatchObject({
      name: 'UserError',
      problem: { code: 'restarting', resumes: true, what: 'correction', layerName: 'genres' },
    });

    expect(await world.inProcess((bot) => bot.resumeAll())).toBe(1);
    expect(world.spotify.items(rock.playlistId)).toEqual([]);
    expect(world.spotify.items(folk.playlistId)).toEqual([song]);
    expect(await repositories.labels.get(layer.id, song)).toMatchObject({ sublistIds: [folk.id] });
    expect(world.notifier.to(USER)).toEqual([]);
  });

  it.each(['after the stop', 'while the stop makes it owe its DM'] as const)(
    'a /sort whose last write comes back %s (before the process exits), answered with its summary, is not told again by DM',
    async (when) => {
      const world = await crashWorld();
      const { repositories, layer, folk, tracks } = world;
      // A song in no sublist yet: its add to folk is the run's last write.
      const song = tracks[1]!.id;
      await repositories.labels.put(layer.id, song, [folk.id], 'session');
      world.state.dying = false;
      world.holdAdds();
      if (when === 'while the stop makes it owe its DM') {
        const { runs } = repositories;
        const oweDm = runs.oweDm.bind(runs);
        runs.oweDm = async (runId) => {
          runs.oweDm = oweDm;
          // The write comes back, and the command answers, before the DM is recorded owed.
          world.releaseHeld();
          await new Promise((resolve) => setTimeout(resolve, 10));
          return oweDm(runId);
        };
      }

      const answer = await world.inStoppedProcess((bot) => bot.sort(USER, layer, { dryRun: false }), {
        comesBack: 'after the stop',
      });

      expect(answer).toMatchObject({ dryRun: false, runId: expect.any(String) });
      expect(world.spotify.items(folk.playlistId)).toEqual([song]);
      expect(await repositories.runs.byId((answer as { runId: string }).runId)).toMatchObject({
        status: 'done',
        dmPending: false,
      });
      expect(await world.inProcess((bot) => bot.resumeAll())).toBe(0);
      expect(await world.inProcess((bot) => bot.finishUnfinished(USER, layer.id))).toBeUndefined();
      expect(world.notifier.to(USER)).toEqual([]);
    },
  );

  it('a /sort stopped while it reads a playlist, whose summary is rewritten after the stop (a song the mutual check keeps out), still says by DM that a restart cut it short', async () => {
    const world = await crashWorld();
    const { repositories, layer, jazz, folk, song } = world;
    await repositories.labels.put(layer.id, song, [folk.id], 'session');
    // Put in jazz by hand since the last sync: the move to folk is refused, and the summary says so.
    await world.spotify.addTracks(USER, jazz.playlistId, [song]);
    world.state.dying = false;
    world.holdReads();

    expect(
      await world.inStoppedProcess((bot) => bot.sort(USER, layer, { dryRun: false }), {
        comesBack: 'after the stop',
      }),
    ).toMatchObject({ name: 'UserError', problem: { code: 'restarting', resumes: true, what: 'sort' } });
    const [run] = await repositories.runs.unfinishedFor(layer.id);
    if (!run) throw new Error('no run left applying');
    expect(run.summary).toMatchObject({ refused: [expect.objectContaining({ trackId: song })] });

    expect(await world.inProcess((bot) => bot.resumeAll())).toBe(1);
    expect(world.spotify.items(folk.playlistId)).toEqual([]);
    expect(world.spotify.items(jazz.playlistId)).toEqual([song]);
    expect(world.notifier.to(USER)).toEqual([sortAppliedAfterRestart(run.id)]);
    const [told] = world.notifier.to(USER);
    expect(dmView(told as DmMessage).content).toMatch(
      /^Your `\/sort` of “genres”, cut short by a restart of Motherlist, has been applied\./,
    );
  });

  it('a /sort in a process that is stopping, behind an older run of the layer, starts nothing: try again', async () => {
    const world = await crashWorld();
    const { repositories, layer, folk, song } = world;
    const old = await sortDiedInEveryTry(world);
    world.state.dying = false;
    await repositories.labels.put(layer.id, song, [folk.id], 'session');

    const answer = await world.inProcess(async (bot) => {
      await bot.stop(STOP_WAIT_MS);
      return bot.sort(USER, layer, { dryRun: false });
    });

    expect(answer).toMatchObject({ name: 'UserError', problem: { code: 'restarting', resumes: false } });
    expect((await repositories.runs.unfinishedFor(layer.id)).map((run) => run.id)).toEqual([old.id]);
    expect(world.notifier.to(USER)).toEqual([]);
  });
});

/** The DM of a /sort its process stopped in, applied by a later start. */
const sortAppliedAfterRestart = (runId: string) =>
  expect.objectContaining({
    kind: 'sort-applied',
    layerName: 'genres',
    heldBy: 'restart',
    outcome: expect.objectContaining({ runId }),
  });

/**
 * A user's /sort or correction is the layer's next pass: an older run of the layer it ends failed
 * (cut short too often, or failing on every try) is told by that run's own DM, once, and the
 * user's command then runs, answered as itself.
 */
describe("a user's command that ends an older run of the layer", () => {
  it(`a /sort after the run was cut short ${RUN_APPLY_TRIES} times ends it and runs itself`, async () => {
    const world = await crashWorld();
    const { repositories, layer, rock, folk, song } = world;
    const old = await sortDiedInEveryTry(world);
    world.state.dying = false;

    const sorted = await world.inProcess((bot) => bot.sort(USER, layer, { dryRun: false }));

    expect(sorted).not.toBeInstanceOf(Error);
    expect(sorted).toMatchObject({ dryRun: false });
    expect(await repositories.runs.byId(old.id)).toMatchObject({ status: 'failed' });
    const latest = await repositories.runs.lastUndoable(layer.id);
    expect(latest).toMatchObject({ kind: 'sort', status: 'done' });
    expect(latest?.id).not.toBe(old.id);
    expect(world.spotify.items(rock.playlistId)).toEqual([]);
    expect(world.spotify.items(folk.playlistId)).toEqual([song]);
    // Told once of the old run, by its DM.
    expect(world.notifier.to(USER)).toEqual([sortFailedDm(old.id)]);
  });

  it('a correction after it ends it and is made, answered as itself', async () => {
    const world = await crashWorld();
    const { repositories, layer, rock, jazz, folk, song } = world;
    const old = await sortDiedInEveryTry(world);
    world.state.dying = false;

    const corrected = await world.inProcess((bot) => bot.correctPlacement(USER, layer.id, song, [jazz.id]));

    expect(corrected).toMatchObject({ run: { kind: 'correction', status: 'done' } });
    expect(await repositories.runs.byId(old.id)).toMatchObject({ status: 'failed' });
    expect(world.spotify.items(rock.playlistId)).toEqual([]);
    expect(world.spotify.items(folk.playlistId)).toEqual([]);
    expect(world.spotify.items(jazz.playlistId)).toEqual([song]);
    expect(await repositories.labels.get(layer.id, song)).toMatchObject({ sublistIds: [jazz.id] });
    expect(world.notifier.to(USER)).toEqual([sortFailedDm(old.id)]);
  });

  it(`a /sort whose older run fails its try ${RUN_APPLY_TRIES} ends it, tells it by DM (nobody waits for it) and runs itself`, async () => {
    const world = await crashWorld();
    const { repositories, layer, rock, folk, song } = world;
    await repositories.labels.put(layer.id, song, [folk.id], 'session');
    world.state.dying = false;
    world.state.failing = RUN_APPLY_TRIES;
    const sort = () => world.inProcess((bot) => bot.sort(USER, layer, { dryRun: false }));

    // The first two /sorts each meet a try of the run that fails (the second, the old run's).
    expect(await sort()).toMatchObject({ name: 'RunTryFailedError' });
    const [old] = await repositories.runs.unfinishedFor(layer.id);
    if (!old) throw new Error('no run left applying');
    expect(await sort()).toMatchObject({ name: 'RunTryFailedError' });
    expect(world.notifier.to(USER)).toEqual([]);

    const sorted = await sort();

    expect(sorted).not.toBeInstanceOf(Error);
    expect(await repositories.runs.byId(old.id)).toMatchObject({ status: 'failed' });
    expect(world.spotify.items(rock.playlistId)).toEqual([]);
    expect(world.spotify.items(folk.playlistId)).toEqual([song]);
    expect(world.notifier.to(USER)).toEqual([sortFailedDm(old.id)]);
  });
});

/**
 * A run the user asked for (a /sort, a correction) that its own command did not end: whoever ends
 * it failed later (the start-up resume, the layer's sync, the user's next command), the user hears
 * of it by its DM, with its reference, once.
 */
describe('a run the user asked for that a later pass ends failed', () => {
  /** The user's /sort meets a try of its run that fails, and the run is left applying. */
  const sortFailingEveryTry = async (world: CrashWorld) => {
    const { repositories, layer, folk, song } = world;
    await repositories.labels.put(layer.id, song, [folk.id], 'session');
    world.state.dying = false;
    world.state.failing = RUN_APPLY_TRIES;
    expect(await world.inProcess((bot) => bot.sort(USER, layer, { dryRun: false }))).toMatchObject({
      name: 'RunTryFailedError',
    });
    const [run] = await repositories.runs.unfinishedFor(layer.id);
    if (!run) throw new Error('no run left applying');
    return run;
  };
  /** The layer's later passes, which tell nothing more of it, and the user's next /sort, which runs. */
  const passesAfter = async (world: CrashWorld) => {
    expect(await world.inProcess((bot) => bot.resumeAll())).toBe(0);
    expect(await world.inProcess((bot) => bot.finishUnfinished(USER, world.layer.id))).toBeUndefined();
    expect(await world.inProcess((bot) => bot.sort(USER, world.layer, { dryRun: false }))).not.toBeInstanceOf(
      Error,
    );
  };

  it(`ended by the start-up resume (its try ${RUN_APPLY_TRIES} fails): one DM`, async () => {
    const world = await crashWorld();
    const run = await sortFailingEveryTry(world);
    const failures: unknown[] = [];
    const resume = () => world.inProcess((bot) => bot.resumeAll((_run, error) => void failures.push(error)));
    for (let tried = 1; tried < RUN_APPLY_TRIES; tried++) await resume();

    expect(failures.map((error) => (error as Error).name)).toEqual(['RunTryFailedError', 'RunFailedError']);
    expect(await world.repositories.runs.byId(run.id)).toMatchObject({ status: 'failed' });
    expect(world.notifier.to(USER)).toEqual([sortFailedDm(run.id)]);
    await passesAfter(world);
    expect(world.notifier.to(USER)).toEqual([sortFailedDm(run.id)]);
  });

  it(`its end not stored (a lost connection), then finished by the next pass: its DM names no cause it did not meet`, async () => {
    const world = await crashWorld();
    const run = await sortFailingEveryTry(world);
    const { runs } = world.repositories;
    const fail = runs.fail.bind(runs);
    runs.fail = () => {
      runs.fail = fail;
      return Promise.reject(Object.assign(new Error('connection lost'), { retryable: true }));
    };
    for (let tried = 1; tried < RUN_APPLY_TRIES; tried++) await world.inProcess((bot) => bot.resumeAll());
    expect(await runs.byId(run.id)).toMatchObject({ status: 'applying', dmPending: true });

    expect(await world.inProcess((bot) => bot.resumeAll())).toBe(1);
    expect(await runs.byId(run.id)).toMatchObject({ status: 'done' });
    // Neither Spotify's limit nor a restart held it back: its DM says neither.
    const told = world.notifier.to(USER);
    expect(told).toEqual([expect.objectContaining({ kind: 'sort-applied', layerName: 'genres' })]);
    expect(told[0]).not.toHaveProperty('heldBy');
    expect(told[0]).not.toHaveProperty('restarted');
  });

  it(`ended by the layer's sync (its try ${RUN_APPLY_TRIES} fails): one DM`, async () => {
    const world = await crashWorld();
    const run = await sortFailingEveryTry(world);
    const sync = () => world.inProcess((bot) => bot.finishUnfinished(USER, world.layer.id));
    expect(await sync()).toMatchObject({ name: 'RunTryFailedError' });

    expect(await sync()).toBeInstanceOf(RunFailedError);

    expect(await world.repositories.runs.byId(run.id)).toMatchObject({ status: 'failed' });
    expect(world.notifier.to(USER)).toEqual([sortFailedDm(run.id)]);
    await passesAfter(world);
    expect(world.notifier.to(USER)).toEqual([sortFailedDm(run.id)]);
  });

  it("ended by the user's next /sort: one DM, and that /sort runs", async () => {
    const world = await crashWorld();
    const run = await sortFailingEveryTry(world);
    const sort = () => world.inProcess((bot) => bot.sort(USER, world.layer, { dryRun: false }));
    expect(await sort()).toMatchObject({ name: 'RunTryFailedError' });

    expect(await sort()).not.toBeInstanceOf(Error);

    expect(await world.repositories.runs.byId(run.id)).toMatchObject({ status: 'failed' });
    expect(world.notifier.to(USER)).toEqual([sortFailedDm(run.id)]);
    await passesAfter(world);
    expect(world.notifier.to(USER)).toEqual([sortFailedDm(run.id)]);
  });

  it(`a correction ended by the start-up resume (its try ${RUN_APPLY_TRIES} fails): one DM, the answer not kept`, async () => {
    const world = await crashWorld();
    const { repositories, layer, rock, folk, song } = world;
    world.state.dying = false;
    world.state.failing = RUN_APPLY_TRIES;
    expect(
      await world.inProcess((bot) => bot.correctPlacement(USER, layer.id, song, [folk.id])),
    ).toMatchObject({ name: 'RunTryFailedError' });
    const [run] = await repositories.runs.unfinishedFor(layer.id);
    if (run?.kind !== 'correction') throw new Error('no correction left applying');
    for (let tried = 1; tried < RUN_APPLY_TRIES; tried++)
      await world.inProcess((bot) => bot.resumeAll(() => undefined));

    expect(await repositories.runs.byId(run.id)).toMatchObject({ status: 'failed' });
    expect(world.spotify.items(rock.playlistId)).toEqual([song]);
    expect(await repositories.labels.get(layer.id, song)).toBeUndefined();
    const told = [correctionFailedDm(run.id)];
    expect(world.notifier.to(USER)).toEqual(told);
    expect(await world.inProcess((bot) => bot.finishUnfinished(USER, layer.id))).toBeUndefined();
    expect(world.notifier.to(USER)).toEqual(told);
  });
});

/**
 * The user's /undo of a /sort that moved the song from rock to folk: it puts the song back in
 * rock, then takes it out of folk, where the process dies (or stops, or fails) while
 * `state.dying` (or `failing`). The next start finishes it, and its DM says why it comes then.
 */
describe('an /undo finished after its answer: its DM says why', () => {
  const sortedToFolk = async () => {
    const world = await crashWorld();
    const { layer, folk, song } = world;
    world.state.dying = false;
    await world.repositories.labels.put(layer.id, song, [folk.id], 'session');
    expect(await world.inProcess((bot) => bot.sort(USER, layer, { dryRun: false }))).not.toBeInstanceOf(
      Error,
    );
    expect(world.spotify.items(folk.playlistId)).toEqual([song]);
    world.state.removesFrom = folk.playlistId;
    return world;
  };
  const undoFinished = (heldBy?: 'restart') =>
    expect.objectContaining({
      kind: 'undo-finished',
      outcome: expect.objectContaining({
        layerName: 'genres',
        undid: expect.objectContaining({ kind: 'sort' }),
      }),
      ...(heldBy ? { heldBy } : {}),
    });
  const finishedAtStart = async (world: CrashWorld) => {
    world.state.dying = false;
    expect(await world.inProcess((bot) => bot.resumeAll())).toBe(1);
    expect(world.spotify.items(world.rock.playlistId)).toEqual([world.song]);
    expect(world.spotify.items(world.folk.playlistId)).toEqual([]);
  };

  it.each([
    ['killed as it writes (a crash)', 'dying'],
    ['killed while it reads the playlists, before its plan', 'readsDie'],
  ] as const)('%s: cut short by a restart', async (_, dies) => {
    const world = await sortedToFolk();
    world.state[dies] = true;
    expect(await world.inProcess((bot) => bot.undoLast(USER, world.layer))).toBe('died');
    world.state[dies] = false;
    await finishedAtStart(world);
    expect(world.notifier.to(USER)).toEqual([undoFinished('restart')]);
  });

  it('stopped cleanly while its write hangs (a deploy): cut short by a restart', async () => {
    const world = await sortedToFolk();
    world.state.dying = true;
    expect(await world.inStoppedProcess((bot) => bot.undoLast(USER, world.layer))).toBe('hung');
    await finishedAtStart(world);
    expect(world.notifier.to(USER)).toEqual([undoFinished('restart')]);
    expect(await world.inProcess((bot) => bot.resumeAll())).toBe(0);
    expect(world.notifier.to(USER)).toHaveLength(1);
  });

  it.each([
    ['the next start', (bot: SortRunService): Promise<unknown> => bot.resumeAll()],
    [
      "the layer's next sync",
      (bot: SortRunService, world: CrashWorld): Promise<unknown> =>
        bot.finishUnfinished(USER, world.layer.id),
    ],
  ] as const)(
    'its plan failed for a passing reason (Spotify answered 503), answered with its reference, finished by %s: no cause named',
    async (_, pass) => {
      const world = await sortedToFolk();
      world.state.readsFailing = 1;
      const answer = await world.inProcess((bot) => bot.undoLast(USER, world.layer));
      const [run] = await world.repositories.runs.unfinishedFor(world.layer.id);
      if (run?.kind !== 'undo') throw new Error('no undo left to finish');
      // The error is the run's: recorded with it, and its reference is the one the user is shown.
      expect(answer).toMatchObject({ reference: runReference(run.id), message: 'GET answered 503' });
      expect(referenceOf(answer)).toBe(runReference(run.id));
      expect(run.error).toBe('GET answered 503');
      world.state.dying = false;
      expect(await world.inProcess((bot) => pass(bot, world))).not.toBeInstanceOf(Error);
      expect(world.spotify.items(world.rock.playlistId)).toEqual([world.song]);
      expect(world.spotify.items(world.folk.playlistId)).toEqual([]);
      const told = world.notifier.to(USER);
      expect(told).toEqual([undoFinished()]);
      expect(told[0]).not.toHaveProperty('heldBy');
      expect(await world.inProcess((bot) => bot.resumeAll())).toBe(0);
      expect(world.notifier.to(USER)).toHaveLength(1);
    },
  );

  it('its first try failed (the user answered so), finished by the next start: no cause named', async () => {
    const world = await sortedToFolk();
    world.state.failing = 1;
    expect(await world.inProcess((bot) => bot.undoLast(USER, world.layer))).toBeInstanceOf(Error);
    await finishedAtStart(world);
    const [told] = world.notifier.to(USER);
    expect(told).toEqual(undoFinished());
    expect(told).not.toHaveProperty('heldBy');
  });
});

/**
 * The user's /sort or correction moves the song from rock to folk, and the process is killed as it
 * takes the song out of rock (a crash, not a clean stop): no answer got out. The next start
 * finishes the run and tells it by DM, once, as it does a killed /undo.
 */
describe('a /sort or correction killed in its apply, finished by the next start', () => {
  const killedThenResumed = async (command: (world: CrashWorld) => Promise<unknown>) => {
    const world = await crashWorld();
    expect(await command(world)).toBe('died');
    const [run] = await world.repositories.runs.unfinishedFor(world.layer.id);
    if (!run) throw new Error('no run left applying');
    world.state.dying = false;
    expect(await world.inProcess((bot) => bot.resumeAll())).toBe(1);
    expect(await world.repositories.runs.byId(run.id)).toMatchObject({ status: 'done' });
    expect(world.spotify.items(world.rock.playlistId)).toEqual([]);
    expect(world.spotify.items(world.folk.playlistId)).toEqual([world.song]);
    return { world, run };
  };
  /** The later passes tell nothing more. */
  const toldOnce = async (world: CrashWorld, told: unknown[]) => {
    expect(world.notifier.to(USER)).toEqual(told);
    expect(await world.inProcess((bot) => bot.resumeAll())).toBe(0);
    expect(await world.inProcess((bot) => bot.finishUnfinished(USER, world.layer.id))).toBeUndefined();
    expect(world.notifier.to(USER)).toEqual(told);
  };

  it('a /sort: its summary by DM, cut short by a restart', async () => {
    const { world, run } = await killedThenResumed(async (w) => {
      await w.repositories.labels.put(w.layer.id, w.song, [w.folk.id], 'session');
      return w.inProcess((bot) => bot.sort(USER, w.layer, { dryRun: false }));
    });
    await toldOnce(world, [sortAppliedAfterRestart(run.id)]);
  });

  it('a correction made all the same: its answer kept, and nothing said (as for one held by the limit)', async () => {
    const { world } = await killedThenResumed((w) =>
      w.inProcess((bot) => bot.correctPlacement(USER, w.layer.id, w.song, [w.folk.id])),
    );
    expect(await world.repositories.labels.get(world.layer.id, world.song)).toMatchObject({
      sublistIds: [world.folk.id],
    });
    await toldOnce(world, []);
  });

  it('a correction the next start cannot make (the song put in jazz by hand meanwhile): its DM, cut short by a restart', async () => {
    const world = await crashWorld();
    const { repositories, layer, jazz, folk, song } = world;
    world.state.dying = false;
    // Killed as Spotify takes the add to folk (the call never returns).
    world.holdAdds();
    expect(await world.inProcess((bot) => bot.correctPlacement(USER, layer.id, song, [folk.id]))).toBe(
      'died',
    );
    world.state.adding = undefined;
    await world.spotify.addTracks(USER, jazz.playlistId, [song]);

    expect(await world.inProcess((bot) => bot.resumeAll())).toBe(1);

    expect(world.spotify.items(folk.playlistId)).toEqual([]);
    expect(await repositories.labels.get(layer.id, song)).toBeUndefined();
    await toldOnce(world, [
      expect.objectContaining({ kind: 'correction-refused', layerName: 'genres', heldBy: 'restart' }),
    ]);
  });

  it('a /sort whose first try failed (the user answered so), finished by the next start: no DM', async () => {
    const world = await crashWorld();
    const { repositories, layer, folk, song } = world;
    await repositories.labels.put(layer.id, song, [folk.id], 'session');
    world.state.dying = false;
    world.state.failing = 1;
    expect(await world.inProcess((bot) => bot.sort(USER, layer, { dryRun: false }))).toMatchObject({
      name: 'RunTryFailedError',
    });
    expect(await world.inProcess((bot) => bot.resumeAll())).toBe(1);
    expect(world.spotify.items(folk.playlistId)).toEqual([song]);
    await toldOnce(world, []);
  });
});
