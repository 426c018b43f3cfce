import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../src/db/database.js';
import { SpotifyAccountOneHolder1796594827197 } from '../../../src/db/migrations/1796594827197-SpotifyAccountOneHolder.js';
import { openTestDatabase, testDatabaseUrl } from '../../support/test-database.js';

interface AccountRow {
  userId: string;
  spotifyUserId: string;
  accountId: string | null;
  status: 'active' | 'expired';
  linkedAt: string;
}

/** Links that the race could leave: one Spotify account held by several Discord users. */
const rows: AccountRow[] = [
  { userId: 'u-late', spotifyUserId: 'x', accountId: null, status: 'active', linkedAt: '2026-01-02' },
  { userId: 'u-first', spotifyUserId: 'x', accountId: null, status: 'active', linkedAt: '2026-01-01' },
  { userId: 'u-expired', spotifyUserId: 'x', accountId: null, status: 'expired', linkedAt: '2025-12-01' },
  // The same account under another Spotify user id: the account id says it is one.
  { userId: 'u-old', spotifyUserId: 'y', accountId: 'acct-1', status: 'expired', linkedAt: '2025-11-01' },
  { userId: 'u-renamed', spotifyUserId: 'z', accountId: 'acct-1', status: 'active', linkedAt: '2026-01-03' },
  // Tie on everything but the user: the smaller id is kept.
  { userId: 'u-tie-a', spotifyUserId: 't', accountId: null, status: 'active', linkedAt: '2026-01-04' },
  { userId: 'u-tie-b', spotifyUserId: 't', accountId: null, status: 'active', linkedAt: '2026-01-04' },
  { userId: 'u-alone', spotifyUserId: 'w', accountId: null, status: 'active', linkedAt: '2026-01-05' },
  { userId: 'u-alone-too', spotifyUserId: 'v', accountId: null, status: 'active', linkedAt: '2026-01-05' },
];

describe(`the migration to one holder per Spotify account on ${testDatabaseUrl() ? 'PostgreSQL' : 'embedded PGlite'}`, () => {
  let database: Database;
  const migration = new SpotifyAccountOneHolder1796594827197();
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(async () => {
    await database.close();
  });

  it('keeps one link of an account held twice (active, then earliest), the users stay, and holds it to one', async () => {
    const runner = database.dataSource.createQueryRunner();
    try {
      await migration.down(runner);
      for (const row of rows) {
        await runner.query('insert into users (id) values ($1)', [row.userId]);
        await runner.query(
          `insert into spotify_accounts (user_id, spotify_user_id, account_id, display_name, access_token_ciphertext,
             refresh_token_ciphertext, scopes, access_token_expires_at, status, linked_at)
           values ($1, $2, $3, 'Ada', 'a', 'r', 's', now(), $4, $5)`,
          [row.userId, row.spotifyUserId, row.accountId, row.status, row.linkedAt],
        );
      }
      await migration.up(runner);
      const kept: { user_id: string }[] = await runner.query(
        'select user_id from spotify_accounts order by user_id',
      );
      expect(kept.map((row) => row.user_id)).toEqual([
        'u-alone',
        'u-alone-too',
        'u-first',
        'u-renamed',
        'u-tie-a',
      ]);
      expect(await runner.query('select count(*)::int as users from users')).toEqual([
        { users: rows.length },
      ]);
      await expect(
        runner.query(
          `insert into spotify_accounts (user_id, spotify_user_id, display_name, access_token_ciphertext,
             refresh_token_ciphertext, scopes, access_token_expires_at)
           values ('u-late', 'x', 'Ada', 'a', 'r', 's', now())`,
        ),
      ).rejects.toMatchObject({ code: '23505' });
    } finally {
      await runner.release();
    }
  });
});
