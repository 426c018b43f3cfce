import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSortingServices, type SortingServices } from '../../../../src/composition/sorting.js';
import type { Database } from '../../../../src/db/database.js';
import { MemoryPlaylists } from '../../../support/memory-playlists.js';
import { startTestModelPool } from '../../../support/model-pool.js';
import { addEntriesIn, addTracksIn, createLayerIn, genreTracks } from '../../../support/sort-fixtures.js';
import { openTestDatabase } from '../../../support/test-database.js';

const USER = 'discord-sort-clock';
const NOW = new Date('2031-05-04T12:00:00.000Z');

/** Sort runs and their journal are dated by the injected clock, not the system's (issue 20). */
describe('sort runs on an injected clock', () => {
  let database: Database;
  let services: SortingServices;
  const pool = startTestModelPool();
  beforeAll(async () => {
    database = await openTestDatabase();
    services = createSortingServices(database, {
      writer: new MemoryPlaylists(),
      modelWork: pool,
      now: () => NOW,
    });
  });
  afterAll(async () => {
    await services.close();
    await pool.close();
    await database.close();
  });

  it('dates a correction’s finish and its steps by the clock', async () => {
    const { layer, sublists } = await createLayerIn(
      services.repositories,
      USER,
      { mutual: true, complete: false },
      ['rock', 'jazz'],
    );
    const [track] = genreTracks(1, 2);
    await addTracksIn(services.repositories, [track!]);
    await addEntriesIn(services.repositories, USER, 'liked', [track!.id]);
    const { runs, steps } = services.repositories;
    const corrected = await services.sortRuns.correctPlacement(USER, layer.id, track!.id, [sublists[0]!.id]);
    expect((await runs.byId(corrected.run.id))?.finishedAt).toEqual(NOW);
    const [step] = await steps.listFor(corrected.run.id);
    expect(step?.done).toBe(true);
    const rows: { done_at: Date }[] = await database.dataSource.query(
      'select done_at from sort_steps where id = $1',
      [step?.id],
    );
    expect(new Date(rows[0]!.done_at)).toEqual(NOW);
  });
});
