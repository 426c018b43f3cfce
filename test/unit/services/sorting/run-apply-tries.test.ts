import { beforeAll, describe, expect, it } from 'vitest';
import type { Layer, Sublist } from '../../../../src/core/layer-records.js';
import { createSortRunService } from '../../../../src/composition/sorting.js';
import { RunFailedError, UserError } from '../../../../src/services/errors.js';
import { RUN_APPLY_TRIES } from '../../../../src/services/sorting/run-applier.js';
import type { SortRunService } from '../../../../src/services/sorting/sort-run.service.js';
import { faultyWriter } from '../../../support/faulty-writer.js';
import { createMemoryRepositories } from '../../../support/memory-repositories.js';
import { MemoryPlaylists } from '../../../support/memory-playlists.js';
import { MemoryRunLocks } from '../../../support/memory-run-locks.js';
import { genrePredictions, seedGenreLayerIn, type FixtureTrack } from '../../../support/sort-fixtures.js';

const USER = 'user-apply-tries';

/**
 * How often a run whose writes fail is tried again: for as long as the failure passes (Spotify's
 * 5xx, no answer, its limit), and RUN_APPLY_TRIES times for any other, after which it ends failed.
 */
describe('a run whose apply keeps failing', () => {
  const repositories = createMemoryRepositories();
  const spotify = new MemoryPlaylists();
  /** Spotify's side of the writes fails with this before each write while it is set. */
  let fault: (() => unknown) | undefined;
  const writer = faultyWriter(spotify, (call) =>
    call === 'addTracks' || call === 'removeTracks' ? fault?.() : undefined,
  );
  let service: SortRunService;
  let layer: Layer;
  let sublists: Sublist[];
  let tracks: FixtureTrack[];
  const predictions = async () => genrePredictions(tracks, sublists, 0.9);
  const inSublists = () => sublists.flatMap((s) => spotify.items(s.playlistId));
  const unfinished = () => repositories.runs.unfinishedFor(layer.id);
  /** A /sort that meets the fault: its run is journaled, and the error goes on. */
  const sortFailing = async (pattern: RegExp) => {
    await expect(service.sort(USER, layer, { dryRun: false, everything: true })).rejects.toThrow(pattern);
    const [run] = await unfinished();
    expect(run).toBeDefined();
    return run!.id;
  };

  beforeAll(async () => {
    ({ layer, sublists, tracks } = await seedGenreLayerIn(repositories, USER, {
      count: 12,
      prefix: 'tries',
    }));
    service = createSortRunService(
      repositories,
      new MemoryRunLocks(),
      { predictions, weakness: async () => undefined },
      { writer },
    );
  });

  it('a passing failure is tried again however often it recurs, and the run then finishes', async () => {
    const passing = [
      () => Object.assign(new Error('POST answered 503'), { status: 503 }),
      () => Object.assign(new Error('POST failed to connect'), { retryable: true }),
      () => Object.assign(new Error('rate limited'), { status: 429 }),
      () => new UserError({ code: 'spotify-quota', until: new Date() }),
    ];
    fault = passing[0];
    const runId = await sortFailing(/503/);
    for (const passingFault of passing)
      for (let tried = 0; tried < RUN_APPLY_TRIES; tried++) {
        fault = passingFault;
        await expect(service.finishUnfinished(USER, layer.id)).rejects.toThrow();
        expect((await repositories.runs.byId(runId))?.status).toBe('applying');
      }
    fault = undefined;
    await service.finishUnfinished(USER, layer.id);
    expect((await repositories.runs.byId(runId))?.status).toBe('done');
    expect(inSublists().sort()).toEqual(tracks.map((t) => t.id).sort());
  });

  it(`any other failure ends the run on try ${RUN_APPLY_TRIES}; passing ones between do not count`, async () => {
    await service.undoLast(USER, layer);
    expect(inSublists()).toEqual([]);
    fault = () => new TypeError('a bug');
    const runId = await sortFailing(/a bug/);
    for (let tried = 1; tried < RUN_APPLY_TRIES; tried++) {
      fault = () => Object.assign(new Error('POST answered 502'), { status: 502 });
      await expect(service.finishUnfinished(USER, layer.id)).rejects.toThrow(/502/);
      fault = () => new TypeError('a bug');
      await expect(service.finishUnfinished(USER, layer.id)).rejects.toThrow(
        tried + 1 < RUN_APPLY_TRIES ? /^a bug$/ : RunFailedError,
      );
    }
    const run = await repositories.runs.byId(runId);
    expect(run).toMatchObject({ status: 'failed', error: 'a bug' });
    expect((run?.summary as { failed?: { reference?: string } }).failed?.reference).toMatch(/^[0-9a-f]{8}$/);
    expect(await unfinished()).toEqual([]);

    // It is not tried again: the next /sort plans and writes everything anew.
    fault = undefined;
    await service.sort(USER, layer, { dryRun: false, everything: true });
    expect(inSublists().sort()).toEqual(tracks.map((t) => t.id).sort());
    expect((await repositories.runs.byId(runId))?.status).toBe('failed');
  });
});
