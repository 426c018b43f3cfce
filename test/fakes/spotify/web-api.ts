import type { FakeResponse } from './accounts.js';
import { SPOTIFY_ID } from './ids.js';
import {
  entryUri,
  type FakeLibrary,
  type PlaylistEntry,
  type PlaylistState,
  type UserState,
} from './library.js';
import type { ObjectBuilder } from './objects.js';

/** An error the fake answers with Spotify's shape `{"error":{"status","message"}}`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** Also record it as a request violation (the client broke a documented rule). */
    readonly violation = false,
  ) {
    super(message);
  }
}

export interface ApiContext {
  method: string;
  url: URL;
  template: string;
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  user: UserState;
  scopes: ReadonlySet<string>;
}

type Handler = (ctx: ApiContext) => FakeResponse;

const MAX_WRITE_ITEMS = 100;
const MAX_LIBRARY_URIS = 40;

/** The Web API operations the fake implements (non-deprecated ones that Motherlist and demos use). */
export class WebApi {
  private readonly handlers = new Map<string, Handler>();

  constructor(
    private readonly library: FakeLibrary,
    private readonly objects: ObjectBuilder,
    private readonly enforceScopes: () => boolean,
  ) {
    const on = (key: string, handler: Handler): void => {
      this.handlers.set(key, handler);
    };
    on('GET /me', (c) => ok(this.objects.me(c.user)));
    on('GET /me/tracks', (c) => this.savedTracks(c));
    on('GET /me/playlists', (c) => this.myPlaylists(c));
    on('POST /me/playlists', (c) => this.createPlaylist(c));
    on('GET /playlists/{playlist_id}', (c) => this.getPlaylist(c));
    on('PUT /playlists/{playlist_id}', (c) => this.changeDetails(c));
    on('GET /playlists/{playlist_id}/items', (c) => this.getItems(c));
    on('POST /playlists/{playlist_id}/items', (c) => this.addItems(c));
    on('PUT /playlists/{playlist_id}/items', (c) => this.updateItems(c));
    on('DELETE /playlists/{playlist_id}/items', (c) => this.removeItems(c));
    on('GET /tracks/{id}', (c) =>
      ok(
        this.objects.track(
          this.library.servedTrack(
            (this.library.tracks.get(catalogId(c.params.id!)) ?? notFound()).id,
            c.query.has('market'),
          ),
        ),
      ),
    );
    on('GET /artists/{id}', (c) =>
      ok(this.objects.artist(this.library.artists.get(catalogId(c.params.id!)) ?? notFound())),
    );
    on('GET /me/library/contains', (c) => this.libraryContains(c));
    on('PUT /me/library', (c) => this.libraryChange(c, 'save'));
    on('DELETE /me/library', (c) => this.libraryChange(c, 'remove'));
  }

  has(key: string): boolean {
    return this.handlers.has(key);
  }

  handle(key: string, ctx: ApiContext): FakeResponse {
    const handler = this.handlers.get(key);
    if (!handler) throw new Error(`no handler for ${key}`);
    return handler(ctx);
  }

  private requireScope(ctx: ApiContext, ...anyOf: string[]): void {
    if (!this.enforceScopes()) return;
    if (!anyOf.some((s) => ctx.scopes.has(s))) throw new ApiError(403, 'Insufficient client scope');
  }

  private savedTracks(ctx: ApiContext): FakeResponse {
    this.requireScope(ctx, 'user-library-read');
    const { limit, offset } = paging(ctx.query, 20);
    const liked = ctx.user.liked;
    const items = liked.slice(offset, offset + limit).map((l) => ({
      added_at: l.addedAt,
      track: this.objects.track(this.library.servedTrack(l.trackId, ctx.query.has('market'))),
    }));
    return ok(this.objects.page(ctx.url, items, liked.length, offset, limit));
  }

  private visiblePlaylists(ctx: ApiContext): PlaylistState[] {
    const scoped = this.enforceScopes();
    return ctx.user.playlistIds
      .map((id) => this.library.playlists.get(id))
      .filter((p): p is PlaylistState => p !== undefined)
      .filter((p) => {
        if (!scoped) return true;
        if (p.collaborative) return ctx.scopes.has('playlist-read-collaborative');
        if (!p.public) return ctx.scopes.has('playlist-read-private');
        return true;
      });
  }

  private myPlaylists(ctx: ApiContext): FakeResponse {
    const { limit, offset } = paging(ctx.query, 20);
    const all = this.visiblePlaylists(ctx);
    const items = all.slice(offset, offset + limit).map((p) => this.objects.simplifiedPlaylist(p));
    return ok(this.objects.page(ctx.url, items, all.length, offset, limit));
  }

  private createPlaylist(ctx: ApiContext): FakeResponse {
    const body = (ctx.body ?? {}) as {
      name?: unknown;
      public?: unknown;
      collaborative?: unknown;
      description?: unknown;
    };
    if (typeof body.name !== 'string' || body.name === '')
      throw new ApiError(400, 'Missing required field: name');
    const isPublic = body.public === undefined ? true : body.public === true;
    const collaborative = body.collaborative === true;
    if (collaborative && isPublic) throw new ApiError(400, 'Collaborative playlists cannot be public', true);
    this.requireScope(ctx, isPublic ? 'playlist-modify-public' : 'playlist-modify-private');
    if (collaborative) this.requireScope(ctx, 'playlist-modify-public');
    const playlist = this.library.createPlaylist({
      name: body.name,
      ownerId: ctx.user.id,
      public: isPublic,
      collaborative,
      description: typeof body.description === 'string' ? body.description : null,
    });
    return {
      status: 201,
      body: this.objects.playlist(playlist, true, this.itemsPage(ctx, playlist, 0, 100)),
    };
  }

  private playlistFor(ctx: ApiContext): PlaylistState {
    const id = ctx.params.playlist_id!;
    if (!SPOTIFY_ID.test(id)) throw new ApiError(400, 'Invalid base62 id');
    return this.library.playlists.get(id) ?? notFound();
  }

  private getPlaylist(ctx: ApiContext): FakeResponse {
    const playlist = this.playlistFor(ctx);
    // Anyone may read a playlist's metadata by ID; only owner and collaborators get its items.
    const mine = this.library.canEdit(playlist, ctx.user.id);
    return ok(this.objects.playlist(playlist, mine, this.itemsPage(ctx, playlist, 0, 100)));
  }

  private changeDetails(ctx: ApiContext): FakeResponse {
    const playlist = this.playlistFor(ctx);
    this.requireOwner(ctx, playlist, 'You cannot change details of a playlist you don\u2019t own.');
    const body = (ctx.body ?? {}) as {
      name?: unknown;
      public?: unknown;
      collaborative?: unknown;
      description?: unknown;
    };
    if (typeof body.name === 'string') playlist.name = body.name;
    if (typeof body.public === 'boolean') playlist.public = body.public;
    if (typeof body.collaborative === 'boolean') playlist.collaborative = body.collaborative;
    if (typeof body.description === 'string') playlist.description = body.description;
    if (playlist.collaborative && playlist.public)
      throw new ApiError(400, 'Collaborative playlists cannot be public', true);
    this.library.bumpSnapshot(playlist);
    return { status: 200 };
  }

  private requireOwner(ctx: ApiContext, playlist: PlaylistState, message: string): void {
    if (playlist.ownerId !== ctx.user.id) throw new ApiError(403, message);
  }

  private requireEditor(ctx: ApiContext, playlist: PlaylistState): void {
    if (!this.library.canEdit(playlist, ctx.user.id))
      throw new ApiError(403, 'You cannot add tracks to a playlist you don\u2019t own.');
    this.requireScope(ctx, playlist.public ? 'playlist-modify-public' : 'playlist-modify-private');
  }

  /** A page of entries; `url` is the request's own URL for GET .../items, else the items URL. */
  private itemsPage(
    ctx: ApiContext,
    playlist: PlaylistState,
    offset: number,
    limit: number,
    url?: URL,
  ): Record<string, unknown> {
    const base = url ?? this.objects.itemsUrl(playlist.id);
    const market = ctx.query.has('market');
    const items = playlist.entries
      .slice(offset, offset + limit)
      .map((e) => this.objects.playlistEntry(e, market));
    return this.objects.page(base, items, playlist.entries.length, offset, limit);
  }

  private getItems(ctx: ApiContext): FakeResponse {
    const playlist = this.playlistFor(ctx);
    if (!this.library.canEdit(playlist, ctx.user.id)) throw new ApiError(403, 'Forbidden');
    if (!playlist.public) this.requireScope(ctx, 'playlist-read-private', 'playlist-read-collaborative');
    const { limit, offset } = paging(ctx.query, 20);
    return ok(this.itemsPage(ctx, playlist, offset, limit, ctx.url));
  }

  /** URIs from the query string (comma separated) or, when absent there, from the body. */
  private writeUris(ctx: ApiContext): string[] | undefined {
    const fromQuery = ctx.query.get('uris');
    if (fromQuery !== null)
      return fromQuery
        .split(',')
        .map((u) => u.trim())
        .filter(Boolean);
    const body = ctx.body as { uris?: unknown } | undefined;
    return Array.isArray(body?.uris) ? (body.uris as string[]) : undefined;
  }

  private entriesFor(ctx: ApiContext, uris: string[]): PlaylistEntry[] {
    if (uris.length > MAX_WRITE_ITEMS)
      throw new ApiError(400, `You can add a maximum of ${MAX_WRITE_ITEMS} tracks per request.`, true);
    return uris.map((uri) => {
      if (!/^spotify:(track|episode):/.test(uri))
        throw new ApiError(400, `Unsupported URL / URI: ${uri}`, true);
      if (!/^spotify:(track|episode):[0-9A-Za-z]{22}$/.test(uri))
        throw new ApiError(400, 'Invalid base62 id', true);
      return (
        this.library.entryForUri(uri, ctx.user.id) ?? badRequest(`Payload contains a non-existing ID: ${uri}`)
      );
    });
  }

  private addItems(ctx: ApiContext): FakeResponse {
    const playlist = this.playlistFor(ctx);
    this.requireEditor(ctx, playlist);
    const uris = this.writeUris(ctx);
    if (!uris || uris.length === 0) throw new ApiError(400, 'No uris provided', true);
    const entries = this.entriesFor(ctx, uris);
    const queryPosition = ctx.query.get('position');
    const bodyPosition = (ctx.body as { position?: unknown } | undefined)?.position;
    const position =
      queryPosition !== null
        ? Number(queryPosition)
        : typeof bodyPosition === 'number'
          ? bodyPosition
          : playlist.entries.length;
    if (!Number.isInteger(position) || position < 0 || position > playlist.entries.length)
      throw new ApiError(400, 'Index out of bounds');
    playlist.entries.splice(position, 0, ...entries);
    return { status: 201, body: { snapshot_id: this.library.bumpSnapshot(playlist) } };
  }

  private checkSnapshot(playlist: PlaylistState, snapshotId: unknown): void {
    if (snapshotId === undefined) return;
    if (typeof snapshotId !== 'string' || !playlist.snapshots.has(snapshotId))
      throw new ApiError(400, 'Invalid snapshot id', true);
  }

  private updateItems(ctx: ApiContext): FakeResponse {
    const playlist = this.playlistFor(ctx);
    this.requireEditor(ctx, playlist);
    const body = (ctx.body ?? {}) as {
      range_start?: number;
      insert_before?: number;
      range_length?: number;
      snapshot_id?: unknown;
      uris?: unknown;
    };
    const uris = this.writeUris(ctx);
    const reorder = body.range_start !== undefined || body.insert_before !== undefined;
    if (reorder && uris !== undefined)
      throw new ApiError(400, 'Replace and reorder are mutually exclusive', true);
    if (reorder) {
      this.checkSnapshot(playlist, body.snapshot_id);
      const start = body.range_start;
      const before = body.insert_before;
      const length = body.range_length ?? 1;
      const n = playlist.entries.length;
      if (start === undefined || before === undefined)
        throw new ApiError(400, 'range_start and insert_before are both required', true);
      if (start < 0 || length < 1 || start + length > n || before < 0 || before > n)
        throw new ApiError(400, 'Index out of bounds');
      const moved = playlist.entries.splice(start, length);
      const target = before > start ? before - length : before;
      if (before > start && before < start + length) {
        playlist.entries.splice(start, 0, ...moved); // inside its own range: no change
      } else {
        playlist.entries.splice(target, 0, ...moved);
      }
      return ok({ snapshot_id: this.library.bumpSnapshot(playlist) });
    }
    if (uris === undefined)
      throw new ApiError(
        400,
        'Either uris (replace) or range_start and insert_before (reorder) are required',
        true,
      );
    playlist.entries = this.entriesFor(ctx, uris);
    return ok({ snapshot_id: this.library.bumpSnapshot(playlist) });
  }

  private removeItems(ctx: ApiContext): FakeResponse {
    const playlist = this.playlistFor(ctx);
    this.requireEditor(ctx, playlist);
    const body = (ctx.body ?? {}) as {
      items?: Array<{ uri?: unknown; positions?: unknown }>;
      snapshot_id?: unknown;
    };
    const items = body.items;
    if (!Array.isArray(items) || items.length === 0) throw new ApiError(400, 'Missing items', true);
    if (items.length > MAX_WRITE_ITEMS)
      throw new ApiError(
        400,
        `Too many tracks requested. A maximum of ${MAX_WRITE_ITEMS} objects can be sent at once.`,
        true,
      );
    this.checkSnapshot(playlist, body.snapshot_id);
    const everywhere = new Set<string>();
    const atPositions = new Map<number, string>();
    for (const item of items) {
      if (typeof item?.uri !== 'string') throw new ApiError(400, 'Each item needs a uri', true);
      if (!/^spotify:(track|episode|local):/.test(item.uri))
        throw new ApiError(400, `Unsupported URL / URI: ${item.uri}`, true);
      if (Array.isArray(item.positions)) {
        for (const position of item.positions as unknown[]) {
          if (
            typeof position !== 'number' ||
            entryUri(playlist.entries[position]?.content ?? { kind: 'unavailable', uri: '' }) !== item.uri
          ) {
            throw new ApiError(
              400,
              `Could not remove tracks, please check parameters: no ${item.uri} at position ${String(position)}`,
            );
          }
          atPositions.set(position, item.uri);
        }
      } else {
        everywhere.add(item.uri);
      }
    }
    playlist.entries = playlist.entries.filter(
      (e, i) => !everywhere.has(entryUri(e.content)) && !atPositions.has(i),
    );
    return ok({ snapshot_id: this.library.bumpSnapshot(playlist) });
  }

  private libraryUris(ctx: ApiContext): string[] {
    const uris = (ctx.query.get('uris') ?? '')
      .split(',')
      .map((u) => u.trim())
      .filter(Boolean);
    if (uris.length === 0) throw new ApiError(400, 'Missing uris', true);
    if (uris.length > MAX_LIBRARY_URIS)
      throw new ApiError(400, `Too many ids requested (maximum ${MAX_LIBRARY_URIS})`, true);
    return uris;
  }

  private libraryContains(ctx: ApiContext): FakeResponse {
    this.requireScope(ctx, 'user-library-read');
    const liked = new Set(ctx.user.liked.map((l) => `spotify:track:${l.trackId}`));
    return ok(this.libraryUris(ctx).map((uri) => liked.has(uri)));
  }

  /** Tracks (Liked Songs) and playlists (following); the spec lists these scopes for the endpoint. */
  private libraryChange(ctx: ApiContext, change: 'save' | 'remove'): FakeResponse {
    const uris = this.libraryUris(ctx);
    const playlistUri = /^spotify:playlist:([0-9A-Za-z]{22})$/;
    const trackUri = /^spotify:track:([0-9A-Za-z]{22})$/;
    if (uris.every((uri) => playlistUri.test(uri)))
      this.requireScope(ctx, 'user-library-modify', 'user-follow-modify', 'playlist-modify-public');
    else this.requireScope(ctx, 'user-library-modify');
    for (const uri of uris) {
      const playlist = playlistUri.exec(uri);
      if (playlist) {
        if (!this.library.playlists.has(playlist[1]!))
          throw new ApiError(400, `Payload contains a non-existing ID: ${uri}`);
        if (change === 'save') this.library.follow(ctx.user.id, playlist[1]!);
        else this.library.unfollow(ctx.user.id, playlist[1]!);
        continue;
      }
      const m = trackUri.exec(uri);
      if (!m)
        throw new ApiError(
          400,
          `fake Spotify supports only track and playlist URIs in /me/library (got ${uri})`,
        );
      if (!this.library.tracks.has(m[1]!))
        throw new ApiError(400, `Payload contains a non-existing ID: ${uri}`);
      if (change === 'save') {
        if (!ctx.user.liked.some((l) => l.trackId === m[1])) this.library.likeTrack(ctx.user.id, m[1]!);
      } else {
        this.library.unlikeTrack(ctx.user.id, m[1]!);
      }
    }
    return { status: 200 };
  }
}

function ok(body: unknown): FakeResponse {
  return { status: 200, body };
}

function notFound(): never {
  throw new ApiError(404, 'Resource not found');
}

function badRequest(message: string): never {
  throw new ApiError(400, message);
}

function catalogId(id: string): string {
  if (!SPOTIFY_ID.test(id)) throw new ApiError(400, 'Invalid base62 id');
  return id;
}

/** limit/offset with Spotify's defaults; bounds were already checked against the spec. */
function paging(query: URLSearchParams, defaultLimit: number): { limit: number; offset: number } {
  const limit = query.has('limit') ? Number(query.get('limit')) : defaultLimit;
  const offset = query.has('offset') ? Number(query.get('offset')) : 0;
  if (!Number.isInteger(limit) || limit < 1 || limit > 50) throw new ApiError(400, 'Invalid limit', true);
  if (!Number.isInteger(offset) || offset < 0) throw new ApiError(400, 'Invalid offset', true);
  return { limit, offset };
}
