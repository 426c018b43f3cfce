import { randomBytes } from 'node:crypto';
import { SeededRandom, stableSpotifyId } from './ids.js';

/** What a test gives to seed a track. Same field names as a `library-snapshot/1` track. */
export interface SeedTrack {
  id: string;
  name: string;
  artists: Array<{ id?: string; name: string }>;
  album?: {
    id?: string;
    name?: string;
    release_date?: string;
    album_type?: 'album' | 'single' | 'compilation';
    artists?: Array<{ id?: string; name: string }>;
  };
  duration_ms?: number;
  explicit?: boolean;
  isrc?: string;
  track_number?: number;
  disc_number?: number;
  /** False: the track exists but is not playable in the user's market (`is_playable: false`). */
  is_playable?: boolean;
}

export interface SeedEpisode {
  id: string;
  name: string;
  show?: { id?: string; name: string; publisher?: string };
  duration_ms?: number;
  release_date?: string;
  explicit?: boolean;
}

/** One playlist entry as seeded: a track (by id), an episode, a local file, or an unavailable item. */
export type SeedPlaylistItem =
  | string
  | { trackId: string; addedAt?: string; addedBy?: string }
  | { episodeId: string; addedAt?: string; addedBy?: string }
  | {
      local: { name: string; artist?: string; album?: string; durationMs?: number };
      addedAt?: string;
      addedBy?: string;
    }
  | { unavailable: true; uri?: string; addedAt?: string; addedBy?: string };

export interface SeedPlaylist {
  id?: string;
  name: string;
  /** Defaults to the user being seeded. */
  ownerId?: string;
  public?: boolean;
  collaborative?: boolean;
  /** Users who can read and edit a collaborative playlist (they also follow it). */
  collaborators?: string[];
  description?: string;
  trackIds?: string[];
  items?: SeedPlaylistItem[];
}

export interface SeedLibrary {
  tracks?: SeedTrack[];
  episodes?: SeedEpisode[];
  /** Liked Songs; any order (served newest first by `addedAt`). */
  liked?: Array<{ trackId: string; addedAt?: string }>;
  playlists?: SeedPlaylist[];
}

export interface CatalogArtist {
  id: string;
  name: string;
}

export interface CatalogAlbum {
  id: string;
  name: string;
  releaseDate: string;
  precision: 'year' | 'month' | 'day';
  albumType: 'album' | 'single' | 'compilation';
  artists: CatalogArtist[];
}

export interface CatalogTrack {
  id: string;
  name: string;
  artists: CatalogArtist[];
  album: CatalogAlbum;
  durationMs: number;
  explicit: boolean;
  isrc?: string;
  trackNumber: number;
  discNumber: number;
  isPlayable: boolean;
}

export interface CatalogEpisode {
  id: string;
  name: string;
  show: { id: string; name: string; publisher: string };
  durationMs: number;
  releaseDate: string;
  explicit: boolean;
}

export type EntryContent =
  | { kind: 'track'; trackId: string }
  | { kind: 'episode'; episodeId: string }
  | { kind: 'local'; uri: string; name: string; artist: string; album: string; durationMs: number }
  | { kind: 'unavailable'; uri: string };

export interface PlaylistEntry {
  content: EntryContent;
  addedAt: string;
  addedBy: string;
}

export interface PlaylistState {
  id: string;
  name: string;
  ownerId: string;
  public: boolean;
  collaborative: boolean;
  description: string | null;
  collaborators: Set<string>;
  entries: PlaylistEntry[];
  snapshotId: string;
  /** Every snapshot ever issued for this playlist (a write may name an older one). */
  snapshots: Set<string>;
  version: number;
}

export interface UserState {
  id: string;
  displayName: string;
  accountId: string | null;
  /** Liked Songs, newest first. */
  liked: Array<{ trackId: string; addedAt: string }>;
  /** Playlists in the user's library (owned, followed, collaborating), as `/me/playlists` lists them. */
  playlistIds: string[];
}

/** Readable view of a playlist for assertions. */
export interface PlaylistView {
  id: string;
  name: string;
  ownerId: string;
  public: boolean;
  collaborative: boolean;
  description: string | null;
  snapshotId: string;
  /** Track IDs in order (episodes, local files and unavailable items left out). */
  trackIds: string[];
  /** Every entry's URI in order, episodes and local files included. */
  uris: string[];
}

export class FakeSpotifyError extends Error {
  override name = 'FakeSpotifyError';
}

export const EPOCH_ADDED_AT = '1970-01-01T00:00:00Z';
const TRACK_URI = /^spotify:track:([0-9A-Za-z]{22})$/;
const EPISODE_URI = /^spotify:episode:([0-9A-Za-z]{22})$/;

/** The fake's world: catalogue (tracks, episodes, artists, albums), users, playlists. No HTTP here. */
export class FakeLibrary {
  readonly tracks = new Map<string, CatalogTrack>();
  readonly episodes = new Map<string, CatalogEpisode>();
  readonly artists = new Map<string, CatalogArtist>();
  readonly albums = new Map<string, CatalogAlbum>();
  /** Album ID → IDs of its tracks in the catalogue (for `total_tracks`). */
  readonly albumTracks = new Map<string, Set<string>>();
  readonly users = new Map<string, UserState>();
  readonly playlists = new Map<string, PlaylistState>();
  /** Track relinking: a track not playable in the users' market → the instance Spotify plays instead. */
  readonly relinks = new Map<string, string>();

  constructor(
    private readonly random: SeededRandom,
    private readonly now: () => number,
  ) {}

  addUser(user: { id: string; displayName?: string; accountId?: string | null }): UserState {
    const existing = this.users.get(user.id);
    if (existing) {
      if (user.displayName !== undefined) existing.displayName = user.displayName;
      if (user.accountId !== undefined) existing.accountId = user.accountId;
      return existing;
    }
    const state: UserState = {
      id: user.id,
      displayName: user.displayName ?? user.id,
      accountId: user.accountId === undefined ? stableSpotifyId('account', user.id) : user.accountId,
      liked: [],
      playlistIds: [],
    };
    this.users.set(user.id, state);
    return state;
  }

  user(id: string): UserState {
    const user = this.users.get(id);
    if (!user) throw new FakeSpotifyError(`fake Spotify: no user "${id}" (call addUser first)`);
    return user;
  }

  addTrack(seed: SeedTrack): CatalogTrack {
    const artists = seed.artists.map((a) => this.artist(a));
    const albumName = seed.album?.name ?? seed.name;
    const albumArtists = (seed.album?.artists ?? seed.artists).map((a) => this.artist(a));
    const albumId = seed.album?.id ?? stableSpotifyId('album', albumName, ...albumArtists.map((a) => a.id));
    const releaseDate = seed.album?.release_date ?? '0000';
    const album: CatalogAlbum = this.albums.get(albumId) ?? {
      id: albumId,
      name: albumName,
      releaseDate,
      precision: /^\d{4}-\d{2}-\d{2}$/.test(releaseDate)
        ? 'day'
        : /^\d{4}-\d{2}$/.test(releaseDate)
          ? 'month'
          : 'year',
      albumType: seed.album?.album_type ?? 'album',
      artists: albumArtists,
    };
    this.albums.set(albumId, album);
    const track: CatalogTrack = {
      id: seed.id,
      name: seed.name,
      artists,
      album,
      durationMs: seed.duration_ms ?? 180_000,
      explicit: seed.explicit ?? false,
      ...(seed.isrc !== undefined ? { isrc: seed.isrc } : {}),
      trackNumber: seed.track_number ?? 1,
      discNumber: seed.disc_number ?? 1,
      isPlayable: seed.is_playable ?? true,
    };
    this.tracks.set(track.id, track);
    const siblings = this.albumTracks.get(albumId) ?? new Set<string>();
    siblings.add(track.id);
    this.albumTracks.set(albumId, siblings);
    return track;
  }

  addEpisode(seed: SeedEpisode): CatalogEpisode {
    const showName = seed.show?.name ?? 'A podcast';
    const episode: CatalogEpisode = {
      id: seed.id,
      name: seed.name,
      show: {
        id: seed.show?.id ?? stableSpotifyId('show', showName),
        name: showName,
        publisher: seed.show?.publisher ?? showName,
      },
      durationMs: seed.duration_ms ?? 1_800_000,
      releaseDate: seed.release_date ?? '2024-01-01',
      explicit: seed.explicit ?? false,
    };
    this.episodes.set(episode.id, episode);
    return episode;
  }

  private artist(seed: { id?: string; name: string }): CatalogArtist {
    const id = seed.id ?? stableSpotifyId('artist', seed.name);
    const existing = this.artists.get(id);
    if (existing) return existing;
    const artist = { id, name: seed.name };
    this.artists.set(id, artist);
    return artist;
  }

  track(id: string): CatalogTrack {
    const track = this.tracks.get(id);
    if (!track) throw new FakeSpotifyError(`fake Spotify: no track "${id}" in the catalogue (seed it first)`);
    return track;
  }

  /**
   * Spotify's track relinking: `originalId` is not playable in the users' market, `playableId` is
   * the instance of the same song that is. Entries keep holding the original; a request with a
   * `market` gets the playable instance in its place (and, since 2026, no `linked_from` saying so).
   */
  relinkTrack(originalId: string, playableId: string): void {
    this.track(originalId).isPlayable = false;
    this.track(playableId);
    this.relinks.set(originalId, playableId);
  }

  /** The track a request sees: relinked when it names a market. */
  servedTrack(id: string, market: boolean): CatalogTrack {
    return this.track((market && this.relinks.get(id)) || id);
  }

  // ---- Liked Songs ----

  likeTrack(userId: string, trackId: string, addedAt?: string | Date): void {
    const user = this.user(userId);
    this.track(trackId);
    const at = iso(addedAt ?? new Date(this.now()));
    user.liked = user.liked.filter((l) => l.trackId !== trackId);
    const index = user.liked.findIndex((l) => l.addedAt < at);
    if (index === -1) user.liked.push({ trackId, addedAt: at });
    else user.liked.splice(index, 0, { trackId, addedAt: at });
  }

  unlikeTrack(userId: string, trackId: string): boolean {
    const user = this.user(userId);
    const before = user.liked.length;
    user.liked = user.liked.filter((l) => l.trackId !== trackId);
    return user.liked.length !== before;
  }

  likedTrackIds(userId: string): string[] {
    return this.user(userId).liked.map((l) => l.trackId);
  }

  // ---- Playlists ----

  createPlaylist(options: {
    id?: string;
    name: string;
    ownerId: string;
    public?: boolean;
    collaborative?: boolean;
    description?: string | null;
    collaborators?: string[];
  }): PlaylistState {
    const owner = this.user(options.ownerId);
    const id = options.id ?? this.random.base62(22);
    if (this.playlists.has(id)) throw new FakeSpotifyError(`fake Spotify: playlist "${id}" already exists`);
    const playlist: PlaylistState = {
      id,
      name: options.name,
      ownerId: owner.id,
      public: options.public ?? !options.collaborative,
      collaborative: options.collaborative ?? false,
      description: options.description ?? null,
      collaborators: new Set(options.collaborators ?? []),
      entries: [],
      snapshotId: '',
      snapshots: new Set(),
      version: 0,
    };
    this.bumpSnapshot(playlist);
    this.playlists.set(id, playlist);
    // New playlists go to the top of the owner's list, as in Spotify's clients.
    owner.playlistIds.unshift(id);
    for (const collaborator of playlist.collaborators) {
      const user = this.user(collaborator);
      if (!user.playlistIds.includes(id)) user.playlistIds.unshift(id);
    }
    return playlist;
  }

  playlistState(id: string): PlaylistState {
    const playlist = this.playlists.get(id);
    if (!playlist) throw new FakeSpotifyError(`fake Spotify: no playlist "${id}"`);
    return playlist;
  }

  /** Adds an existing playlist (someone else's) to a user's library, as following does. */
  follow(userId: string, playlistId: string): void {
    const user = this.user(userId);
    this.playlistState(playlistId);
    if (!user.playlistIds.includes(playlistId)) user.playlistIds.unshift(playlistId);
  }

  /** Takes a playlist out of a user's library: how an owner "deletes" one (it stays for its followers). */
  unfollow(userId: string, playlistId: string): void {
    const user = this.user(userId);
    user.playlistIds = user.playlistIds.filter((id) => id !== playlistId);
  }

  canEdit(playlist: PlaylistState, userId: string): boolean {
    return playlist.ownerId === userId || (playlist.collaborative && playlist.collaborators.has(userId));
  }

  bumpSnapshot(playlist: PlaylistState): string {
    playlist.version += 1;
    const bytes = Buffer.concat([Buffer.alloc(4), randomBytes(20)]);
    bytes.writeUInt32BE(playlist.version, 0);
    playlist.snapshotId = bytes.toString('base64');
    playlist.snapshots.add(playlist.snapshotId);
    return playlist.snapshotId;
  }

  /** Turns a seed item or a URI into an entry; throws FakeSpotifyError on unknown content. */
  entryFrom(item: SeedPlaylistItem, defaultAddedBy: string, defaultAddedAt?: string): PlaylistEntry {
    const addedAt = typeof item === 'string' ? undefined : item.addedAt;
    const addedBy = (typeof item === 'string' ? undefined : item.addedBy) ?? defaultAddedBy;
    const at = addedAt ?? defaultAddedAt ?? iso(new Date(this.now()));
    if (typeof item === 'string' || 'trackId' in item) {
      const trackId = typeof item === 'string' ? item : item.trackId;
      this.track(trackId);
      return { content: { kind: 'track', trackId }, addedAt: at, addedBy };
    }
    if ('episodeId' in item) {
      if (!this.episodes.has(item.episodeId))
        throw new FakeSpotifyError(`fake Spotify: no episode "${item.episodeId}"`);
      return { content: { kind: 'episode', episodeId: item.episodeId }, addedAt: at, addedBy };
    }
    if ('local' in item) {
      const { name, artist = 'Unknown artist', album = '', durationMs = 200_000 } = item.local;
      const uri = `spotify:local:${enc(artist)}:${enc(album)}:${enc(name)}:${Math.round(durationMs / 1000)}`;
      return { content: { kind: 'local', uri, name, artist, album, durationMs }, addedAt: at, addedBy };
    }
    const uri = item.uri ?? `spotify:track:${this.random.base62(22)}`;
    return { content: { kind: 'unavailable', uri }, addedAt: at, addedBy };
  }

  /** An entry for a URI sent by a client; undefined when the URI names nothing in the catalogue. */
  entryForUri(uri: string, addedBy: string): PlaylistEntry | undefined {
    const at = iso(new Date(this.now()));
    const track = TRACK_URI.exec(uri);
    if (track)
      return this.tracks.has(track[1]!)
        ? { content: { kind: 'track', trackId: track[1]! }, addedAt: at, addedBy }
        : undefined;
    const episode = EPISODE_URI.exec(uri);
    if (episode) {
      return this.episodes.has(episode[1]!)
        ? { content: { kind: 'episode', episodeId: episode[1]! }, addedAt: at, addedBy }
        : undefined;
    }
    return undefined;
  }

  addToPlaylist(
    playlistId: string,
    items: SeedPlaylistItem[],
    options: { position?: number; addedBy?: string } = {},
  ): string {
    const playlist = this.playlistState(playlistId);
    const entries = items.map((item) => this.entryFrom(item, options.addedBy ?? playlist.ownerId));
    const position = options.position ?? playlist.entries.length;
    playlist.entries.splice(position, 0, ...entries);
    return this.bumpSnapshot(playlist);
  }

  /** Removes every occurrence of each track (as Spotify does when no positions are given). */
  removeFromPlaylist(playlistId: string, trackIds: string[]): string {
    const playlist = this.playlistState(playlistId);
    const remove = new Set(trackIds.map((id) => `spotify:track:${id}`));
    playlist.entries = playlist.entries.filter((e) => !remove.has(entryUri(e.content)));
    return this.bumpSnapshot(playlist);
  }

  view(playlist: PlaylistState): PlaylistView {
    return {
      id: playlist.id,
      name: playlist.name,
      ownerId: playlist.ownerId,
      public: playlist.public,
      collaborative: playlist.collaborative,
      description: playlist.description,
      snapshotId: playlist.snapshotId,
      trackIds: playlist.entries.flatMap((e) => (e.content.kind === 'track' ? [e.content.trackId] : [])),
      uris: playlist.entries.map((e) => entryUri(e.content)),
    };
  }

  seedLibrary(userId: string, seed: SeedLibrary): { playlistIds: string[] } {
    this.user(userId);
    for (const track of seed.tracks ?? []) this.addTrack(track);
    for (const episode of seed.episodes ?? []) this.addEpisode(episode);
    const user = this.user(userId);
    const incoming = new Map<string, { trackId: string; addedAt: string }>();
    for (const like of seed.liked ?? []) {
      this.track(like.trackId);
      if (!incoming.has(like.trackId)) {
        incoming.set(like.trackId, {
          trackId: like.trackId,
          addedAt: like.addedAt ? iso(like.addedAt) : EPOCH_ADDED_AT,
        });
      }
    }
    // Newest first; equal timestamps keep the seed's order.
    user.liked = stableSortDesc([
      ...incoming.values(),
      ...user.liked.filter((l) => !incoming.has(l.trackId)),
    ]);
    const playlistIds: string[] = [];
    for (const p of seed.playlists ?? []) {
      const ownerId = p.ownerId ?? userId;
      if (!this.users.has(ownerId)) this.addUser({ id: ownerId });
      const playlist = this.createPlaylist({
        ...(p.id !== undefined ? { id: p.id } : {}),
        name: p.name,
        ownerId,
        ...(p.public !== undefined ? { public: p.public } : {}),
        ...(p.collaborative !== undefined ? { collaborative: p.collaborative } : {}),
        ...(p.description !== undefined ? { description: p.description } : {}),
        collaborators: p.collaborators ?? [],
      });
      if (ownerId !== userId) this.follow(userId, playlist.id);
      const items: SeedPlaylistItem[] = [...(p.trackIds ?? []), ...(p.items ?? [])];
      playlist.entries = items.map((item) => this.entryFrom(item, ownerId, EPOCH_ADDED_AT));
      this.bumpSnapshot(playlist);
      playlistIds.push(playlist.id);
    }
    // Seeded playlists appear in seed order (createPlaylist put each on top).
    const seeded = new Set(playlistIds);
    user.playlistIds = [
      ...playlistIds.filter((id) => user.playlistIds.includes(id)),
      ...user.playlistIds.filter((id) => !seeded.has(id)),
    ];
    return { playlistIds };
  }
}

export function entryUri(content: EntryContent): string {
  switch (content.kind) {
    case 'track':
      return `spotify:track:${content.trackId}`;
    case 'episode':
      return `spotify:episode:${content.episodeId}`;
    default:
      return content.uri;
  }
}

/** Spotify's timestamps: ISO 8601 in UTC without milliseconds. */
export function iso(value: string | Date): string {
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime()))
    throw new FakeSpotifyError(`fake Spotify: invalid timestamp ${String(value)}`);
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function enc(text: string): string {
  return encodeURIComponent(text).replace(/%20/g, '+');
}

function stableSortDesc<T extends { addedAt: string }>(items: T[]): T[] {
  return items
    .map((item, index) => ({ item, index }))
    .sort((a, b) =>
      a.item.addedAt === b.item.addedAt ? a.index - b.index : a.item.addedAt < b.item.addedAt ? 1 : -1,
    )
    .map((x) => x.item);
}
