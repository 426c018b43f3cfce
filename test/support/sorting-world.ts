import type { Layer, Sublist } from '../../src/core/layer-records.js';
import {
  createKeepSortedService,
  createSortingServices,
  type SortingServices,
  type SortingServicesOptions,
} from '../../src/composition/sorting.js';
import type { KeepSortedService } from '../../src/services/keep-sorted.service.js';
import type { DmMessage, DmResult, Notifier } from '../../src/services/notifier.js';
import { SpotifyPlaylistWriter } from '../../src/spotify/playlist-writer.js';
import type { SeedTrack } from '../fakes/spotify/index.js';
import { startSpotifyHarness, type HarnessOptions, type SpotifyHarness } from './spotify/spotify-harness.js';
import { spotifyId } from './sort-fixtures.js';
import { startTestModelPool } from './model-pool.js';

export class RecordingNotifier implements Notifier {
  readonly sent: { userId: string; message: DmMessage }[] = [];
  /** While set, a DM is not delivered: an Error is thrown (a crash mid-send), a result is returned. */
  failure: Error | Extract<DmResult, { delivered: false }> | undefined;
  /** Every DM asked for, delivered or not. */
  attempts = 0;
  async sendDm(userId: string, message: DmMessage): Promise<DmResult> {
    this.attempts++;
    if (this.failure instanceof Error) throw this.failure;
    if (this.failure) return this.failure;
    this.sent.push({ userId, message });
    return { delivered: true };
  }
}

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

export interface SortingWorld {
  harness: SpotifyHarness;
  services: SortingServices;
  keepSorted: KeepSortedService;
  notifier: RecordingNotifier;
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
  /** Options of the sorting services beyond the test defaults (enrichment, its progress). */
  sortingOptions: Pick<SortingServicesOptions, 'enrichment' | 'enrichmentProgress'> = {},
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
  await harness.database.dataSource.query(`insert into users (id) values ($1) on conflict do nothing`, [
    userId,
  ]);
  await harness.link(userId, spotifyUserId);
  await harness.sync.syncLibrary(userId);
  const pool = startTestModelPool();
  const services = createSortingServices(harness.database, {
    writer: new SpotifyPlaylistWriter(harness.sessions),
    modelWork: pool,
    trainOptions: { epochs: 60, folds: 3 },
    ...sortingOptions,
  });
  const notifier = new RecordingNotifier();
  const retrains: { userId: string; layerId: string }[] = [];
  const keepSorted = createKeepSortedService(services, {
    library: harness.sync,
    notifier,
    retrain: async (u, l) => {
      retrains.push({ userId: u, layerId: l });
    },
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
