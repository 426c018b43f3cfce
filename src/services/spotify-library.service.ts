import { LIKED_SOURCE, type LibraryEntryRepository } from '../db/repositories/library-entry.repository.js';
import type { SpotifyAccountRepository } from '../db/repositories/spotify-account.repository.js';
import type { UserPlaylistRepository } from '../db/repositories/user-playlist.repository.js';
import { readMyPlaylists, readPlaylistItems } from '../spotify/library-reader.js';
import type { LibrarySyncService } from './library-sync.service.js';
import type {
  AccountDirectory,
  AccountRemover,
  LinkedAccount,
  MotherlistReader,
  OwnedPlaylist,
  PlaylistDirectory,
} from './library-ports.js';
import type { SpotifySessionService } from './spotify-session.service.js';
import { SpotifyNotLinkedError } from './spotify-errors.js';

export interface SpotifyLibraryDependencies {
  sessions: Pick<SpotifySessionService, 'spotifyFor'>;
  sync: Pick<LibrarySyncService, 'syncLikedSongs'>;
  accounts: SpotifyAccountRepository;
  entries: LibraryEntryRepository;
  playlists: UserPlaylistRepository;
}

/**
 * The Spotify side as the layer, sublist, import, status and unlink services see it
 * (the ports of library-ports.ts). Playlist reads are live; Liked Songs come from the synced
 * copy after an incremental sync (one request when nothing is new).
 */
export class SpotifyLibraryService
  implements AccountDirectory, AccountRemover, PlaylistDirectory, MotherlistReader
{
  constructor(private readonly deps: SpotifyLibraryDependencies) {}

  async accountOf(userId: string): Promise<LinkedAccount | undefined> {
    const account = await this.deps.accounts.byUserId(userId);
    if (!account) return undefined;
    return {
      displayName: account.displayName,
      status: account.status,
      linkedAt: account.linkedAt,
      lastSyncAt: account.lastSyncAt,
    };
  }

  async removeAccount(userId: string): Promise<boolean> {
    await this.deps.entries.removeAllFor(userId);
    await this.deps.playlists.deleteAllFor(userId);
    return this.deps.accounts.delete(userId);
  }

  async ownedPlaylists(userId: string): Promise<OwnedPlaylist[]> {
    const account = await this.deps.accounts.byUserId(userId);
    if (!account) throw new SpotifyNotLinkedError(userId);
    const client = await this.deps.sessions.spotifyFor(userId);
    return (await readMyPlaylists(client))
      .filter((playlist) => playlist.owner?.id === account.spotifyUserId)
      .map((playlist) => ({ id: playlist.id, name: playlist.name }));
  }

  async createPrivatePlaylist(userId: string, name: string): Promise<OwnedPlaylist> {
    const client = await this.deps.sessions.spotifyFor(userId);
    const created = await client.createPlaylist({ name, public: false });
    return { id: created.id, name: created.name };
  }

  async playlistTrackIds(userId: string, playlistId: string): Promise<string[]> {
    const client = await this.deps.sessions.spotifyFor(userId);
    return (await readPlaylistItems(client, playlistId)).entries.map((entry) => entry.track.id);
  }

  async trackIds(userId: string, motherlistId: string): Promise<string[]> {
    if (motherlistId !== LIKED_SOURCE) return this.playlistTrackIds(userId, motherlistId);
    await this.deps.sync.syncLikedSongs(userId);
    return this.deps.entries.trackIds(userId, LIKED_SOURCE);
  }
}
