import { trackUri } from '../core/track.js';
import { readPlaylistItems } from '../spotify/library-reader.js';
import type { SpotifyClient } from '../spotify/spotify-client.js';
import type { PlaylistWriter } from './sort-run.ports.js';

/**
 * Sort-run writes on the real Web API: one request per journaled step (the journal already
 * knows the playlist does not hold the tracks; resuming reads the playlist first).
 */
export class SpotifyPlaylistWriter implements PlaylistWriter {
  constructor(private readonly sessions: { spotifyFor(discordUserId: string): Promise<SpotifyClient> }) {}

  async addTracks(userId: string, playlistId: string, trackIds: readonly string[]): Promise<string> {
    const client = await this.sessions.spotifyFor(userId);
    return client.addItems(playlistId, trackIds.map(trackUri));
  }

  async removeTracks(userId: string, playlistId: string, trackIds: readonly string[]): Promise<string> {
    const client = await this.sessions.spotifyFor(userId);
    return client.removeItems(playlistId, trackIds.map(trackUri));
  }

  async snapshotId(userId: string, playlistId: string): Promise<string | null> {
    const client = await this.sessions.spotifyFor(userId);
    return (await client.playlist(playlistId)).snapshot_id ?? null;
  }

  async trackIds(userId: string, playlistId: string): Promise<string[]> {
    const client = await this.sessions.spotifyFor(userId);
    return (await readPlaylistItems(client, playlistId)).entries.map((entry) => entry.track.id);
  }
}
