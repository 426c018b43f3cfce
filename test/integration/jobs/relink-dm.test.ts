import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSortingJobs, type RunningSortingJobs } from '../../../src/composition/sorting-jobs.js';
import { startSpotifyHarness, type SpotifyHarness } from '../../support/spotify/spotify-harness.js';
import { spotifyId } from '../../support/sort-fixtures.js';
import { MemoryNotifier } from '../../support/memory-notifier.js';
import { startTestModelPool } from '../../support/model-pool.js';
import { runSyncJob, sortingJobsOver } from '../../support/sync-job.js';

const USER = 'discord-relink';
const SPOTIFY_USER = 'spotify-relink';

/**
 * The "link again" DM with the real pieces: the fake Spotify answers `invalid_grant` to the
 * refresh, the sync job (pg-boss, keep-sorted, library sync, Spotify session) meets it.
 */
describe('the relink DM when Spotify refuses the refresh token', () => {
  let harness: SpotifyHarness;
  let running: RunningSortingJobs;
  let notifier: MemoryNotifier;
  const relinkDms = () => notifier.sent.filter((s) => s.userId === USER && s.message.kind === 'relink');

  const expireTheLink = () => {
    harness.fake.revokeGrants(SPOTIFY_USER);
    // The access token stops working too, so the next call must refresh (and is refused).
    harness.fake.expireAccessTokens(SPOTIFY_USER);
  };

  const pool = startTestModelPool();
  beforeAll(async () => {
    harness = await startSpotifyHarness();
    notifier = new MemoryNotifier(harness.users);
    harness.fake.addUser({ id: SPOTIFY_USER });
    const trackIds = [0, 1, 2].map((i) => spotifyId(`relink${i}t`));
    harness.fake.seedLibrary(SPOTIFY_USER, {
      tracks: trackIds.map((id, i) => ({
        id,
        name: `Song ${i}`,
        artists: [{ id: spotifyId('relinkartist'), name: 'Artist' }],
      })),
      liked: trackIds.map((trackId) => ({ trackId })),
    });
    await harness.database.dataSource.query(`insert into users (id) values ($1)`, [USER]);
    await harness.link(USER, SPOTIFY_USER);
    running = await startSortingJobs(
      sortingJobsOver(harness, { notifier, modelWork: pool, retrainDebounceSeconds: 1 }),
    );
  });
  afterAll(async () => {
    await running?.stop();
    await pool.close();
    await harness?.close();
  });

  it('a sync on a working link sends no relink DM', async () => {
    expect(await runSyncJob(running, USER)).toBe('completed');
    expect((await harness.accounts.byUserId(USER))?.lastSyncAt).not.toBeNull();
    expect(relinkDms()).toHaveLength(0);
  });

  it('the sync that meets invalid_grant marks the link expired and sends the DM once', async () => {
    expireTheLink();
    expect(await runSyncJob(running, USER)).toBe('completed');
    const refused = harness.fake.tokenRequests.filter(
      (r) => r.grantType === 'refresh_token' && r.status === 400,
    );
    expect(refused.length).toBeGreaterThan(0);
    expect((await harness.accounts.byUserId(USER))?.status).toBe('expired');
    expect(relinkDms()).toHaveLength(1);
    expect(relinkDms()[0]?.message).toMatchObject({ kind: 'relink' });
  });

  it('is not repeated by later syncs while the link stays expired', async () => {
    expect(await runSyncJob(running, USER)).toBe('completed');
    expect(await runSyncJob(running, USER)).toBe('completed');
    await running.jobs.tick();
    expect(relinkDms()).toHaveLength(1);
  });

  it('relinking clears it: syncs work again, and a later expiry is told again (once)', async () => {
    await harness.link(USER, SPOTIFY_USER);
    expect((await harness.accounts.byUserId(USER))?.status).toBe('active');
    expect(await runSyncJob(running, USER)).toBe('completed');
    expect((await harness.accounts.byUserId(USER))?.lastSyncAt).not.toBeNull();
    expect(relinkDms()).toHaveLength(1);

    expireTheLink();
    expect(await runSyncJob(running, USER)).toBe('completed');
    expect(await runSyncJob(running, USER)).toBe('completed');
    expect(relinkDms()).toHaveLength(2);
  });
});
