import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBotPorts } from '../../../../src/composition/bot-ports.js';
import { createBotServices, type BotServiceSet } from '../../../../src/composition/bot-services.js';
import { createRepositories } from '../../../../src/composition/repositories.js';
import { HandEditRepository } from '../../../../src/db/repositories/hand-edit.repository.js';
import { LabelSessionRepository } from '../../../../src/db/repositories/label-session.repository.js';
import { OAuthStateRepository } from '../../../../src/db/repositories/oauth-state.repository.js';
import { createSortingServices, type SortingServices } from '../../../../src/composition/sorting.js';
import { SpotifyPlaylistWriter } from '../../../../src/spotify/playlist-writer.js';
import { likedOf, makeTracks } from '../../../support/spotify/seed.js';
import { startSpotifyHarness, type SpotifyHarness } from '../../../support/spotify/spotify-harness.js';
import { startTestModelPool } from '../../../support/model-pool.js';
import { rowCounts } from '../../../support/user-rows.js';

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
