import { SpotifyApi, type IAuthStrategy } from '@spotify/web-api-ts-sdk';
import type {
  CurrentUser,
  Page,
  PlaylistEntry,
  PlaylistSummary,
  SavedTrackEntry,
  SnapshotResponse,
} from './api-types.js';
import type { AccessTokenRefresher, SpotifyTransport } from './spotify-transport.js';

/** Spotify's page size cap for library and playlist reads. */
export const PAGE_LIMIT = 50;
/** Spotify's cap of items per add or remove request. */
export const WRITE_BATCH_LIMIT = 100;

export interface NewPlaylist {
  name: string;
  description?: string;
  /** Private unless asked otherwise. */
  public?: boolean;
}

export interface CreatedPlaylist {
  id: string;
  name: string;
  snapshotId: string;
}

export interface SpotifyClientOptions {
  transport: SpotifyTransport;
  auth: IAuthStrategy & AccessTokenRefresher;
  /** Lets a service turn adapter errors into its own (e.g. user errors). */
  mapError?: (error: unknown) => unknown;
}

const path = (strings: TemplateStringsArray, ...values: (string | number)[]): string =>
  strings.reduce(
    (out, part, i) => out + part + (i < values.length ? encodeURIComponent(String(values[i])) : ''),
    '',
  );

/**
 * One user's view of the Web API, only through operations a new (2026) app may call. Requests go
 * through the SDK's public `makeRequest` (its endpoint classes call removed paths) with our
 * IAuthStrategy and our fetch (SpotifyTransport).
 */
export class SpotifyClient {
  private readonly api: SpotifyApi;
  private readonly mapError: (error: unknown) => unknown;

  constructor({ transport, auth, mapError }: SpotifyClientOptions) {
    this.api = new SpotifyApi(auth, { fetch: transport.fetchFor(auth) });
    this.mapError = mapError ?? ((error) => error);
  }

  me(): Promise<CurrentUser> {
    return this.request('GET', 'me');
  }

  likedTracks(offset: number, limit = PAGE_LIMIT): Promise<Page<SavedTrackEntry>> {
    return this.request('GET', path`me/tracks?limit=${limit}&offset=${offset}`);
  }

  myPlaylists(offset: number, limit = PAGE_LIMIT): Promise<Page<PlaylistSummary>> {
    return this.request('GET', path`me/playlists?limit=${limit}&offset=${offset}`);
  }

  /** Only for playlists the user owns or collaborates on (Spotify answers 403 otherwise). */
  playlistItems(playlistId: string, offset: number, limit = PAGE_LIMIT): Promise<Page<PlaylistEntry>> {
    return this.request('GET', path`playlists/${playlistId}/items?limit=${limit}&offset=${offset}`);
  }

  /** Playlist metadata only (no items): its name, owner and current snapshot id. */
  playlist(playlistId: string): Promise<PlaylistSummary> {
    return this.request(
      'GET',
      path`playlists/${playlistId}?fields=${'id,name,owner(id),collaborative,snapshot_id'}`,
    );
  }

  async createPlaylist(playlist: NewPlaylist): Promise<CreatedPlaylist> {
    const created = await this.request<PlaylistSummary>('POST', 'me/playlists', {
      name: playlist.name,
      public: playlist.public ?? false,
      ...(playlist.description === undefined ? {} : { description: playlist.description }),
    });
    return { id: created.id, name: created.name, snapshotId: created.snapshot_id };
  }

  /**
   * Takes a playlist out of the user's library. Spotify has no delete: for its owner, this is
   * deleting it (it goes from their library and profile; followers keep it).
   */
  async unfollowPlaylist(playlistId: string): Promise<void> {
    await this.request('DELETE', path`me/library?uris=${`spotify:playlist:${playlistId}`}`);
  }

  /** Appends up to 100 items in the given order; returns the new snapshot id. */
  async addItems(playlistId: string, uris: readonly string[]): Promise<string> {
    assertBatch(uris);
    const result = await this.request<SnapshotResponse>('POST', path`playlists/${playlistId}/items`, {
      uris,
    });
    return result.snapshot_id;
  }

  /** Removes every occurrence of up to 100 items; returns the new snapshot id. */
  async removeItems(playlistId: string, uris: readonly string[]): Promise<string> {
    assertBatch(uris);
    const result = await this.request<SnapshotResponse>('DELETE', path`playlists/${playlistId}/items`, {
      items: uris.map((uri) => ({ uri })),
    });
    return result.snapshot_id;
  }

  private async request<T>(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    url: string,
    body?: unknown,
  ): Promise<T> {
    try {
      return await this.api.makeRequest<T>(method, url, body);
    } catch (error) {
      throw this.mapError(error);
    }
  }
}

const assertBatch = (uris: readonly string[]): void => {
  if (uris.length === 0 || uris.length > WRITE_BATCH_LIMIT)
    throw new RangeError(`a playlist write takes 1 to ${WRITE_BATCH_LIMIT} items, not ${uris.length}`);
};
