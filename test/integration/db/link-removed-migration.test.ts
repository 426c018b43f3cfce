import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../src/db/database.js';
import { SpotifyAccountOneHolder1796594827197 } from '../../../src/db/migrations/1796594827197-SpotifyAccountOneHolder.js';
import { LinkRemovedNotice1796684400000 } from '../../../src/db/migrations/1796684400000-LinkRemovedNotice.js';
import { openTestDatabase, testDatabaseUrl } from '../../support/test-database.js';

/**
 * The migration to one holder per Spotify account unlinked the other holders without a word; the
 * next one marks them (users with layers or a synced library and no link) so that the bot tells them.
 */
describe(`the users an earlier migration unlinked, on ${testDatabaseUrl() ? 'PostgreSQL' : 'embedded PGlite'}`, () => {
  let database: Database;
  const holder = new SpotifyAccountOneHolder1796594827197();
  const notice = new LinkRemovedNotice1796684400000();
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(async () => {
    await database.close();
  });

  it('are marked owed a notice when they have layers or a synced library; the kept holder and the never-linked are not', async () => {
    const runner = database.dataSource.createQueryRunner();
    const link = (userId: string, linkedAt: string) =>
      runner.query(
        `insert into spotify_accounts (user_id, spotify_user_id, display_name, access_token_ciphertext,
           refresh_token_ciphertext, scopes, access_token_expires_at, status, linked_at)
         values ($1, 'shared', 'Ada', 'a', 'r', 's', now(), 'active', $2)`,
        [userId, linkedAt],
      );
    try {
      await notice.down(runner);
      await holder.down(runner);
      for (const id of ['u-first', 'u-layers', 'u-playlists', 'u-nothing', 'u-never'])
        await runner.query('insert into users (id) values ($1)', [id]);
      await link('u-first', '2026-01-01');
      await link('u-layers', '2026-01-02');
      await link('u-playlists', '2026-01-03');
      await link('u-nothing', '2026-01-04');
      for (const id of ['u-first', 'u-layers'])
        await runner.query(
          `insert into layers (user_id, name, motherlist_id, mutual, complete) values ($1, 'Genres', 'liked', true, true)`,
          [id],
        );
      await runner.query(
        `insert into user_playlists (user_id, playlist_id, name, owner_id) values ('u-playlists', 'p1', 'Mix', 'shared')`,
      );

      await holder.up(runner);
      await notice.up(runner);

      const rows: { id: string; marked: boolean }[] = await runner.query(
        'select id, link_removed_at is not null as marked from users order by id',
      );
      expect(Object.fromEntries(rows.map((row) => [row.id, row.marked]))).toEqual({
        'u-first': false,
        'u-layers': true,
        'u-playlists': true,
        // Unlinked too, but nothing of theirs says they ever were linked: not told.
        'u-nothing': false,
        'u-never': false,
      });
    } finally {
      await runner.release();
    }
  });
});
