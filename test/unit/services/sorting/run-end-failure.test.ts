import { beforeEach, describe, expect, it } from 'vitest';
import type { Layer, Sublist } from '../../../../src/core/layer-records.js';
import { createSortRunService } from '../../../../src/composition/sorting.js';
import { referenceOf, RunFailedError } from '../../../../src/services/errors.js';
import { RUN_APPLY_TRIES } from '../../../../src/services/sorting/run-applier.js';
import type { RunSummary } from '../../../../src/services/sorting/run-summary.js';
import type { SortRunService } from '../../../../src/services/sorting/sort-run.service.js';
import { faultyWriter } from '../../../support/faulty-writer.js';
import { createMemoryRepositories, type MemoryRepositories } from '../../../support/memory-repositories.js';
import { endingAtLastTry, namesOf, passesAt } from '../../../support/run-tries.js';
import { MemoryPlaylists } from '../../../support/memory-playlists.js';
import { MemoryRunLocks } from '../../../support/memory-run-locks.js';
import { genrePredictions, seedGenreLayerIn, type FixtureTrack } from '../../../support/sort-fixtures.js';

const USER = 'user-run-end';
/** The new likes of the sync run (the layer held nothing before). */
const NEW = 6;

/**
 * How a sync run that fails for a cause of ours ends: after RUN_APPLY_TRIES tries it is marked
 * failed and its new likes not placed wait. Here the writes that end it, or that journal a
 * Spotify write, fail too.
 */
describe('a failing sync run whose ending or journal fails too', () => {
  let repositories: MemoryRepositories;
  let spotify: MemoryPlaylists;
  /** Each fault throws while it is set. */
  let writeFault: (() => unknown) | undefined;
  let endFault: (() => unknown) | undefined;
  let markFault: (() => unknown) | undefined;
  let readFault: (() => unknown) | undefined;
  let service: SortRunService;
  let layer: Layer;
  let sublists: Sublist[];
  let tracks: FixtureTrack[];
  const fresh = () => tracks.map((t) => t.id);
  const inSublists = () => new Set(sublists.flatMap((s) => spotify.items(s.playlistId)));
  const waiting = async () => new Set((await repositories.waiting.listFor(layer.id)).map((w) => w.trackId));
  const unfinished = () => repositories.runs.unfinishedFor(layer.id);

  beforeEach(async () => {
    repositories = createMemoryRepositories();
    spotify = new MemoryPlaylists();
    writeFault = endFault = markFault = readFault = undefined;
    const writer = faultyWriter(spotify, (call) =>
      call === 'addTracks' ? writeFault?.() : call === 'trackIds' ? readFault?.() : undefined,
    );
    const runs: typeof repositories.runs = {
      ...repositories.runs,
      fail: async (...args) => {
        if (endFault) throw endFault();
        return repositories.runs.fail(...args);
      },
    };
    const steps: typeof repositories.steps = {
      ...repositories.steps,
      markDone: async (...args) => {
        if (markFault) throw markFault();
        return repositories.steps.markDone(...args);
      },
    };
    ({ layer, sublists, tracks } = await seedGenreLayerIn(repositories, USER, { count: NEW, prefix: 'end' }));
    service = createSortRunService(
      { ...repositories, runs, steps },
      new MemoryRunLocks(),
      { predictions: async () => genrePredictions(tracks, sublists, 0.9), weakness: async () => undefined },
      { writer },
    );
  });

  /** A sync run of the new likes that fails: journaled, not ended. */
  const syncFailing = async (pattern: RegExp) => {
    await expect(
      service.sortNewTracks(USER, layer, fresh(), new Set(), undefined, { dm: true }),
    ).rejects.toThrow(pattern);
    const [run] = await unfinished();
    expect(run?.kind).toBe('sync');
    return run!.id;
  };

  it(`ends by try ${RUN_APPLY_TRIES} when the write that marks it failed throws: its new likes wait, with a reference`, async () => {
    writeFault = () => new TypeError('a bug');
    endFault = () => new TypeError('the end is refused');
    const runId = await syncFailing(/a bug/);
    // Bounded: the run has ended by try RUN_APPLY_TRIES, and later passes do not try it again.
    const outcomes = await passesAt(RUN_APPLY_TRIES + 2, () => service.finishUnfinished(USER, layer.id));
    expect(namesOf(outcomes)).toEqual(endingAtLastTry(RUN_APPLY_TRIES + 2, 2));
    expect(String(outcomes[0])).toContain('a bug');
    expect(await unfinished()).toEqual([]);
    const run = await repositories.runs.byId(runId);
    expect(run).toMatchObject({ status: 'failed', error: 'a bug' });
    const failed = (run?.summary as RunSummary).failed;
    expect(failed?.reference).toBe((outcomes[RUN_APPLY_TRIES - 2] as RunFailedError).reference);
    expect(failed).toMatchObject({ unplacedCount: NEW, ourError: true });
    // Nothing lost: every new like waits, none was placed.
    const now = await waiting();
    expect(fresh().filter((id) => !now.has(id))).toEqual([]);
    expect(fresh().filter((id) => inSublists().has(id))).toEqual([]);
  });

  it('gives every try of the run one reference, the one its end shows: the log of each try is found by it', async () => {
    const bugs = Array.from({ length: RUN_APPLY_TRIES }, (_, i) => `bug number ${i + 1}`);
    writeFault = () => new TypeError(bugs[0]);
    const tries: unknown[] = [
      await service
        .sortNewTracks(USER, layer, fresh(), new Set(), undefined, { dm: true })
        .catch((e: unknown) => e),
    ];
    const [run] = await unfinished();
    for (const bug of bugs.slice(1)) {
      writeFault = () => new TypeError(bug);
      tries.push(await service.finishUnfinished(USER, layer.id).catch((e: unknown) => e));
    }
    // Each try says its own cause…
    expect(tries.map((e) => (e as Error).message.replace(/^sort run \S+ failed: /, ''))).toEqual(bugs);
    expect(tries.at(-1)).toBeInstanceOf(RunFailedError);
    // …under the reference the DM and /status give.
    const failed = ((await repositories.runs.byId(run!.id))?.summary as RunSummary).failed;
    expect(failed?.reference).toMatch(/^[0-9a-f]{8}$/);
    expect(tries.map(referenceOf)).toEqual(tries.map(() => failed?.reference));
  });

  it(`ends by try ${RUN_APPLY_TRIES} when the playlists cannot be read back either: its unwritten new likes wait`, async () => {
    writeFault = () => new TypeError('a bug');
    const runId = await syncFailing(/a bug/);
    readFault = () => new TypeError('an answer we cannot read');
    const outcomes = await passesAt(RUN_APPLY_TRIES + 1, () => service.finishUnfinished(USER, layer.id));
    expect(namesOf(outcomes)).toEqual(endingAtLastTry(RUN_APPLY_TRIES + 1, 2));
    expect((await repositories.runs.byId(runId))?.status).toBe('failed');
    const now = await waiting();
    expect(fresh().filter((id) => !now.has(id))).toEqual([]);
  });

  it('counts a song Spotify took whose journal write failed as placed, not waiting, when the run ends', async () => {
    markFault = () => new TypeError('the journal is refused');
    const runId = await syncFailing(/the journal is refused/);
    for (let tried = 1; tried < RUN_APPLY_TRIES; tried++)
      await expect(service.finishUnfinished(USER, layer.id)).rejects.toThrow(
        tried + 1 < RUN_APPLY_TRIES ? /the journal is refused/ : RunFailedError,
      );
    expect(await unfinished()).toEqual([]);
    // Spotify took the first step's songs (its journal then failed): they count placed, not
    // waiting; the songs of the steps never written wait.
    const placed = fresh().filter((id) => inSublists().has(id));
    expect(placed.length).toBeGreaterThan(0);
    const now = await waiting();
    expect(fresh().filter((id) => now.has(id))).toEqual(fresh().filter((id) => !placed.includes(id)));
    const summary = (await repositories.runs.byId(runId))?.summary as RunSummary;
    expect(summary.placed.map((p) => p.trackId).sort()).toEqual(placed.sort());
    expect(summary.failed?.unplacedCount).toBe(NEW - placed.length);
  });
});
