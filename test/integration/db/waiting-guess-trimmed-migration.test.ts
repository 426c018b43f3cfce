import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../src/db/database.js';
import { WaitingGuessTrimmed1796698800000 } from '../../../src/db/migrations/1796698800000-WaitingGuessTrimmed.js';
import { openTestDatabase, testDatabaseUrl } from '../../support/test-database.js';

const USER = 'u-waiting-guess-trimmed';

/**
 * Waiting songs stored with a guess naming a sublist `/sublist remove` took away before removals
 * dropped it from the guesses: the migration drops it now (keeping the other sublists in order)
 * and marks the guess trimmed, so that a Place shown with the whole guess is refused.
 */
describe(`the migration trimming waiting guesses of removed sublists on ${testDatabaseUrl() ? 'PostgreSQL' : 'embedded PGlite'}`, () => {
  let database: Database;
  const migration = new WaitingGuessTrimmed1796698800000();
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(async () => {
    await database.close();
  });

  it('drops the removed sublists from the guesses, marks those trimmed, leaves the others', async () => {
    const runner = database.dataSource.createQueryRunner();
    try {
      await migration.down(runner);
      await runner.query('insert into users (id) values ($1)', [USER]);
      const [layer]: { id: string }[] = await runner.query(
        `insert into layers (user_id, name, motherlist_id, mutual, complete) values ($1, 'tags', 'liked', false, false) returning id`,
        [USER],
      );
      const sublist = async (name: string): Promise<string> => {
        const [row]: { id: string }[] = await runner.query(
          `insert into sublists (layer_id, name, playlist_id, position) values ($1, $2, $3, 0) returning id`,
          [layer!.id, name, `pl-${name}`],
        );
        return row!.id;
      };
      const day = await sublist('day');
      const night = await sublist('night');
      const removed = '6b1f3c2e-0d7a-4c1e-9a53-3f4f1b2a7c11';
      const guesses: [string, string[]][] = [
        ['t-whole', [day, night]],
        ['t-mixed', [night, removed, day]],
        ['t-gone', [removed]],
        ['t-void', []],
      ];
      for (const [track, guess] of guesses)
        await runner.query(
          `insert into waiting_tracks (layer_id, track_id, guess, confidence, since) values ($1, $2, $3, 0.5, now())`,
          [layer!.id, track, guess],
        );

      await migration.up(runner);

      const rows: { track_id: string; guess: string[]; guess_trimmed: boolean }[] = await runner.query(
        'select track_id, guess, guess_trimmed from waiting_tracks order by track_id',
      );
      expect(rows.map((row) => [row.track_id, row.guess, row.guess_trimmed])).toEqual([
        ['t-gone', [], true],
        ['t-mixed', [night, day], true],
        ['t-void', [], false],
        ['t-whole', [day, night], false],
      ]);
    } finally {
      await runner.release();
    }
  });
});
