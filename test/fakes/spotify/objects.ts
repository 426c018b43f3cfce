import type {
  CatalogAlbum,
  CatalogArtist,
  CatalogEpisode,
  CatalogTrack,
  FakeLibrary,
  PlaylistEntry,
  PlaylistState,
  UserState,
} from './library.js';

/**
 * Builds Web API JSON as a new Development Mode app gets it in 2026: no `popularity`,
 * `available_markets`, `linked_from`, `preview_url`, artist `genres`/`followers`, user
 * `country`/`email`/`product`...; `external_ids.isrc` kept; playlists carry `items`, and
 * `tracks`/`track` only when the legacy switch is on.
 */
export class ObjectBuilder {
  constructor(
    private readonly library: FakeLibrary,
    private readonly apiUrl: () => string,
    private readonly legacy: () => boolean,
  ) {}

  private href(kind: string, id: string): string {
    return `${this.apiUrl()}/${kind}/${id}`;
  }

  private urls(kind: string, id: string): { spotify: string } {
    return { spotify: `https://open.spotify.com/${kind}/${id}` };
  }

  simplifiedArtist(artist: CatalogArtist): Record<string, unknown> {
    return {
      external_urls: this.urls('artist', artist.id),
      href: this.href('artists', artist.id),
      id: artist.id,
      name: artist.name,
      type: 'artist',
      uri: `spotify:artist:${artist.id}`,
    };
  }

  artist(artist: CatalogArtist): Record<string, unknown> {
    return { ...this.simplifiedArtist(artist), images: [] };
  }

  simplifiedAlbum(album: CatalogAlbum): Record<string, unknown> {
    return {
      album_type: album.albumType,
      total_tracks: this.library.albumTracks.get(album.id)?.size ?? 1,
      external_urls: this.urls('album', album.id),
      href: this.href('albums', album.id),
      id: album.id,
      images: [
        { url: `https://i.scdn.co/image/fake-${album.id}-640`, height: 640, width: 640 },
        { url: `https://i.scdn.co/image/fake-${album.id}-300`, height: 300, width: 300 },
        { url: `https://i.scdn.co/image/fake-${album.id}-64`, height: 64, width: 64 },
      ],
      name: album.name,
      release_date: album.releaseDate,
      release_date_precision: album.precision,
      type: 'album',
      uri: `spotify:album:${album.id}`,
      artists: album.artists.map((a) => this.simplifiedArtist(a)),
      is_playable: true,
    };
  }

  track(track: CatalogTrack): Record<string, unknown> {
    return {
      album: this.simplifiedAlbum(track.album),
      artists: track.artists.map((a) => this.simplifiedArtist(a)),
      disc_number: track.discNumber,
      duration_ms: track.durationMs,
      explicit: track.explicit,
      external_ids: track.isrc !== undefined ? { isrc: track.isrc } : {},
      external_urls: this.urls('track', track.id),
      href: this.href('tracks', track.id),
      id: track.id,
      is_playable: track.isPlayable,
      ...(track.isPlayable ? {} : { restrictions: { reason: 'market' } }),
      name: track.name,
      track_number: track.trackNumber,
      type: 'track',
      uri: `spotify:track:${track.id}`,
      is_local: false,
    };
  }

  episode(episode: CatalogEpisode): Record<string, unknown> {
    return {
      description: `${episode.name} (fake episode)`,
      html_description: `<p>${episode.name} (fake episode)</p>`,
      duration_ms: episode.durationMs,
      explicit: episode.explicit,
      external_urls: this.urls('episode', episode.id),
      href: this.href('episodes', episode.id),
      id: episode.id,
      images: [],
      is_externally_hosted: false,
      is_playable: true,
      languages: ['en'],
      name: episode.name,
      release_date: episode.releaseDate,
      release_date_precision: 'day',
      type: 'episode',
      uri: `spotify:episode:${episode.id}`,
      show: {
        copyrights: [],
        description: episode.show.name,
        html_description: episode.show.name,
        explicit: false,
        external_urls: this.urls('show', episode.show.id),
        href: this.href('shows', episode.show.id),
        id: episode.show.id,
        images: [],
        is_externally_hosted: false,
        languages: ['en'],
        media_type: 'audio',
        name: episode.show.name,
        type: 'show',
        uri: `spotify:show:${episode.show.id}`,
        total_episodes: 1,
      },
    };
  }

  /** A local file as Spotify serves it: a track object with null IDs and `is_local: true`. */
  private localTrack(content: Extract<PlaylistEntry['content'], { kind: 'local' }>): Record<string, unknown> {
    return {
      album: {
        album_type: null,
        artists: [],
        external_urls: {},
        href: null,
        id: null,
        images: [],
        name: content.album,
        release_date: null,
        release_date_precision: null,
        type: 'album',
        uri: null,
      },
      artists: [{ external_urls: {}, href: null, id: null, name: content.artist, type: 'artist', uri: null }],
      disc_number: 0,
      duration_ms: content.durationMs,
      explicit: false,
      external_ids: {},
      external_urls: {},
      href: null,
      id: null,
      is_local: true,
      name: content.name,
      track_number: 0,
      type: 'track',
      uri: content.uri,
    };
  }

  /** `market`: the request named one, so a relinked track is served as its playable instance. */
  entryItem(entry: PlaylistEntry, market = false): Record<string, unknown> | null {
    const content = entry.content;
    switch (content.kind) {
      case 'track':
        return this.track(this.library.servedTrack(content.trackId, market));
      case 'episode':
        return this.episode(this.library.episodes.get(content.episodeId)!);
      case 'local':
        return this.localTrack(content);
      case 'unavailable':
        return null;
    }
  }

  playlistEntry(entry: PlaylistEntry, market = false): Record<string, unknown> {
    const item = this.entryItem(entry, market);
    return {
      added_at: entry.addedAt,
      added_by: this.userRef(entry.addedBy),
      is_local: entry.content.kind === 'local',
      item,
      ...(this.legacy() ? { track: item } : {}),
    };
  }

  userRef(userId: string): Record<string, unknown> {
    return {
      external_urls: this.urls('user', userId),
      href: this.href('users', userId),
      id: userId,
      type: 'user',
      uri: `spotify:user:${userId}`,
    };
  }

  owner(userId: string): Record<string, unknown> {
    return { ...this.userRef(userId), display_name: this.library.users.get(userId)?.displayName ?? null };
  }

  me(user: UserState): Record<string, unknown> {
    return {
      ...(user.accountId !== null ? { account_id: user.accountId } : {}),
      display_name: user.displayName,
      external_urls: this.urls('user', user.id),
      href: this.href('users', user.id),
      id: user.id,
      images: [],
      type: 'user',
      uri: `spotify:user:${user.id}`,
    };
  }

  private playlistBase(playlist: PlaylistState): Record<string, unknown> {
    return {
      collaborative: playlist.collaborative,
      description: playlist.description ?? '',
      external_urls: this.urls('playlist', playlist.id),
      href: this.href('playlists', playlist.id),
      id: playlist.id,
      images: [],
      name: playlist.name,
      owner: this.owner(playlist.ownerId),
      public: playlist.public,
      snapshot_id: playlist.snapshotId,
      type: 'playlist',
      uri: `spotify:playlist:${playlist.id}`,
    };
  }

  simplifiedPlaylist(playlist: PlaylistState): Record<string, unknown> {
    const ref = { href: `${this.href('playlists', playlist.id)}/items`, total: playlist.entries.length };
    return { ...this.playlistBase(playlist), items: ref, ...(this.legacy() ? { tracks: ref } : {}) };
  }

  /** `GET /playlists/{id}`: items only for a playlist the caller owns or collaborates on. */
  playlist(
    playlist: PlaylistState,
    withItems: boolean,
    page: Record<string, unknown>,
  ): Record<string, unknown> {
    const base = this.playlistBase(playlist);
    if (!withItems) return base;
    return { ...base, items: page, ...(this.legacy() ? { tracks: page } : {}) };
  }

  itemsUrl(playlistId: string): URL {
    return new URL(`${this.href('playlists', playlistId)}/items`);
  }

  page(url: URL, items: unknown[], total: number, offset: number, limit: number): Record<string, unknown> {
    // The page embedded in GET /playlists/{id} holds 100 entries, but its links must stay
    // within the items endpoint's documented maximum of 50, or following them breaks the spec.
    const linkLimit = Math.min(limit, 50);
    const at = (o: number): string => {
      const u = new URL(url.href);
      u.searchParams.set('offset', String(o));
      u.searchParams.set('limit', String(linkLimit));
      return this.publicHref(u);
    };
    return {
      href: at(offset),
      items,
      limit,
      next: offset + limit < total ? at(offset + limit) : null,
      offset,
      previous: offset > 0 ? at(Math.max(0, offset - linkLimit)) : null,
      total,
    };
  }

  /** Page links point at the fake's own API URL, as Spotify's point at api.spotify.com. */
  private publicHref(u: URL): string {
    const api = new URL(this.apiUrl());
    const path = u.pathname.startsWith(api.pathname) ? u.pathname : `${api.pathname}${u.pathname}`;
    return `${api.origin}${path}${u.search}`;
  }
}
