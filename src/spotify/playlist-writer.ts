import { trackUri } from '../core/track.js';
import type { PlaylistContents } from '../services/ports/library.ports.js';
import { SpotifyApiError, SpotifyNetworkError } from './errors.js';
import { readPlaylistItems, unsortableOf } from './library-reader.js';
import { WRITE_BATCH_LIMIT, type SpotifyClient } from './spotify-client.js';

export interface PlaylistWriterOptions {
  /** Attempts to finish a batch whose add failed with a 5xx, a timeout or a lost connection. */
  recoveries?: number;
  /**
   * How long after sending a batch again the playlist is read for a late copy of the first
   * attempt (a hung request that Spotify carried out after the client gave up).
   */
  lateWriteWindowMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

/** A hung request Spotify still carries out lands within moments of the client's timeout. */
const LATE_WRITE_WINDOW_MS = 10_000;

const chunks = <T>(items: readonly T[], size: number): T[][] => {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += size) out.push(items.slice(start, start + size));
  return out;
};

const unique = (ids: readonly string[]): string[] => [...new Set(ids)];

/** A failure after which Spotify may or may not have applied the write (a 429 was not applied). */
const mayHaveBeenApplied = (error: unknown): boolean =>
  error instanceof SpotifyNetworkError || (error instanceof SpotifyApiError && error.status >= 500);

/**
 * Sort-run writes on the Web API, for one user's playlists at a time. The journal of a run knows
 * what a playlist lacks, so an add is sent without reading the playlist first. An add is not
 * idempotent and the transport does not retry it: when one fails in a way that may have been
 * applied (5xx, timeout, lost connection) the playlist is read back and only what is still
 * missing is added, so that a write is neither doubled nor dropped. A first attempt that hung may
 * still be carried out after the batch was sent again: the playlist is read once more after
 * `lateWriteWindowMs`, and a track of the batch found twice is taken out and added once.
 */
export class SpotifyPlaylistWriter {
  private readonly recoveries: number;
  private readonly lateWriteWindowMs: number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    private readonly sessions: { spotifyFor(discordUserId: string): Promise<SpotifyClient> },
    {
      recoveries = 5,
      lateWriteWindowMs = LATE_WRITE_WINDOW_MS,
      sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    }: PlaylistWriterOptions = {},
  ) {
    this.recoveries = recoveries;
    this.lateWriteWindowMs = lateWriteWindowMs;
    this.sleep = sleep;
  }

  /** Appends the tracks in order, in batches of at most 100; returns the last snapshot id. */
  async addTracks(userId: string, playlistId: string, trackIds: readonly string[]): Promise<string | null> {
    const client = await this.sessions.spotifyFor(userId);
    let snapshotId: string | null = null;
    for (const batch of chunks(unique(trackIds), WRITE_BATCH_LIMIT))
      snapshotId = await this.addBatch(client, playlistId, batch);
    return snapshotId;
  }

  /** Removes every occurrence of the tracks, in batches of at most 100 (a repeated remove is harmless). */
  async removeTracks(
    userId: string,
    playlistId: string,
    trackIds: readonly string[],
  ): Promise<string | null> {
    const client = await this.sessions.spotifyFor(userId);
    let snapshotId: string | null = null;
    for (const batch of chunks(unique(trackIds), WRITE_BATCH_LIMIT))
      snapshotId = await client.removeItems(playlistId, batch.map(trackUri));
    return snapshotId;
  }

  async snapshotId(userId: string, playlistId: string): Promise<string | null> {
    const client = await this.sessions.spotifyFor(userId);
    return (await client.playlist(playlistId)).snapshot_id ?? null;
  }

  /** The songs of a playlist as it is now, and how many of its items are no songs to sort. */
  async contents(userId: string, playlistId: string): Promise<PlaylistContents> {
    const read = await readPlaylistItems(await this.sessions.spotifyFor(userId), playlistId);
    return {
      trackIds: read.entries.map((entry) => entry.track.id),
      unsortableItems: unsortableOf(read.skipped),
    };
  }

  async trackIds(userId: string, playlistId: string): Promise<string[]> {
    return [...(await this.present(await this.sessions.spotifyFor(userId), playlistId))];
  }

  private async present(client: SpotifyClient, playlistId: string): Promise<Set<string>> {
    return new Set((await readPlaylistItems(client, playlistId)).entries.map((entry) => entry.track.id));
  }

  private async addBatch(client: SpotifyClient, playlistId: string, batch: string[]): Promise<string | null> {
    let pending = batch;
    for (let attempt = 0; ; attempt++) {
      try {
        const snapshotId = await client.addItems(playlistId, pending.map(trackUri));
        return attempt === 0
          ? snapshotId
          : ((await this.dropLateCopies(client, playlistId, batch)) ?? snapshotId);
      } catch (error) {
        if (!mayHaveBeenApplied(error) || attempt >= this.recoveries) throw error;
        await this.sleep(Math.min(8_000, 250 * 2 ** attempt));
        const now = await this.present(client, playlistId);
        pending = pending.filter((id) => !now.has(id));
        if (pending.length === 0) {
          // Sent more than once: an earlier attempt may still land on top of a later one.
          if (attempt > 0) await this.dropLateCopies(client, playlistId, batch);
          return (await client.playlist(playlistId)).snapshot_id ?? null;
        }
      }
    }
  }

  /**
   * After a batch was sent more than once: waits out the window in which a hung attempt may still
   * be carried out, then takes every track of the batch found twice out and adds it once. Returns
   * the playlist's version after that, or undefined when nothing was doubled.
   */
  private async dropLateCopies(
    client: SpotifyClient,
    playlistId: string,
    batch: readonly string[],
  ): Promise<string | null | undefined> {
    await this.sleep(this.lateWriteWindowMs);
    const ours = new Set(batch);
    const seen = new Set<string>();
    const doubled = new Set<string>();
    for (const entry of (await readPlaylistItems(client, playlistId)).entries) {
      const id = entry.track.id;
      if (!ours.has(id)) continue;
      if (seen.has(id)) doubled.add(id);
      seen.add(id);
    }
    if (doubled.size === 0) return undefined;
    const uris = [...doubled].map(trackUri);
    await client.removeItems(playlistId, uris);
    return client.addItems(playlistId, uris);
  }
}
