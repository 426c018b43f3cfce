import { describe, expect, it } from 'vitest';
import { freshLayer, freshUser } from '../../contracts/fresh-layer.js';
import { libraryTrack, trackIds } from '../../contracts/library-stores.contract.js';
import { useTestRepositories } from '../../support/test-repositories.js';

const at = (minute: number): Date => new Date(Date.UTC(2026, 0, 1, 12, minute));

/**
 * A full sync's library entries and a sort's waiting songs are replaced by writing only what changed
 * (the embedded database serves nobody else meanwhile), and end up exactly as given.
 */
describe('replacing by the difference', () => {
  const db = useTestRepositories();

  const held = (userId: string, sourceId: string) =>
    db.repositories.entries
      .entries(userId, sourceId)
      .then((entries) => entries.map((entry) => [entry.trackId, entry.addedAt?.toISOString() ?? null]));

  it('removes what is gone, adds what is new, changes dates, keeps other sources and users', async () => {
    const user = await freshUser(db.repositories);
    const other = await freshUser(db.repositories);
    const [a, b, c, d] = trackIds('a', 'b', 'c', 'd') as [string, string, string, string];
    await db.repositories.tracks.upsertMetadata([a, b, c, d].map((id) => libraryTrack(id)));
    await db.repositories.entries.replace(user, 'liked', [
      { trackId: a, addedAt: at(1) },
      { trackId: b, addedAt: at(2) },
      { trackId: c, addedAt: null },
    ]);
    await db.repositories.entries.add(user, 'p1', [{ trackId: a, addedAt: at(3) }]);
    await db.repositories.entries.add(other, 'liked', [{ trackId: a, addedAt: at(4) }]);

    await db.repositories.entries.replace(user, 'liked', [
      { trackId: b, addedAt: at(2) },
      { trackId: c, addedAt: at(5) },
      { trackId: d, addedAt: null },
      { trackId: d, addedAt: at(6) },
    ]);
    expect(await held(user, 'liked')).toEqual([
      [d, at(6).toISOString()],
      [c, at(5).toISOString()],
      [b, at(2).toISOString()],
    ]);
    expect(await held(user, 'p1')).toEqual([[a, at(3).toISOString()]]);
    expect(await held(other, 'liked')).toEqual([[a, at(4).toISOString()]]);

    await db.repositories.entries.replace(user, 'liked', [{ trackId: b, addedAt: null }]);
    expect(await held(user, 'liked')).toEqual([[b, null]]);
    await db.repositories.entries.replace(user, 'liked', []);
    expect(await held(user, 'liked')).toEqual([]);
  });

  it('a replace that changes nothing writes nothing: one read in its transaction', async () => {
    const embedded = db.database.embedded;
    const user = await freshUser(db.repositories);
    const ids = trackIds('a', 'b', 'c');
    await db.repositories.tracks.upsertMetadata(ids.map((id) => libraryTrack(id)));
    const entries = ids.map((trackId, i) => ({ trackId, addedAt: at(i) }));
    await db.repositories.entries.replace(user, 'liked', entries);
    await embedded?.holds({ reset: true });
    await db.repositories.entries.replace(user, 'liked', entries);
    const holds = await embedded?.holds();
    if (holds) expect(holds.longestTransactions[0]?.statements).toBe(3);
    expect(await held(user, 'liked')).toHaveLength(3);
  });

  it('waiting songs: same songs write nothing; new, gone, re-guessed and re-scored songs are written', async () => {
    const embedded = db.database.embedded;
    const layer = await freshLayer(db.repositories, { mutual: true, complete: false });
    const song = (trackId: string, guess: string[], confidence: number) => ({ trackId, guess, confidence });
    const list = [song('t-1', ['s1'], 0.3), song('t-2', [], 0.41), song('t-3', ['s1', 's2'], 0.123456)];
    await db.repositories.waiting.record(layer.id, { replace: true, add: list, remove: [] });
    await embedded?.holds({ reset: true });
    await db.repositories.waiting.record(layer.id, { replace: true, add: list, remove: [] });
    const holds = await embedded?.holds();
    if (holds) expect(holds.longestTransactions[0]?.statements).toBe(3);
    expect(await db.repositories.waiting.listFor(layer.id)).toEqual([
      { trackId: 't-3', guess: ['s1', 's2'], confidence: expect.closeTo(0.123456, 5) },
      { trackId: 't-1', guess: ['s1'], confidence: expect.closeTo(0.3, 5) },
      { trackId: 't-2', guess: [], confidence: expect.closeTo(0.41, 5) },
    ]);

    await db.repositories.waiting.record(layer.id, {
      replace: true,
      add: [song('t-1', ['s2'], 0.3), song('t-2', [], 0.2), song('t-4', ['s1'], 0.5)],
      remove: [],
    });
    expect(await db.repositories.waiting.listFor(layer.id)).toEqual([
      { trackId: 't-2', guess: [], confidence: expect.closeTo(0.2, 5) },
      { trackId: 't-1', guess: ['s2'], confidence: expect.closeTo(0.3, 5) },
      { trackId: 't-4', guess: ['s1'], confidence: expect.closeTo(0.5, 5) },
    ]);
  });
});
