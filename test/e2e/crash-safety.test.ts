import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sublist } from '../../src/core/layer-records.js';
import type { Database } from '../../src/db/database.js';
import { SpotifyAccountRepository } from '../../src/db/repositories/spotify-account.repository.js';
import { createSortingServices, type SortingServices } from '../../src/composition/sorting.js';
import { TokenCipher } from '../../src/spotify/token-cipher.js';
import { FakeSpotify } from '../fakes/spotify/index.js';
import { spotifyId } from '../support/sort-fixtures.js';
import { openTestDatabase } from '../support/test-database.js';
import { startTestModelPool } from '../support/model-pool.js';

const USER = 'discord-crash';
const SPOTIFY_USER = 'spotify-crash';
const TRACKS = 1000;
const KEY = randomBytes(32);
const CLIENT = { id: 'crash-client', secret: 'crash-secret' };

const exited = (child: ChildProcess) =>
  new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );

const waitFor = async (condition: () => Promise<boolean> | boolean): Promise<void> => {
  while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 20));
};

describe('crash safety: a worker killed with SIGKILL in the middle of a 1,000-track plan', () => {
  let fake: FakeSpotify;
  let database: Database;
  let services: SortingServices;
  let sublists: Sublist[];
  const trackIds = Array.from({ length: TRACKS }, (_, i) => spotifyId(`crash${i}t`));
  const planned = (k: number) => trackIds.filter((_, i) => i % 3 === k);

  const startChild = (runId?: string, undoLayerId?: string) =>
    spawn(process.execPath, ['--import', 'tsx', 'test/e2e/support/apply-runs-child.ts'], {
      env: {
        ...process.env,
        CHILD_DATABASE_URL: database.url,
        CHILD_TOKEN_KEY: KEY.toString('base64'),
        CHILD_CLIENT_ID: CLIENT.id,
        CHILD_CLIENT_SECRET: CLIENT.secret,
        CHILD_ACCOUNTS_URL: fake.accountsUrl,
        CHILD_API_URL: fake.apiUrl,
        CHILD_USER_ID: USER,
        ...(runId ? { CHILD_RUN_ID: runId } : {}),
        ...(undoLayerId ? { CHILD_UNDO_LAYER_ID: undoLayerId } : {}),
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });

  const pool = startTestModelPool();
  /** A worker started to finish every unfinished run, run to its end; what it printed. */
  const restart = async (): Promise<string> => {
    const child = startChild();
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    expect((await exited(child)).code).toBe(0);
    return output;
  };

  beforeAll(async () => {
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
    const cipher = new TokenCipher([{ id: 'test', key: KEY }]);
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
    await dataSource.query(
      `insert into tracks (id, name, artists, album) select unnest($1::text[]), 'song', '[]'::jsonb, '{}'::jsonb`,
      [trackIds],
    );
    await dataSource.query(
      `insert into library_entries (user_id, source_id, track_id) select $1, 'liked', unnest($2::text[])`,
      [USER, trackIds],
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

    fake.setLatency(150);
    const child = startChild(run.id);
    const exit = exited(child);
    for (;;) {
      const done = (await services.repositories.steps.listFor(run.id)).filter((s) => s.done).length;
      if (done >= 5) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    child.kill('SIGKILL');
    expect((await exit).signal).toBe('SIGKILL');
    const afterKill = await services.repositories.steps.listFor(run.id);
    expect(afterKill.some((s) => !s.done)).toBe(true);
    expect((await services.repositories.runs.byId(run.id))?.status).toBe('applying');

    fake.setLatency(0);
    const output = await restart();
    expect(output).toContain('resumed 1');

    for (const [k, sublist] of sublists.entries()) {
      const items = fake.playlist(sublist.playlistId).trackIds;
      expect(new Set(items).size).toBe(items.length);
      expect([...items].sort()).toEqual([...planned(k)].sort());
    }
    expect((await services.repositories.runs.byId(run.id))?.status).toBe('done');
    expect((await services.repositories.steps.listFor(run.id)).every((s) => s.done)).toBe(true);
  });

  it('an /undo killed while reading the playlists, then while writing, is finished at restart and the user is told once (issue 24 item 13)', async () => {
    const layerId = sublists[0]?.layerId as string;
    const sorted = await services.repositories.runs.lastUndoable(layerId);
    expect(sorted).toBeDefined();
    const readsBefore = fake.requestCount('GET /playlists/{playlist_id}/items');

    // Killed while the undo reads what the playlists hold now (before it knows its plan).
    fake.setLatency(150);
    const reading = startChild(undefined, layerId);
    const readingExit = exited(reading);
    await waitFor(() => fake.requestCount('GET /playlists/{playlist_id}/items') >= readsBefore + 2);
    reading.kill('SIGKILL');
    expect((await readingExit).signal).toBe('SIGKILL');
    expect(fake.requestCount('DELETE /playlists/{playlist_id}/items')).toBe(0);

    // The restarted worker takes the undo up again; killed again once it is writing.
    const writing = startChild();
    const writingExit = exited(writing);
    await waitFor(() => fake.requestCount('DELETE /playlists/{playlist_id}/items') >= 2);
    writing.kill('SIGKILL');
    expect((await writingExit).signal).toBe('SIGKILL');
    const [undo] = (await services.repositories.runs.recentFor(layerId, 1)).filter((r) => r.kind === 'undo');
    expect(undo?.status).toBe('applying');

    fake.setLatency(0);
    const output = await restart();
    expect(output).toContain('resumed 1');
    for (const sublist of sublists) expect(fake.playlist(sublist.playlistId).trackIds).toEqual([]);
    expect((await services.repositories.runs.byId(sorted?.id as string))?.undoneAt).not.toBeNull();
    expect((await services.repositories.runs.byId(undo?.id as string))?.status).toBe('done');
    const dms = output.split('\n').filter((line) => line.startsWith('dm '));
    expect(dms).toHaveLength(1);
    expect(dms[0]).toContain('"kind":"undo-finished"');
    expect(dms[0]).toContain('"undid":{"kind":"sort"');
    expect(dms[0]).toContain(USER);

    // Told once: a later restart has nothing to finish and nothing to say.
    const later = await restart();
    expect(later).toContain('resumed 0');
    expect(later).not.toContain('dm ');
  }, 120_000);
});
