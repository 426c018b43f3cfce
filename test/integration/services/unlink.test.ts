import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { createBotPorts } from '../../../src/composition/bot-ports.js';
import { createBotServices, type BotServiceSet } from '../../../src/composition/bot-services.js';
import { createRepositories } from '../../../src/composition/repositories.js';
import { HandEditRepository } from '../../../src/db/repositories/hand-edit.repository.js';
import { LabelSessionRepository } from '../../../src/db/repositories/label-session.repository.js';
import { OAuthStateRepository } from '../../../src/db/repositories/oauth-state.repository.js';
import { createSortingServices, type SortingServices } from '../../../src/composition/sorting.js';
import { SpotifyPlaylistWriter } from '../../../src/spotify/playlist-writer.js';
import { likedOf, makeTracks } from '../../support/spotify/seed.js';
import { startSpotifyHarness, type SpotifyHarness } from '../../support/spotify/spotify-harness.js';
import { startTestModelPool } from '../../support/model-pool.js';

/**
 * For every table of the schema (read from the database, so a new table is covered without
 * touching this test), the SQL condition that selects the rows of one user: its `user_id`, or a
 * foreign key into a table whose rows are the user's. Tables with neither are shared (tracks, caches).
 */
const userRowConditions = async (dataSource: DataSource): Promise<Map<string, string>> => {
  const tables: { table_name: string }[] = await dataSource.query(
    `select table_name from information_schema.tables
      where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`,
  );
  const columns: { table_name: string; column_name: string }[] = await dataSource.query(
    `select table_name, column_name from information_schema.columns where table_schema = 'public'`,
  );
  const keys: { table_name: string; column_name: string; ref_table: string; ref_column: string }[] =
    await dataSource.query(
      `select kcu.table_name, kcu.column_name, ccu.table_name as ref_table, ccu.column_name as ref_column
         from information_schema.table_constraints tc
         join information_schema.key_column_usage kcu
           on kcu.constraint_name = tc.constraint_name and kcu.table_schema = tc.table_schema
         join information_schema.constraint_column_usage ccu
           on ccu.constraint_name = tc.constraint_name and ccu.table_schema = tc.table_schema
        where tc.constraint_type = 'FOREIGN KEY' and tc.table_schema = 'public'`,
    );
  const conditions = new Map<string, string>([['users', 'id = $1']]);
  for (const { table_name } of tables)
    if (columns.some((c) => c.table_name === table_name && c.column_name === 'user_id'))
      conditions.set(table_name, 'user_id = $1');
  for (let grew = true; grew;) {
    grew = false;
    for (const key of keys) {
      const parent = conditions.get(key.ref_table);
      if (conditions.has(key.table_name) || !parent) continue;
      conditions.set(
        key.table_name,
        `${key.column_name} in (select ${key.ref_column} from ${key.ref_table} where ${parent})`,
      );
      grew = true;
    }
  }
  return conditions;
};

const rowCounts = async (dataSource: DataSource, userId: string): Promise<Record<string, number>> => {
  const counts: Record<string, number> = {};
  for (const [table, condition] of await userRowConditions(dataSource)) {
    const [row] = (await dataSource.query(`select count(*)::int as n from ${table} where ${condition}`, [
      userId,
    ])) as { n: number }[];
    counts[table] = row?.n ?? 0;
  }
  return counts;
};

describe('/unlink leaves no row of the user in any table', () => {
  let h: SpotifyHarness;
  let sorting: SortingServices;
  let set: BotServiceSet;

  /** A user with a row in every table that can hold one, through the real repositories and sync. */
  const seedUser = async (userId: string, spotifyUserId: string) => {
    const tracks = makeTracks(spotifyUserId, 6);
    h.fake.addUser({ id: spotifyUserId });
    const { playlistIds } = h.fake.seedLibrary(spotifyUserId, {
      tracks,
      liked: likedOf(tracks),
      playlists: [{ name: 'Rock', trackIds: [] }],
    });
    await h.link(userId, spotifyUserId);
    await h.sync.syncLibrary(userId);
    const { dataSource } = h.database;
    const r = sorting.repositories;
    await new OAuthStateRepository(dataSource).create({
      linkId: `link-${userId}`,
      userId,
      state: `state-${userId}`,
      codeVerifier: 'v'.repeat(43),
      expiresAt: new Date(Date.now() + 600_000),
    });
    await r.settings.save({ ...(await r.settings.get(userId)), autoSort: false });
    const layer = await r.layers.create({
      userId,
      name: 'Genres',
      motherlistId: 'liked',
      mutual: true,
      complete: true,
    });
    const sublist = await r.sublists.add(layer.id, 'Rock', playlistIds[0] as string);
    const trackId = tracks[0]!.id;
    await r.labels.put(layer.id, trackId, [sublist.id], 'session');
    await new LabelSessionRepository(dataSource).open(userId, layer.id, 'channel-1');
    await new HandEditRepository(dataSource).record([
      { layerId: layer.id, sublistId: sublist.id, trackId, action: 'add', detectedAt: new Date() },
    ]);
    await r.intake.begin(
      layer.id,
      tracks.map((t) => t.id),
    );
    await r.waiting.record(layer.id, {
      replace: true,
      add: [{ trackId: tracks[1]!.id, guess: [sublist.id], confidence: 0.5 }],
      remove: [],
    });
    await r.models.insert({
      layerId: layer.id,
      featureSpec: {},
      weights: new Uint8Array([1]),
      thresholds: [],
      metrics: {},
      labelCount: 1,
      backend: 'cpu',
    });
    await r.runs.create({ layerId: layer.id, modelId: null, kind: 'sort', status: 'planned', summary: {} }, [
      { sublistId: sublist.id, playlistId: sublist.playlistId, action: 'add', trackIds: [trackId] },
    ]);
  };

  const pool = startTestModelPool();
  beforeAll(async () => {
    h = await startSpotifyHarness();
    sorting = createSortingServices(h.database, {
      writer: new SpotifyPlaylistWriter(h.sessions),
      modelWork: pool,
    });
    const ports = createBotPorts({
      link: { createLinkUrl: async () => 'http://127.0.0.1/link/unused' },
      spotify: h.sessions,
      playlistReader: new SpotifyPlaylistWriter(h.sessions),
      sorting,
    });
    set = createBotServices(createRepositories(h.database), ports, { defaultSyncIntervalMinutes: 10 });
    await seedUser('d-gone', 'gone');
    await seedUser('d-stays', 'stays');
  });
  afterAll(async () => {
    await sorting?.close();
    await pool.close();
    await h?.close();
  });

  it('deletes every row of the user and none of anyone else', async () => {
    const { dataSource } = h.database;
    const before = await rowCounts(dataSource, 'd-gone');
    // The seed reaches every table that holds users' rows; a new one must be seeded here too.
    expect(Object.entries(before).filter(([, n]) => n === 0)).toEqual([]);
    expect(Object.keys(before)).toEqual(expect.arrayContaining(['library_entries', 'user_playlists']));
    const others = await rowCounts(dataSource, 'd-stays');

    expect(await set.services.unlink.unlink('d-gone')).toEqual({ hadAccount: true, layersDeleted: 1 });

    const after = await rowCounts(dataSource, 'd-gone');
    expect(Object.entries(after).filter(([, n]) => n > 0)).toEqual([]);
    expect(await rowCounts(dataSource, 'd-stays')).toEqual(others);
  });
});
