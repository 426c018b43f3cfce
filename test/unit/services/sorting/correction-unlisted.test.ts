import { beforeAll, describe, expect, it } from 'vitest';
import type { Layer, Sublist } from '../../../../src/core/layer-records.js';
import { createSortRunService } from '../../../../src/composition/sorting.js';
import type { SortRunService } from '../../../../src/services/sorting/sort-run.service.js';
import { createMemoryRepositories } from '../../../support/memory-repositories.js';
import { MemoryPlaylists } from '../../../support/memory-playlists.js';
import { MemoryRunLocks } from '../../../support/memory-run-locks.js';
import { seedGenreLayerIn, type FixtureTrack } from '../../../support/sort-fixtures.js';

const USER = 'user-correction-unlisted';

/**
 * A correction (a DM's Place or menu, a summary's menu) naming a sublist whose playlist a sync
 * finds gone while the correction waits for the layer's lock: refused, as if it had been gone
 * before the press, not stored as an answer that no run would write.
 */
describe('a correction waiting for the layer while a sync finds its sublist gone', () => {
  const repositories = createMemoryRepositories();
  const spotify = new MemoryPlaylists();
  /** Playlists the next library read no longer lists (deleted or unfollowed by the user). */
  const gone = new Set<string>();
  let firstCheck!: () => void;
  const checked = new Promise<void>((resolve) => (firstCheck = resolve));
  const contents = {
    ...repositories.contents,
    listedPlaylists: async (userId: string, playlistIds: readonly string[]) => {
      const listed = await repositories.contents.listedPlaylists(userId, playlistIds);
      firstCheck();
      return new Set([...listed].filter((id) => !gone.has(id)));
    },
  };
  let service: SortRunService;
  let layer: Layer;
  let sublists: Sublist[];
  let tracks: FixtureTrack[];

  beforeAll(async () => {
    ({ layer, sublists, tracks } = await seedGenreLayerIn(repositories, USER, { count: 3, prefix: 'cu' }));
    service = createSortRunService(
      { ...repositories, contents },
      new MemoryRunLocks(),
      {
        predictions: async () => ({ modelId: 'none', modelVersion: 1, enriched: 0, predictions: [] }),
        weakness: async () => undefined,
      },
      { writer: spotify },
    );
  });

  it('is refused once it holds the lock: no label, nothing written', async () => {
    const rock = sublists[0]!;
    const song = tracks[0]!.id;
    let holding!: () => void;
    const locked = new Promise<void>((resolve) => (holding = resolve));
    // The sync holds the layer; the correction's first check passes, then it waits for the lock.
    const sync = service.whileLayersLocked([layer.id], async () => {
      holding();
      await checked;
      gone.add(rock.playlistId);
    });
    await locked;
    const correction = service.correctPlacement(USER, layer.id, song, [rock.id]);
    await sync;

    await expect(correction).rejects.toMatchObject({
      problem: { code: 'sublist-unlisted', sublistNames: ['rock'] },
    });
    expect(await repositories.labels.get(layer.id, song)).toBeUndefined();
    expect(spotify.items(rock.playlistId)).toEqual([]);
    expect(spotify.writes).toBe(0);
  });
});
