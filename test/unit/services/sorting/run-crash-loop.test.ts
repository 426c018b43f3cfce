import { describe, expect, it } from 'vitest';
import type { Sublist } from '../../../../src/core/layer-records.js';
import { createSortRunService } from '../../../../src/composition/sorting.js';
import { RunFailedError, runReference } from '../../../../src/services/errors.js';
import type { PlaylistWriter } from '../../../../src/services/ports/sort-run.ports.js';
import { RUN_APPLY_TRIES } from '../../../../src/services/sorting/run-applier.js';
import { createMemoryRepositories } from '../../../support/memory-repositories.js';
import { MemoryNotifier } from '../../../support/memory-notifier.js';
import { MemoryPlaylists } from '../../../support/memory-playlists.js';
import { MemoryRunLocks } from '../../../support/memory-run-locks.js';
import { addEntriesIn, seedGenreLayerIn } from '../../../support/sort-fixtures.js';

const USER = 'user-crash-loop';

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
  const [rock, , folk] = sublists as [Sublist, Sublist, Sublist];
  const song = tracks[0]!.id;
  await addEntriesIn(repositories, USER, rock.playlistId, [song]);
  spotify.set(rock.playlistId, [song]);
  const state = { dying: true, died: 0 };
  let died: () => void = () => undefined;
  const start = () => {
    const writer: PlaylistWriter = {
      addTracks: (userId, playlistId, trackIds) => spotify.addTracks(userId, playlistId, trackIds),
      removeTracks: (userId, playlistId, trackIds) => {
        if (!state.dying || playlistId !== rock.playlistId)
          return spotify.removeTracks(userId, playlistId, trackIds);
        state.died++;
        died();
        return new Promise(() => undefined);
      },
      trackIds: (userId, playlistId) => spotify.trackIds(userId, playlistId),
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
  return { repositories, spotify, notifier, state, inProcess, layer, rock, folk, song };
};

describe('a run whose apply the process never lives through', () => {
  it(`ends failed at the start after ${RUN_APPLY_TRIES} cut short: the song back where it was, the user told, the layer free`, async () => {
    const world = await crashWorld();
    const { repositories, layer, rock, folk, song } = world;
    await repositories.labels.put(layer.id, song, [folk.id], 'session');

    // The /sort adds the song to folk, then the process dies taking it out of rock.
    expect(await world.inProcess((bot) => bot.sort(USER, layer, { dryRun: false }))).toBe('died');
    const [run] = await repositories.runs.unfinishedFor(layer.id);
    if (!run) throw new Error('no run left applying');
    // Each start resumes it, and dies at the same place.
    for (let tried = 1; tried < RUN_APPLY_TRIES; tried++)
      expect(await world.inProcess((bot) => bot.resumeAll())).toBe('died');
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
    expect(world.notifier.to(USER)).toEqual([
      {
        kind: 'run-failed',
        what: 'sort',
        layerName: 'genres',
        reference: runReference(run.id),
        ourError: true,
      },
    ]);

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
    expect(world.notifier.to(USER)).toEqual([
      {
        kind: 'correction-failed',
        layerName: 'genres',
        trackName: expect.any(String),
        sublistNames: ['folk'],
        reference: runReference(run.id),
        ourError: true,
      },
    ]);
    expect(await world.inProcess((bot) => bot.finishUnfinished(USER, layer.id))).toBeUndefined();
    expect(world.notifier.to(USER)).toHaveLength(1);
  });
});
