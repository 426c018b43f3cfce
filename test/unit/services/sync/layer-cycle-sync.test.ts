import { describe, expect, it } from 'vitest';
import { ownWritesSync, type OwnWritesSync } from '../../../support/own-writes-sync.js';
import { saveOwnedPlaylist, spotifyId } from '../../../support/sort-fixtures.js';

const USER = 'user-layer-cycle';
const mode = { mutual: true, complete: true };

/** Two playlists P and Q of the user, and layers A over P and B over Q (not in a circle yet). */
const twoLayers = async ({ repositories }: OwnWritesSync, userId: string) => {
  const [p, q] = [spotifyId(`plcirclep${userId}`), spotifyId(`plcircleq${userId}`)];
  await saveOwnedPlaylist(repositories, userId, p, 'P');
  await saveOwnedPlaylist(repositories, userId, q, 'Q');
  const a = await repositories.layers.create({ userId, name: 'Circle A', motherlistId: p, ...mode });
  const b = await repositories.layers.create({ userId, name: 'Circle B', motherlistId: q, ...mode });
  return { a, b, p, q };
};

/** Two layers in a circle: A's sublist is B's motherlist, B's sublist A's. */
const circle = async (sync: OwnWritesSync, userId: string) => {
  const { a, b, p, q } = await twoLayers(sync, userId);
  await sync.repositories.sublists.add(a.id, 'To B', q);
  const toA = await sync.repositories.sublists.add(b.id, 'To A', p);
  return { a, b, p, toA };
};

const circleDm = {
  kind: 'layers-in-circle',
  links: [
    { parent: 'Circle A', sublist: 'To B', child: 'Circle B' },
    { parent: 'Circle B', sublist: 'To A', child: 'Circle A' },
  ],
};

/**
 * Two layers stored in a circle before adopting refused one (A's sublist is B's motherlist, B's
 * sublist A's): a sync would send the songs round, each layer taking in what the other placed.
 * The sync skips them, says which in its report, and keeps sorting the user's other layers.
 */
describe('a sync over layers stored in a circle', () => {
  it('skips the layers of the circle, reports them, and syncs the others', async () => {
    const sync = await ownWritesSync(USER, 'cy', () => undefined);
    const { a, b } = await circle(sync, USER);

    const report = await sync.keepSorted.syncUser(USER);

    expect(report.layers.map((synced) => synced.layerId)).toEqual([sync.layer.id]);
    expect(report.inCycles).toEqual([[a.id, b.id]]);
  });

  it('tells the user by DM once per circle, not at every sync; a circle closed again is told again', async () => {
    const userId = `${USER}-dm`;
    const sync = await ownWritesSync(userId, 'cd', () => undefined);
    const { b, toA, p } = await circle(sync, userId);

    await sync.keepSorted.syncUser(userId);
    await sync.keepSorted.syncUser(userId);
    expect(sync.notifier.to(userId)).toEqual([circleDm]);

    // Broken (the user removed a sublist), the circle is not told; closed again, it is.
    await sync.repositories.sublists.delete(toA.id);
    await sync.keepSorted.syncUser(userId);
    expect(sync.notifier.to(userId)).toHaveLength(1);
    await sync.repositories.sublists.add(b.id, 'To A', p);
    await sync.keepSorted.syncUser(userId);
    await sync.keepSorted.syncUser(userId);
    expect(sync.notifier.to(userId)).toEqual([circleDm, circleDm]);
  });

  it('a layer joining the circle is told of; a DM that did not go out is owed to the next sync, one refused is not', async () => {
    const userId = `${USER}-owed`;
    const sync = await ownWritesSync(userId, 'co', () => undefined);
    const { a, b, p, q } = await twoLayers(sync, userId);
    await sync.repositories.sublists.add(a.id, 'To B', q);
    await sync.repositories.sublists.add(b.id, 'To A', p);

    // Discord down: nothing delivered, so the next sync tells.
    sync.notifier.failing = true;
    await sync.keepSorted.syncUser(userId);
    expect(sync.notifier.to(userId)).toEqual([]);
    sync.notifier.failing = false;
    await sync.keepSorted.syncUser(userId);
    expect(sync.notifier.to(userId)).toEqual([circleDm]);

    // A third layer joins it: the circle is another one now, told again.
    const r = spotifyId(`plcircler${userId}`);
    const c = await sync.repositories.layers.create({ userId, name: 'Circle C', motherlistId: r, ...mode });
    await sync.repositories.sublists.add(b.id, 'To C', r);
    await sync.repositories.sublists.add(c.id, 'Back to A', p);
    await sync.keepSorted.syncUser(userId);
    expect(sync.notifier.to(userId)).toHaveLength(2);
    expect(sync.notifier.to(userId)[1]).toMatchObject({
      kind: 'layers-in-circle',
      links: expect.arrayContaining([{ parent: 'Circle C', sublist: 'Back to A', child: 'Circle A' }]),
    });

    // DMs closed: Discord's refusal ends it (the user's /status shows the refusal and the circle).
    await sync.repositories.sublists.delete(
      (await sync.repositories.sublists.listFor(c.id)).find((s) => s.name === 'Back to A')!.id,
    );
    await sync.keepSorted.syncUser(userId);
    await sync.repositories.sublists.add(c.id, 'Back to A', p);
    sync.notifier.closed.add(userId);
    const attempts = sync.notifier.attempts;
    await sync.keepSorted.syncUser(userId);
    expect(sync.notifier.attempts).toBe(attempts + 1);
    sync.notifier.closed.delete(userId);
    await sync.repositories.users.clearFailure(userId);
    await sync.keepSorted.syncUser(userId);
    expect(sync.notifier.attempts).toBe(attempts + 1);
    expect(sync.notifier.to(userId)).toHaveLength(2);
  });
});
