import { describe, expect, it } from 'vitest';
import type { WaitingTrack } from '../../../src/core/layer-records.js';
import type { NewSortRun } from '../../../src/core/run-records.js';
import { freshLayer } from '../../contracts/fresh-layer.js';
import { useTestRepositories } from '../../support/test-repositories.js';

const ids = (prefix: string, count: number): string[] =>
  Array.from({ length: count }, (_, i) => `${prefix}-${String(i).padStart(5, '0')}`);
const song = (trackId: string, confidence = 0.4): WaitingTrack => ({ trackId, guess: [], confidence });
const sortRun = (
  layerId: string,
  motherlist: readonly string[],
  waiting: readonly WaitingTrack[],
): NewSortRun => ({
  layerId,
  modelId: null,
  kind: 'sort',
  status: 'planned',
  summary: {},
  intake: { add: motherlist, remove: [] },
  waiting: { replace: true, add: waiting, remove: [] },
});
/** A journal whose transaction fails after its run row was sent, as a crash right after the staging would. */
const failing = (run: NewSortRun): NewSortRun => ({ ...run, summary: { unserializable: 1n } });

/**
 * A first sort's intake and waiting songs are written ahead of its journal in short statements of
 * their own, counting for nothing until the journal commits: a crash or a failed journal in
 * between leaves the layer as if the sort had never been planned, and the retry writes it exactly.
 */
describe('the first sort journal', () => {
  const db = useTestRepositories();

  const waitingRows = async (layerId: string): Promise<number> => {
    const rows: { count: string | number }[] = await db.database.dataSource.query(
      `select count(*) as count from waiting_tracks where layer_id = $1`,
      [layerId],
    );
    return Number(rows[0]?.count);
  };

  it('journals in a short transaction what it wrote ahead, exactly', async () => {
    const embedded = db.database.embedded;
    const layer = await freshLayer(db.repositories);
    const motherlist = ids('m', 4_500);
    const waiting = motherlist.slice(0, 1_200).map((id) => song(id));
    await embedded?.holds({ reset: true });
    const run = await db.repositories.runs.create(sortRun(layer.id, motherlist, waiting), []);
    const holds = await embedded?.holds();
    // BEGIN, the run row (TypeORM looks its given id up first), the beginning of the record, COMMIT.
    if (holds) expect(holds.longestTransactions[0]?.statements).toBe(5);
    expect(await db.repositories.runs.byId(run.id)).toMatchObject({ status: 'planned' });
    const intake = await db.repositories.intake.intakeOf(layer.id);
    expect(intake.since).toBeInstanceOf(Date);
    expect([...intake.trackIds].sort()).toEqual(motherlist);
    expect(await db.repositories.waiting.countFor(layer.id)).toBe(1_200);
    expect(await db.repositories.waiting.byTrack(layer.id, 'm-00007')).toEqual({
      ...song('m-00007'),
      confidence: expect.closeTo(0.4, 5),
    });
  });

  it('a sync begins a layer’s record the same way: written ahead, begun by one short transaction', async () => {
    const embedded = db.database.embedded;
    const layer = await freshLayer(db.repositories);
    await db.repositories.intake.begin(layer.id, ids('s', 3_000));
    const motherlist = [...ids('s', 4_500).slice(1_000), ...ids('u', 100)];
    await embedded?.holds({ reset: true });
    await db.repositories.intake.begin(layer.id, motherlist);
    const holds = await embedded?.holds();
    // BEGIN, taking out the 1,000 tracks gone since the last beginning, beginning the record, COMMIT.
    if (holds) expect(holds.longestTransactions[0]?.statements).toBe(4);
    const intake = await db.repositories.intake.intakeOf(layer.id);
    expect(intake.since).toBeInstanceOf(Date);
    expect([...intake.trackIds].sort()).toEqual(motherlist);
  });

  it('a first sort cut short before its journal takes in nothing and leaves nothing waiting; the retry takes in exactly its motherlist', async () => {
    const layer = await freshLayer(db.repositories);
    const before = ids('a', 2_600);
    await expect(
      db.repositories.runs.create(
        failing(
          sortRun(
            layer.id,
            before,
            before.slice(0, 700).map((id) => song(id)),
          ),
        ),
        [],
      ),
    ).rejects.toThrow();
    expect(await db.repositories.runs.unfinishedFor(layer.id)).toEqual([]);
    // Not begun: the next sync begins the record from the motherlist as it is then (none of it news).
    expect(await db.repositories.intake.intakeOf(layer.id)).toEqual({ since: null, trackIds: new Set() });
    expect(await db.repositories.waiting.listFor(layer.id)).toEqual([]);
    expect(await db.repositories.waiting.countFor(layer.id)).toBe(0);
    expect(await db.repositories.waiting.byTrack(layer.id, 'a-00001')).toBeUndefined();

    // Meanwhile the motherlist lost a-00000 and gained b-…; the retry's record is exactly the new one.
    const after = [...before.slice(1), ...ids('b', 300)];
    const retried = after.slice(0, 900).map((id) => song(id, 0.3));
    await db.repositories.runs.create(sortRun(layer.id, after, retried), []);
    expect([...(await db.repositories.intake.intakeOf(layer.id)).trackIds].sort()).toEqual([...after].sort());
    const listed = await db.repositories.waiting.listFor(layer.id);
    expect(listed.map((w) => w.trackId).sort()).toEqual(retried.map((w) => w.trackId).sort());
    expect(listed.every((w) => Math.abs(w.confidence - 0.3) < 1e-6)).toBe(true);
    // What the cut-short sort wrote ahead is gone, not merely hidden.
    expect(await waitingRows(layer.id)).toBe(900);
  });

  it('a re-sort cut short before its journal leaves the last sort’s waiting songs as they were', async () => {
    const layer = await freshLayer(db.repositories);
    const motherlist = ids('r', 1_000);
    await db.repositories.runs.create(
      sortRun(
        layer.id,
        motherlist,
        motherlist.slice(0, 600).map((id) => song(id)),
      ),
      [],
    );
    const held = await db.repositories.waiting.listFor(layer.id);
    const since = (await db.repositories.intake.intakeOf(layer.id)).since;

    const next = motherlist.slice(300, 1_000).map((id) => song(id, 0.2));
    await expect(
      db.repositories.runs.create(failing(sortRun(layer.id, motherlist, next)), []),
    ).rejects.toThrow();
    expect(await db.repositories.waiting.listFor(layer.id)).toEqual(held);
    expect(await db.repositories.intake.intakeOf(layer.id)).toEqual({ since, trackIds: new Set(motherlist) });

    // A sync run's waiting song that the cut-short sort had written ahead waits from its own journal.
    await db.repositories.runs.create(
      {
        ...sortRun(layer.id, [], []),
        kind: 'sync',
        intake: { add: [], remove: [] },
        waiting: { replace: false, add: [song('r-00900', 0.1)], remove: [] },
      },
      [],
    );
    expect(await db.repositories.waiting.byTrack(layer.id, 'r-00900')).toEqual({
      ...song('r-00900'),
      confidence: expect.closeTo(0.1, 5),
    });
    expect(await db.repositories.waiting.countFor(layer.id)).toBe(601);

    await db.repositories.runs.create(sortRun(layer.id, motherlist, next), []);
    expect((await db.repositories.waiting.listFor(layer.id)).map((w) => w.trackId).sort()).toEqual(
      next.map((w) => w.trackId).sort(),
    );
    expect(await waitingRows(layer.id)).toBe(700);
  });
});
