import type { DataSource } from 'typeorm';
import type { Layer, Sublist } from '../../src/core/layer-records.js';
import type { Track } from '../../src/core/track.js';
import type { LayerPredictions } from '../../src/services/model/layer-predictions.js';
import type { LayerStore, SublistStore } from '../../src/services/ports/layer.ports.js';
import type { LibraryWrites } from '../contracts/library-stores.contract.js';

/** A 22-character Spotify-like id from a short name. */
export const spotifyId = (name: string): string =>
  name
    .replace(/[^A-Za-z0-9]/g, '')
    .padEnd(22, '0')
    .slice(0, 22);

export interface FixtureTrack {
  id: string;
  name: string;
  artist: string;
}

/** Tracks whose artist says where they belong: `genre-k` artists for sublist k. */
export const genreTracks = (count: number, genres: number, prefix = 'trk'): FixtureTrack[] =>
  Array.from({ length: count }, (_, i) => ({
    id: spotifyId(`${prefix}${i}x`),
    name: `Song ${prefix} ${i}`,
    artist: `genre${i % genres}-artist${Math.floor(i / genres) % 3}`,
  }));

export const insertUser = async (dataSource: DataSource, userId: string): Promise<void> => {
  await dataSource.query(`insert into users (id) values ($1) on conflict do nothing`, [userId]);
};

export const insertTracks = async (
  dataSource: DataSource,
  tracks: readonly FixtureTrack[],
): Promise<void> => {
  for (let start = 0; start < tracks.length; start += 500) {
    const chunk = tracks.slice(start, start + 500);
    await dataSource.query(
      `insert into tracks (id, name, artists, album)
       select t.id, t.name, jsonb_build_array(jsonb_build_object('id', t.artist, 'name', t.artist)), jsonb_build_object('name', t.artist || ' album')
         from jsonb_to_recordset($1::jsonb) as t(id text, name text, artist text)
       on conflict (id) do nothing`,
      [JSON.stringify(chunk)],
    );
  }
};

/** Library entries of one source, the first track the newest. */
export const insertEntries = async (
  dataSource: DataSource,
  userId: string,
  sourceId: string,
  trackIds: readonly string[],
): Promise<void> => {
  const now = Date.now();
  for (let start = 0; start < trackIds.length; start += 500) {
    const chunk = trackIds
      .slice(start, start + 500)
      .map((id, i) => ({ id, at: new Date(now - (start + i) * 1000).toISOString() }));
    await dataSource.query(
      `insert into library_entries (user_id, source_id, track_id, added_at)
       select $1, $2, t.id, t.at::timestamptz from jsonb_to_recordset($3::jsonb) as t(id text, at text)
       on conflict do nothing`,
      [userId, sourceId, JSON.stringify(chunk)],
    );
  }
};

/** What the fixtures below write through: the repositories, or the unit tier's in-memory stores. */
export interface FixtureStores extends LibraryWrites {
  layers: Pick<LayerStore, 'create'>;
  sublists: Pick<SublistStore, 'add'>;
}

/** A fixture track as the sync stores it (what insertTracks writes). */
export const fixtureTrack = (track: FixtureTrack): Track => ({
  id: track.id,
  name: track.name,
  artists: [{ id: track.artist, name: track.artist }],
  album: { name: `${track.artist} album` },
});

export const addTracksIn = (stores: FixtureStores, tracks: readonly FixtureTrack[]): Promise<void> =>
  stores.tracks.upsertMetadata(tracks.map(fixtureTrack));

/** Library entries of one source, the first track the newest (what insertEntries writes). */
export const addEntriesIn = (
  stores: FixtureStores,
  userId: string,
  sourceId: string,
  trackIds: readonly string[],
): Promise<void> => {
  const now = Date.now();
  return stores.entries.add(
    userId,
    sourceId,
    trackIds.map((trackId, i) => ({ trackId, addedAt: new Date(now - i * 1000) })),
  );
};

/** Stores a playlist the user owns, as a library sync that has not read its songs yet. */
export const saveOwnedPlaylist = (
  stores: Pick<FixtureStores, 'playlists'>,
  userId: string,
  playlistId: string,
  name: string,
): Promise<void> =>
  stores.playlists.save(userId, {
    playlistId,
    name,
    ownerId: userId,
    collaborative: false,
    snapshotId: 'initial',
    itemTotal: 0,
    unsortableItems: 0,
    syncedAt: null,
  });

/** A user with a layer over Liked Songs and `names.length` sublists backed by playlists `pl<layer><name>`. */
export const createLayerIn = async (
  stores: FixtureStores,
  userId: string,
  mode: { mutual: boolean; complete: boolean },
  names: readonly string[],
  layerName = 'genres',
): Promise<{ layer: Layer; sublists: Sublist[] }> => {
  await stores.users.ensureUser(userId);
  const layer = await stores.layers.create({ userId, name: layerName, motherlistId: 'liked', ...mode });
  const sublists: Sublist[] = [];
  for (const name of names) {
    const playlistId = spotifyId(`pl${layerName}${name}`);
    await saveOwnedPlaylist(stores, userId, playlistId, name);
    sublists.push(await stores.sublists.add(layer.id, name, playlistId));
  }
  return { layer, sublists };
};

/**
 * A rock/jazz/folk layer (mutual and complete unless `mode` says otherwise) over `count` genre
 * tracks (track i is genre i % 3), the first `liked` of them in Liked Songs (all by default).
 */
export const seedGenreLayerIn = async (
  stores: FixtureStores,
  userId: string,
  options: { count: number; prefix: string; liked?: number; mode?: { mutual: boolean; complete: boolean } },
): Promise<{ layer: Layer; sublists: Sublist[]; tracks: FixtureTrack[] }> => {
  const mode = options.mode ?? { mutual: true, complete: true };
  const { layer, sublists } = await createLayerIn(stores, userId, mode, ['rock', 'jazz', 'folk']);
  const tracks = genreTracks(options.count, 3, options.prefix);
  await addTracksIn(stores, tracks);
  await addEntriesIn(
    stores,
    userId,
    'liked',
    tracks.slice(0, options.liked ?? tracks.length).map((t) => t.id),
  );
  return { layer, sublists, tracks };
};

/** A stand-in model's predictions: track i in sublist i % sublists, every one with `confidence`. */
export const genrePredictions = (
  tracks: readonly FixtureTrack[],
  sublists: readonly Sublist[],
  confidence: number,
): LayerPredictions => ({
  modelId: null as unknown as string,
  modelVersion: 1,
  enriched: 0,
  predictions: tracks.map((t, i) => ({
    trackId: t.id,
    placement: [sublists[i % sublists.length]?.id as string],
    confidence,
    calibrated: true,
    memberships: {},
  })),
});
