import type {
  AccountDirectory,
  AccountRemover,
  LinkedAccount,
  MotherlistReader,
  OwnedPlaylist,
  PlaylistContents,
  PlaylistDirectory,
} from '../services/ports/library.ports.js';
import type {
  LibraryEntryStore,
  MotherlistTrackIds,
  SpotifyAccountStore,
  UserPlaylistStore,
} from './library-stores.js';
import type { SpotifyClient } from './spotify-client.js';

export interface SpotifyLibraryDeps {
  accounts: Pick<SpotifyAccountStore, 'byUserId' | 'delete'>;
  entries: Pick<LibraryEntryStore, 'removeAllFor'>;
  playlists: Pick<UserPlaylistStore, 'listFor' | 'save' | 'delete' | 'deleteAllFor'>;
  motherlist: MotherlistTrackIds;
  /** An authorized client per Discord user (SpotifySessionService). */
  sessions: {
    spotifyFor(userId: string): Promise<Pick<SpotifyClient, 'createPlaylist' | 'unfollowPlaylist'>>;
  };
  /** A playlist's current tracks, read from Spotify (the playlist writer). */
  reader: { contents(userId: string, playlistId: string): Promise<PlaylistContents> };
}

/**
 * The Spotify side as the layer, sublist, import, status and unlink services see it (the ports of
 * services/ports/library.ports.ts). Playlists and motherlists come from the synced copy; a created
 * sublist is recorded there at once, so /layer and /sublist find it before the next sync.
 */
export class SpotifyLibrary implements AccountDirectory, AccountRemover, PlaylistDirectory, MotherlistReader {
  constructor(private readonly deps: SpotifyLibraryDeps) {}

  async accountOf(userId: string): Promise<LinkedAccount | undefined> {
    const account = await this.deps.accounts.byUserId(userId);
    if (!account) return undefined;
    return {
      displayName: account.displayName,
      status: account.status,
      linkedAt: account.linkedAt,
      lastSyncAt: account.lastSyncAt,
      libraryRead:
        account.libraryReadAt !== null
          ? { done: true }
          : { done: false, songsRead: account.libraryReadSongs, songsTotal: account.libraryReadTotal },
    };
  }

  /** The tokens and the synced library (Liked Songs, playlists): the user's, so they go too. */
  async removeAccount(userId: string): Promise<boolean> {
    await this.deps.entries.removeAllFor(userId);
    await this.deps.playlists.deleteAllFor(userId);
    return this.deps.accounts.delete(userId);
  }

  async ownedPlaylists(userId: string): Promise<OwnedPlaylist[]> {
    const account = await this.deps.accounts.byUserId(userId);
    if (!account) return [];
    return (await this.deps.playlists.listFor(userId))
      .filter((playlist) => playlist.ownerId === account.spotifyUserId)
      .map((playlist) => ({
        id: playlist.playlistId,
        name: playlist.name,
        ...(playlist.unsortableItems > 0 ? { unsortableItems: playlist.unsortableItems } : {}),
      }));
  }

  async followedPlaylists(userId: string): Promise<{ id: string; name: string }[]> {
    const account = await this.deps.accounts.byUserId(userId);
    if (!account) return [];
    return (await this.deps.playlists.listFor(userId))
      .filter((playlist) => playlist.ownerId !== account.spotifyUserId)
      .map((playlist) => ({ id: playlist.playlistId, name: playlist.name }));
  }

  async createPrivatePlaylist(userId: string, name: string): Promise<OwnedPlaylist> {
    const client = await this.deps.sessions.spotifyFor(userId);
    const created = await client.createPlaylist({ name, description: 'A Motherlist sublist' });
    try {
      const account = await this.deps.accounts.byUserId(userId);
      await this.deps.playlists.save(userId, {
        playlistId: created.id,
        name: created.name,
        ownerId: account?.spotifyUserId ?? '',
        collaborative: false,
        snapshotId: null,
        itemTotal: 0,
        unsortableItems: 0,
        syncedAt: null,
      });
    } catch (error) {
      await this.discardCreatedPlaylist(userId, created.id).catch(() => undefined);
      throw error;
    }
    return { id: created.id, name: created.name };
  }

  async discardCreatedPlaylist(userId: string, playlistId: string): Promise<void> {
    const client = await this.deps.sessions.spotifyFor(userId);
    await client.unfollowPlaylist(playlistId);
    await this.deps.playlists.delete(userId, playlistId);
  }

  playlistContents(userId: string, playlistId: string): Promise<PlaylistContents> {
    return this.deps.reader.contents(userId, playlistId);
  }

  trackIds(userId: string, motherlistId: string): Promise<string[]> {
    return this.deps.motherlist.trackIdsOf(userId, motherlistId);
  }

  holding(userId: string, motherlistId: string, trackIds: readonly string[]): Promise<Set<string>> {
    return this.deps.motherlist.holding(userId, motherlistId, trackIds);
  }
}
