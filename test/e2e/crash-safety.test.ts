import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployCommands } from '../../src/bot/deploy-commands.js';
import type { Sublist } from '../../src/core/layer-records.js';
import type { Database } from '../../src/db/database.js';
import { SpotifyAccountRepository } from '../../src/db/repositories/spotify-account.repository.js';
import { createSortingServices, type SortingServices } from '../../src/composition/sorting.js';
import { TokenCipher } from '../../src/spotify/token-cipher.js';
import { startFakeDiscord, type FakeDiscord, type FakeUser } from '../fakes/discord/index.js';
import { FakeSpotify } from '../fakes/spotify/index.js';
import { spotifyId } from '../support/sort-fixtures.js';
import { openTestDatabase } from '../support/test-database.js';
import { startTestModelPool } from '../support/model-pool.js';
import { RUN_APPLY_TRIES } from '../../src/services/sorting/run-applier.js';
import {
  killHard,
  startMainProcess,
  startWorkerProcess,
  stopProcess,
  type RunningProcess,
  type WorkerEnvironment,
} from './support/house-processes.js';

const SPOTIFY_USER = 'spotify-crash';
const TRACKS = 1000;
const KEY = randomBytes(32);
const CLIENT = { id: 'crash-client', secret: 'crash-secret' };
// A week between syncs (and the user synced at the start): no cron tick syncs during the test.
const SYNC_INTERVAL_MINUTES = 10_080;

const waitFor = async (condition: () => Promise<boolean> | boolean): Promise<void> => {
  while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 20));
};

/**
 * The real processes (`npm run worker`, `npm start`) on the test's database against the fake Spotify
 * and the fake Discord, killed with SIGKILL mid-way and started again as a supervisor would.
 */
describe('crash safety: a worker killed with SIGKILL in the middle of a 1,000-track plan', () => {
  let fake: FakeSpotify;
  let discord: FakeDiscord;
  let alice: FakeUser;
  let USER: string;
  let database: Database;
  let services: SortingServices;
  let sublists: Sublist[];
  const trackIds = Array.from({ length: TRACKS }, (_, i) => spotifyId(`crash${i}t`));
  const planned = (k: number) => trackIds.filter((_, i) => i % 3 === k);

  const environment = (): WorkerEnvironment => ({
    databaseUrl: database.url,
    tokenKey: KEY,
    discord,
    spotify: {
      apiUrl: fake.apiUrl,
      accountsUrl: fake.accountsUrl,
      clientId: CLIENT.id,
      clientSecret: CLIENT.secret,
    },
    syncIntervalMinutes: SYNC_INTERVAL_MINUTES,
  });

  const pool = startTestModelPool();
  const resumeJobsDone = async (): Promise<number> => {
    const [row] = (await database.dataSource.query(
      `select count(*)::int as done from pgboss.job where name = 'resume-sort-runs' and state = 'completed'`,
    )) as { done: number }[];
    return row?.done ?? 0;
  };
  /** A worker started again: it finishes every unfinished run at start; stopped once that job is done. */
  const restart = async (): Promise<RunningProcess> => {
    const before = await resumeJobsDone();
    const worker = startWorkerProcess(environment());
    await worker.ready;
    await waitFor(async () => (await resumeJobsDone()) > before);
    expect(await stopProcess(worker)).toBe(0);
    return worker;
  };

  beforeAll(async () => {
    discord = await startFakeDiscord({ waitTimeoutMs: 60_000 });
    await deployCommands({ token: discord.token, apiUrl: discord.apiUrl, guildId: undefined });
    alice = discord.user('alice');
    USER = alice.id;
    fake = await FakeSpotify.start({
      clientId: CLIENT.id,
      clientSecret: CLIENT.secret,
      redirectUris: ['http://127.0.0.1/callback'],
    });
    fake.addUser({ id: SPOTIFY_USER });
    const { playlistIds } = fake.seedLibrary(SPOTIFY_USER, {
      tracks: trackIds.map((id, i) => ({
        id,
        name: `Song ${i}`,
        artists: [{ id: spotifyId(`a${i % 30}`), name: `Artist ${i % 30}` }],
      })),
      liked: trackIds.map((trackId) => ({ trackId })),
      playlists: ['one', 'two', 'three'].map((name) => ({ name, trackIds: [] })),
    });
    database = await openTestDatabase();
    const { dataSource } = database;
    await dataSource.query(`insert into users (id) values ($1)`, [USER]);
    const cipher = new TokenCipher([{ id: 'k1', key: KEY }]);
    const issued = fake.issueTokens(SPOTIFY_USER);
    await new SpotifyAccountRepository(dataSource).link(
      {
        userId: USER,
        spotifyUserId: SPOTIFY_USER,
        accountId: null,
        displayName: SPOTIFY_USER,
        accessTokenCiphertext: cipher.encrypt(issued.accessToken),
        refreshTokenCiphertext: cipher.encrypt(issued.refreshToken),
        scopes: issued.scope,
        accessTokenExpiresAt: new Date(Date.now() + issued.expiresIn * 1000),
      },
      new Date(),
    );
    await dataSource.query(`update spotify_accounts set last_sync_at = now() where user_id = $1`, [USER]);
    await dataSource.query(
      `insert into tracks (id, name, artists, album) select unnest($1::text[]), 'song', '[]'::jsonb, '{}'::jsonb`,
      [trackIds],
    );
    await dataSource.query(
      `insert into library_entries (user_id, source_id, track_id) select $1, 'liked', unnest($2::text[])`,
      [USER, trackIds],
    );
    // The sublists' playlists as a library sync lists them: a run writes only to listed ones.
    await dataSource.query(
      `insert into user_playlists (user_id, playlist_id, name, owner_id) select $1, unnest($2::text[]), 'sublist', $3`,
      [USER, playlistIds, SPOTIFY_USER],
    );
    // The parent only plans; the children write.
    const writerNeverUsed = {
      addTracks: () => Promise.reject(new Error('the parent does not write')),
      removeTracks: () => Promise.reject(new Error('the parent does not write')),
      trackIds: () => Promise.reject(new Error('the parent does not read')),
      snapshotId: () => Promise.reject(new Error('the parent does not read')),
    };
    services = createSortingServices(database, {
      writer: writerNeverUsed,
      modelWork: pool,
      trainOptions: { epochs: 30 },
    });
    const layer = await services.repositories.layers.create({
      userId: USER,
      name: 'crash',
      motherlistId: 'liked',
      mutual: true,
      complete: true,
    });
    sublists = [];
    for (const [k, id] of playlistIds.entries())
      sublists.push(await services.repositories.sublists.add(layer.id, `s${k}`, id));
    // A model trained on a few labels, then the user's labels for every track: the plan is known.
    const { labels } = services.repositories;
    for (const [i, trackId] of trackIds.slice(0, 12).entries())
      await labels.put(layer.id, trackId, [sublists[i % 3]?.id as string], 'session');
    expect((await services.models.train(USER, layer)).activated).toBe(true);
    await labels.putMany(
      layer.id,
      trackIds.map((trackId, i) => ({ trackId, sublistIds: [sublists[i % 3]?.id as string] })),
      'import',
      [],
    );
  });
  afterAll(async () => {
    await services?.close();
    await pool.close();
    await database?.close();
    await fake?.stop();
    await discord?.close();
  });

  it('finishes the plan after a restart: no duplicate, none missing', async () => {
    const { run } = await services.sortRuns.sortLayer(
      USER,
      (await services.repositories.layers.byId(sublists[0]?.layerId as string))!,
      {
        dryRun: false,
        defer: true,
      },
    );
    const steps = await services.repositories.steps.listFor(run.id);
    expect(steps).toHaveLength(12);
    expect(steps.every((s) => s.trackIds.length <= 100)).toBe(true);

    // The worker takes the journaled run up at start, as after any restart.
    fake.setLatency(150);
    const worker = startWorkerProcess(environment());
    for (;;) {
      const done = (await services.repositories.steps.listFor(run.id)).filter((s) => s.done).length;
      if (done >= 5) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await killHard(worker);
    expect((await worker.exited).signal).toBe('SIGKILL');
    const afterKill = await services.repositories.steps.listFor(run.id);
    expect(afterKill.some((s) => !s.done)).toBe(true);
    expect((await services.repositories.runs.byId(run.id))?.status).toBe('applying');

    fake.setLatency(0);
    const restarted = await restart();
    expect(restarted.output()).toContain('"resumed":1');

    for (const [k, sublist] of sublists.entries()) {
      const items = fake.playlist(sublist.playlistId).trackIds;
      expect(new Set(items).size).toBe(items.length);
      expect([...items].sort()).toEqual([...planned(k)].sort());
    }
    expect((await services.repositories.runs.byId(run.id))?.status).toBe('done');
    expect((await services.repositories.steps.listFor(run.id)).every((s) => s.done)).toBe(true);
  }, 180_000);

  it('an /undo killed while reading the playlists, then while writing, is finished at restart and the user is told once (issue 24 item 13)', async () => {
    const layerId = sublists[0]?.layerId as string;
    const sorted = await services.repositories.runs.lastUndoable(layerId);
    expect(sorted).toBeDefined();
    const readsBefore = fake.requestCount('GET /playlists/{playlist_id}/items');

    // The bot process (npm start) is killed while its /undo reads what the playlists hold now
    // (before it knows its plan).
    fake.setLatency(150);
    const bot = startMainProcess(environment());
    await bot.ready;
    const dmsBefore = discord.dms(alice).length;
    discord.runSlashCommand({ user: alice, name: 'undo', options: { layer: 'crash' } });
    await waitFor(() => fake.requestCount('GET /playlists/{playlist_id}/items') >= readsBefore + 2);
    await killHard(bot);
    expect((await bot.exited).signal).toBe('SIGKILL');
    expect(fake.requestCount('DELETE /playlists/{playlist_id}/items')).toBe(0);

    // A worker takes the undo up at start; killed too once it is writing.
    const writing = startWorkerProcess(environment());
    await waitFor(() => fake.requestCount('DELETE /playlists/{playlist_id}/items') >= 2);
    await killHard(writing);
    expect((await writing.exited).signal).toBe('SIGKILL');
    const [undo] = (await services.repositories.runs.recentFor(layerId, 1)).filter((r) => r.kind === 'undo');
    expect(undo?.status).toBe('applying');

    fake.setLatency(0);
    const restarted = await restart();
    expect(restarted.output()).toContain('"resumed":1');
    for (const sublist of sublists) expect(fake.playlist(sublist.playlistId).trackIds).toEqual([]);
    expect((await services.repositories.runs.byId(sorted?.id as string))?.undoneAt).not.toBeNull();
    expect((await services.repositories.runs.byId(undo?.id as string))?.status).toBe('done');
    // Told once, by DM from the worker (the /undo's own reply died with the bot process).
    const dms = discord.dms(alice).slice(dmsBefore);
    expect(dms.map((m) => m.content)).toEqual([
      expect.stringMatching(/^Your \/undo of “crash”, cut short by a restart of Motherlist, has finished\. /),
    ]);

    // Told once: a later restart has nothing to finish and nothing to say.
    const later = await restart();
    expect(later.output()).not.toContain('"resumed"');
    expect(discord.dms(alice).slice(dmsBefore)).toHaveLength(1);
  }, 240_000);

  it(`a worker stopped cleanly (SIGTERM, a deploy) in the applies of one run ${RUN_APPLY_TRIES} times shuts down at once each time, and the next start finishes the run: a stop is no crash`, async () => {
    const layer = await services.repositories.layers.byId(sublists[0]?.layerId as string);
    if (!layer) throw new Error('no layer');
    const { run } = await services.sortRuns.sortLayer(USER, layer, { dryRun: false, defer: true });
    const stepsDone = async () =>
      (await services.repositories.steps.listFor(run.id)).filter((s) => s.done).length;
    const dmsBefore = discord.dms(alice).length;

    // Slow enough that what is left of the run takes longer than a shutdown may.
    fake.setLatency(1000);
    for (let deploy = 1; deploy <= RUN_APPLY_TRIES; deploy++) {
      const before = await stepsDone();
      const worker = startWorkerProcess(environment());
      await waitFor(async () => (await stepsDone()) > before);
      // It stops its apply at the next step and exits cleanly, the run left for the next start.
      expect(await stopProcess(worker)).toBe(0);
      expect((await services.repositories.runs.byId(run.id))?.status).toBe('applying');
    }
    expect(await stepsDone()).toBeLessThan(12);

    // The next start finishes it: the stops were not applies the process died in.
    fake.setLatency(0);
    const restarted = await restart();
    expect(restarted.output()).toContain('"resumed":1');
    expect((await services.repositories.runs.byId(run.id))?.status).toBe('done');
    for (const [k, sublist] of sublists.entries()) {
      const items = fake.playlist(sublist.playlistId).trackIds;
      expect(new Set(items).size).toBe(items.length);
      expect([...items].sort()).toEqual([...planned(k)].sort());
    }
    // The run stands for a /sort whose process went away before its answer: its summary comes by
    // DM once the next start has finished it, once (the first start owed it, as a kill would).
    expect(
      discord
        .dms(alice)
        .slice(dmsBefore)
        .map((m) => m.content),
    ).toEqual([
      expect.stringMatching(
        /^Your `\/sort` of “crash”, cut short by a restart of Motherlist, has been applied\./,
      ),
    ]);
  }, 300_000);
});
