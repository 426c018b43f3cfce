import type { Layer, Sublist } from '../../src/core/layer-records.js';
import { createBotPorts, type BotPortDeps } from '../../src/composition/bot-ports.js';
import { createBotServices, type BotServiceSet } from '../../src/composition/bot-services.js';
import {
  createKeepSortedService,
  createSortingServices,
  type SortingServices,
  type SortingServicesOptions,
} from '../../src/composition/sorting.js';
import type { KeepSortedService } from '../../src/services/sync/keep-sorted.service.js';
import { SpotifyPlaylistWriter } from '../../src/spotify/playlist-writer.js';
import type { SeedTrack } from '../fakes/spotify/index.js';
import { startSpotifyHarness, type HarnessOptions, type SpotifyHarness } from './spotify/spotify-harness.js';
import { MemoryNotifier } from './memory-notifier.js';
import { spotifyId } from './sort-fixtures.js';
import { startTestModelPool } from './model-pool.js';

export const GENRES = ['rock', 'jazz', 'folk'] as const;

/** Tracks whose artists say their genre: artist `g<k>a<j>` plays genre k. */
export const genreSeedTracks = (count: number, prefix: string): SeedTrack[] =>
  Array.from({ length: count }, (_, i) => {
    const genre = i % GENRES.length;
    const artist = `g${genre}a${Math.floor(i / GENRES.length) % 4}`;
    return {
      id: spotifyId(`${prefix}${i}t`),
      name: `${GENRES[genre]} song ${i}`,
      artists: [{ id: spotifyId(`art${artist}`), name: `Artist ${artist}` }],
      album: {
        id: spotifyId(`alb${artist}`),
        name: `Album ${artist}`,
        release_date: `${1970 + genre * 15}-01-01`,
      },
      duration_ms: 180_000 + genre * 40_000,
    };
  });

export const genreOf = (index: number): number => index % GENRES.length;

/** A layer over rock splits it by artist: the first two rock artists are early (0), the others late. */
export const eraOf = (index: number): 0 | 1 => (Math.floor(index / GENRES.length) % 4 < 2 ? 0 : 1);

export interface SortingWorld {
  harness: SpotifyHarness;
  services: SortingServices;
  keepSorted: KeepSortedService;
  notifier: MemoryNotifier;
  retrains: { userId: string; layerId: string }[];
  layer: Layer;
  sublists: Sublist[];
  close(): Promise<void>;
}

/**
 * The fake Spotify with one linked user whose Liked Songs hold `liked` tracks, three empty genre
 * playlists as the sublists of a mutual, complete layer, and every service wired as in production.
 */
export const startSortingWorld = async (
  userId: string,
  spotifyUserId: string,
  tracks: readonly SeedTrack[],
  liked: number,
  harnessOptions: HarnessOptions = {},
  /**
   * Options of the sorting services beyond the test defaults (enrichment, its progress, the clock
   * they and keep-sorted go by).
   */
  sortingOptions: Pick<SortingServicesOptions, 'enrichment' | 'enrichmentProgress' | 'now'> = {},
): Promise<SortingWorld> => {
  const harness = await startSpotifyHarness(harnessOptions);
  harness.fake.addUser({ id: spotifyUserId });
  const start = Date.parse('2026-01-01T00:00:00Z');
  const { playlistIds } = harness.fake.seedLibrary(spotifyUserId, {
    tracks: [...tracks],
    liked: tracks
      .slice(0, liked)
      .map((t, i) => ({ trackId: t.id, addedAt: new Date(start + i * 60_000).toISOString() })),
    playlists: GENRES.map((name) => ({ name, trackIds: [] })),
  });
  await harness.users.ensureUser(userId);
  await harness.link(userId, spotifyUserId);
  await harness.sync.syncLibrary(userId);
  const pool = startTestModelPool();
  const services = createSortingServices(harness.database, {
    writer: new SpotifyPlaylistWriter(harness.sessions),
    modelWork: pool,
    trainOptions: { epochs: 60, folds: 3 },
    ...sortingOptions,
  });
  const clock = harnessOptions.now;
  const notifier = new MemoryNotifier(harness.users, clock ? () => new Date(clock()) : undefined);
  const retrains: { userId: string; layerId: string }[] = [];
  const keepSorted = createKeepSortedService(services, {
    library: harness.sync,
    notifier,
    retrain: async (u, l) => {
      retrains.push({ userId: u, layerId: l });
    },
    ...(sortingOptions.now ? { now: sortingOptions.now } : {}),
  });
  const layer = await services.repositories.layers.create({
    userId,
    name: 'genres',
    motherlistId: 'liked',
    mutual: true,
    complete: true,
  });
  const sublists: Sublist[] = [];
  for (const [k, name] of GENRES.entries())
    sublists.push(await services.repositories.sublists.add(layer.id, name, playlistIds[k] as string));
  return {
    harness,
    services,
    keepSorted,
    notifier,
    retrains,
    layer,
    sublists,
    close: async () => {
      await services.close();
      await pool.close();
      await harness.close();
    },
  };
};

/**
 * The bot's services as the composition builds them over a sorting world: /link answers a fixed
 * URL, Spotify is the world's; `extra` adds the /train jobs.
 */
export const botServicesOver = (
  world: Pick<SortingWorld, 'harness' | 'services'>,
  extra: Pick<BotPortDeps, 'trainings'> = {},
): BotServiceSet =>
  createBotServices(
    world.services.repositories,
    createBotPorts({
      link: { createLinkUrl: async () => 'http://127.0.0.1/link/once' },
      spotify: world.harness.sessions,
      playlistReader: new SpotifyPlaylistWriter(world.harness.sessions),
      sorting: world.services,
      ...extra,
    }),
    { defaultSyncIntervalMinutes: 10 },
  );

/** The user answers the world's first tracks (`TRACKS.slice(0, n)`) with their genre's sublist. */
export const labelGenres = async (
  world: Pick<SortingWorld, 'services' | 'layer' | 'sublists'>,
  tracks: readonly SeedTrack[],
): Promise<void> => {
  for (const [i, track] of tracks.entries()) {
    const sublist = world.sublists[genreOf(i)]?.id as string;
    await world.services.repositories.labels.put(world.layer.id, track.id, [sublist], 'session');
  }
};

/**
 * The user answers these songs of the layer (track id, sublist id), trains its model, which must
 * come out active, and sorts the whole layer.
 */
export const answerTrainAndSort = async (
  world: Pick<SortingWorld, 'services'>,
  userId: string,
  layer: Layer,
  answers: readonly (readonly [string, string])[],
): Promise<void> => {
  const { repositories, models, sortRuns } = world.services;
  for (const [trackId, sublistId] of answers)
    await repositories.labels.put(layer.id, trackId, [sublistId], 'session');
  const trained = await models.train(userId, layer);
  if (!trained.activated) throw new Error(`the model of ${layer.name} was not activated`);
  await sortRuns.sortLayer(userId, layer, { dryRun: false });
};
