import { describe, expect, it } from 'vitest';
import { ownWritesSync } from '../../../support/own-writes-sync.js';
import { spotifyId } from '../../../support/sort-fixtures.js';

const USER = 'user-layer-cycle';

/**
 * Two layers stored in a circle before adopting refused one (A's sublist is B's motherlist, B's
 * sublist A's): a sync would send the songs round, each layer taking in what the other placed.
 * The sync skips them, says which in its report, and keeps sorting the user's other layers.
 */
describe('a sync over layers stored in a circle', () => {
  it('skips the layers of the circle, reports them, and syncs the others', async () => {
    const { repositories, keepSorted, layer } = await ownWritesSync(USER, 'cy', () => undefined);
    const [p, q] = [spotifyId('plcirclep'), spotifyId('plcircleq')];
    for (const [playlistId, name] of [
      [p, 'P'],
      [q, 'Q'],
    ] as const)
      await repositories.playlists.save(USER, {
        playlistId,
        name,
        ownerId: USER,
        collaborative: false,
        snapshotId: 'initial',
        itemTotal: 0,
        unsortableItems: 0,
        syncedAt: null,
      });
    const mode = { mutual: true, complete: true };
    const a = await repositories.layers.create({ userId: USER, name: 'Circle A', motherlistId: p, ...mode });
    const b = await repositories.layers.create({ userId: USER, name: 'Circle B', motherlistId: q, ...mode });
    await repositories.sublists.add(a.id, 'To B', q);
    await repositories.sublists.add(b.id, 'To A', p);

    const report = await keepSorted.syncUser(USER);

    expect(report.layers.map((synced) => synced.layerId)).toEqual([layer.id]);
    expect(report.inCycles).toEqual([[a.id, b.id]]);
  });
});
