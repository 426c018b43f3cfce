import { trackUri } from '../core/track.js';
import { isRetryableSpotifyError } from './errors.js';
import { readPlaylistItems } from './library-reader.js';
import { WRITE_BATCH_LIMIT, type SpotifyClient } from './spotify-client.js';

export interface AddTracksResult {
  /** The playlist version after the last write; undefined when nothing had to be written. */
  snapshotId: string | undefined;
  /** Track ids added, in order. */
  added: string[];
  /** Track ids left out because the playlist already held them. */
  alreadyPresent: string[];
}

export interface RemoveTracksResult {
  snapshotId: string | undefined;
  removed: number;
}

export interface PlaylistWriteOptions {
  /** Attempts to finish a batch whose add failed with a 5xx or network error. */
  recoveries?: number;
  sleep?: (ms: number) => Promise<void>;
}

const chunks = <T>(items: readonly T[], size: number): T[][] => {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += size) out.push(items.slice(start, start + size));
  return out;
};

const unique = (ids: readonly string[]): string[] => [...new Set(ids)];

const currentTrackIds = async (client: SpotifyClient, playlistId: string): Promise<Set<string>> =>
  new Set((await readPlaylistItems(client, playlistId)).entries.map((entry) => entry.track.id));

/**
 * Appends tracks in order, in batches of at most 100, never adding one the playlist already holds.
 * An add is not idempotent, so the transport does not retry it; when one fails in a way that may
 * have been applied (5xx, lost connection) we read the playlist again and add only what is missing.
 */
export const addTracks = async (
  client: SpotifyClient,
  playlistId: string,
  trackIds: readonly string[],
  {
    recoveries = 5,
    sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  }: PlaylistWriteOptions = {},
): Promise<AddTracksResult> => {
  const present = await currentTrackIds(client, playlistId);
  const wanted = unique(trackIds);
  const result: AddTracksResult = {
    snapshotId: undefined,
    added: wanted.filter((id) => !present.has(id)),
    alreadyPresent: wanted.filter((id) => present.has(id)),
  };
  for (const batch of chunks(result.added, WRITE_BATCH_LIMIT)) {
    let pending = batch;
    for (let attempt = 0; pending.length > 0; attempt++) {
      try {
        result.snapshotId = await client.addItems(playlistId, pending.map(trackUri));
        pending = [];
      } catch (error) {
        if (!isRetryableSpotifyError(error) || attempt >= recoveries) throw error;
        await sleep(Math.min(8_000, 250 * 2 ** attempt));
        const now = await currentTrackIds(client, playlistId);
        pending = pending.filter((id) => !now.has(id));
        if (pending.length === 0) result.snapshotId = (await client.playlist(playlistId)).snapshot_id;
      }
    }
  }
  return result;
};

/** Removes every occurrence of the tracks, in batches of at most 100 (a repeated remove is harmless). */
export const removeTracks = async (
  client: SpotifyClient,
  playlistId: string,
  trackIds: readonly string[],
): Promise<RemoveTracksResult> => {
  const result: RemoveTracksResult = { snapshotId: undefined, removed: 0 };
  for (const batch of chunks(unique(trackIds), WRITE_BATCH_LIMIT)) {
    result.snapshotId = await client.removeItems(playlistId, batch.map(trackUri));
    result.removed += batch.length;
  }
  return result;
};
