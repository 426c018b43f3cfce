import { beforeAll, describe, expect, it } from 'vitest';
import type { Layer, Sublist } from '../../../../src/core/layer-records.js';
import { createSortRunService } from '../../../../src/composition/sorting.js';
import type { SortRunService } from '../../../../src/services/sorting/sort-run.service.js';
import { faultyWriter } from '../../../support/faulty-writer.js';
import { createMemoryRepositories } from '../../../support/memory-repositories.js';
import { MemoryPlaylists } from '../../../support/memory-playlists.js';
import { MemoryRunLocks } from '../../../support/memory-run-locks.js';
import {
  addEntriesIn,
  addTracksIn,
  createLayerIn,
  genrePredictions,
  genreTracks,
  type FixtureTrack,
} from '../../../support/sort-fixtures.js';

interface World {
  layer: Layer;
  sublists: Sublist[];
  tracks: FixtureTrack[];
}

/**
 * At start every run left unfinished is finished (resumeAll, the resume job): one whose writes fail
 * (one user's Spotify down, a run that ends failed) does not hold back the other users' runs.
 */
describe('resuming the runs left unfinished', () => {
  const repositories = createMemoryRepositories();
  const spotify = new MemoryPlaylists();
  /** The playlists whose writes fail with a 503. */
  const failing = new Set<string>();
  const writer = faultyWriter(spotify, (call, playlistId) =>
    call === 'addTracks' && failing.has(playlistId)
      ? Object.assign(new Error('POST answered 503'), { status: 503 })
      : undefined,
  );
  const worlds = new Map<string, World>();
  let service: SortRunService;

  beforeAll(async () => {
    for (const user of ['user-resume-a', 'user-resume-b', 'user-resume-c']) {
      const own = user.slice(-1);
      const { layer, sublists } = await createLayerIn(
        repositories,
        user,
        { mutual: true, complete: true },
        ['rock', 'jazz', 'folk'],
        `genres ${own}`,
      );
      const tracks = genreTracks(6, 3, own);
      await addTracksIn(repositories, tracks);
      await addEntriesIn(
        repositories,
        user,
        'liked',
        tracks.map((t) => t.id),
      );
      worlds.set(user, { layer, sublists, tracks });
    }
    service = createSortRunService(
      repositories,
      new MemoryRunLocks(),
      {
        predictions: async (userId) => {
          const { tracks, sublists } = worlds.get(userId)!;
          return genrePredictions(tracks, sublists, 0.9);
        },
        weakness: async () => undefined,
      },
      { writer },
    );
  });

  it("finishes the other users' runs when one fails, and reports that one", async () => {
    const a = worlds.get('user-resume-a')!;
    const b = worlds.get('user-resume-b')!;
    // Journaled, not applied (as a process stopped before applying leaves them), A's first.
    for (const [user, world] of [...worlds].slice(0, 2))
      await service.sortLayer(user, world.layer, { dryRun: false, everything: true, defer: true });
    for (const sublist of a.sublists) failing.add(sublist.playlistId);

    const failures: { userId: string; error: unknown }[] = [];
    const resumed = await service.resumeAll((run, error) => {
      failures.push({ userId: run.userId, error });
    });
    expect(resumed).toBe(1);
    expect(failures.map((f) => [f.userId, String(f.error)])).toEqual([
      ['user-resume-a', 'Error: POST answered 503'],
    ]);
    expect(await repositories.runs.unfinishedFor(b.layer.id)).toEqual([]);
    expect(b.sublists.flatMap((s) => spotify.items(s.playlistId)).sort()).toEqual(
      b.tracks.map((t) => t.id).sort(),
    );
    expect((await repositories.runs.unfinishedFor(a.layer.id)).map((r) => r.status)).toEqual(['applying']);

    // With no one to report to, the first failure is thrown once every run was tried.
    const c = worlds.get('user-resume-c')!;
    await service.sortLayer('user-resume-c', c.layer, { dryRun: false, everything: true, defer: true });
    await expect(service.resumeAll()).rejects.toThrow(/503/);
    expect(await repositories.runs.unfinishedFor(c.layer.id)).toEqual([]);
    expect(c.sublists.flatMap((s) => spotify.items(s.playlistId))).toHaveLength(c.tracks.length);
  });
});
