import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../src/db/database.js';
import { WaitingLeftMotherlist1796695200000 } from '../../../src/db/migrations/1796695200000-WaitingLeftMotherlist.js';
import { openTestDatabase, testDatabaseUrl } from '../../support/test-database.js';

const USER = 'u-waiting-left-migration';
const LIKED = 'liked';
const MIX = 'pl-waiting-left-mix';

/**
 * Waiting songs of a layer's motherlist that a sync read gone before syncs learned to take them off
 * the waiting list (8ce060b): that sync took them out of the layer's intake (layer_tracks) but left
 * them waiting. The migration drops those, and only those, on PGlite and PostgreSQL alike.
 */
describe(`the migration dropping waiting songs gone from their motherlist on ${testDatabaseUrl() ? 'PostgreSQL' : 'embedded PGlite'}`, () => {
  let database: Database;
  const migration = new WaitingLeftMotherlist1796695200000();
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(async () => {
    await database.close();
  });

  it('drops a waiting song out of its motherlist and intake, keeps the others', async () => {
    const runner = database.dataSource.createQueryRunner();
    try {
      await runner.query('insert into users (id) values ($1)', [USER]);
      const tracks = ['gone', 'held', 'unsynced', 'new-like', 'mix-gone', 'mix-held', 'not-begun'];
      for (const id of tracks)
        await runner.query(`insert into tracks (id, name, artists, album) values ($1, $1, '[]', '{}')`, [id]);
      const layer = async (name: string, motherlistId: string, begun: boolean): Promise<string> => {
        const [row]: { id: string }[] = await runner.query(
          `insert into layers (user_id, name, motherlist_id, mutual, complete, tracks_since)
           values ($1, $2, $3, true, true, $4) returning id`,
          [USER, name, motherlistId, begun ? new Date() : null],
        );
        return row!.id;
      };
      const moods = await layer('moods', LIKED, true);
      const mix = await layer('mix', MIX, true);
      const fresh = await layer('fresh', LIKED, false);
      const entries = [
        [LIKED, 'held'],
        [LIKED, 'new-like'],
        [MIX, 'mix-held'],
      ];
      for (const [source, track] of entries)
        await runner.query('insert into library_entries (user_id, source_id, track_id) values ($1, $2, $3)', [
          USER,
          source,
          track,
        ]);
      const intake = [
        [moods, 'held'],
        [moods, 'unsynced'],
        [mix, 'mix-held'],
      ];
      for (const [layerId, track] of intake)
        await runner.query('insert into layer_tracks (layer_id, track_id) values ($1, $2)', [layerId, track]);
      const waiting = [
        [moods, 'gone'], // out of Liked Songs and of the intake: the old sync's leftover
        [moods, 'held'],
        [moods, 'unsynced'], // out of Liked Songs, not yet read gone by a sync (the next one drops it)
        [moods, 'new-like'], // liked since the last sync, left waiting by a /sort
        [mix, 'mix-gone'],
        [mix, 'mix-held'],
        [fresh, 'not-begun'], // a layer that has not begun its intake: its rows say nothing
      ];
      for (const [layerId, track] of waiting)
        await runner.query(
          `insert into waiting_tracks (layer_id, track_id, guess, confidence, since) values ($1, $2, '{}', 0.5, now())`,
          [layerId, track],
        );

      await migration.up(runner);

      const left: { layer_id: string; track_id: string }[] = await runner.query(
        'select layer_id, track_id from waiting_tracks order by track_id',
      );
      expect(left.map((row) => row.track_id)).toEqual([
        'held',
        'mix-held',
        'new-like',
        'not-begun',
        'unsynced',
      ]);
    } finally {
      await runner.release();
    }
  });
});
