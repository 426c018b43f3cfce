import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Track } from '../../src/core/track.js';
import type { LibraryEntry, LibraryTrackRecord, UserPlaylist } from '../../src/core/library-records.js';
import type { EnrichmentTrackStore } from '../../src/services/sync/enrich-tracks.service.js';
import type { KeepSortedDeps } from '../../src/services/sync/keep-sorted.service.js';
import type { PlaylistContentsStore } from '../../src/services/ports/sort-run.ports.js';
import type { SpotifyLinkStore } from '../../src/services/ports/account.ports.js';
import type { UserStore } from '../../src/services/ports/user.ports.js';
import { freshUser } from './fresh-layer.js';
import { newLink } from './spotify-link-store.contract.js';

/** What the sync writes of a library: the seeding side of the library contracts. */
export interface LibraryWrites {
  users: UserStore;
  tracks: { upsertMetadata(tracks: readonly Track[]): Promise<void> };
  entries: { add(userId: string, sourceId: string, entries: readonly LibraryEntry[]): Promise<void> };
  playlists: { save(userId: string, playlist: UserPlaylist): Promise<void> };
}

export interface LibraryStores extends LibraryWrites {
  accounts: Pick<SpotifyLinkStore, 'link'>;
  motherlist: {
    tracksOf(
      userId: string,
      sourceId: string,
      options?: { extraTrackIds?: readonly string[]; hiddenPlaylistIds?: readonly string[] },
    ): Promise<LibraryTrackRecord[]>;
    trackIdsOf(userId: string, sourceId: string): Promise<string[]>;
    holding(userId: string, sourceId: string, trackIds: readonly string[]): Promise<Set<string>>;
    fingerprint(userId: string, sourceId: string): Promise<string>;
    namesOf(trackIds: readonly string[]): Promise<Map<string, string>>;
    playlistNamesOf(userId: string, playlistIds: readonly string[]): Promise<Map<string, string>>;
  };
  contents: PlaylistContentsStore & Pick<KeepSortedDeps['contents'], 'readPlaylists'>;
  enrichment: EnrichmentTrackStore;
}

/** Track ids of one test (the catalog is shared by every user): a common prefix, then `a`, `b`… */
export const trackIds = (...names: string[]): string[] => {
  const run = randomUUID().slice(0, 8);
  return names.map((name) => `t${run}${name}`);
};

export const libraryTrack = (id: string, fields: Partial<Track> = {}): Track => ({
  id,
  name: `Song ${id}`,
  artists: [{ id: `ar-${id}`, name: `Artist ${id}` }],
  album: { id: `al-${id}`, name: `Album ${id}`, releaseDate: '1999-05-01' },
  ...fields,
});

export const playlist = (playlistId: string, snapshotId: string | null): UserPlaylist => ({
  playlistId,
  name: `Playlist ${playlistId}`,
  ownerId: 'owner',
  collaborative: false,
  snapshotId,
  itemTotal: 0,
  unsortableItems: 0,
  syncedAt: null,
});

const at = (minute: number): Date => new Date(Date.UTC(2026, 0, 1, 12, minute));

/** What the synced library's read model and playlist contents promise (fake and repository alike). */
export const libraryStoresContract = (stores: () => LibraryStores): void => {
  describe('the synced library', () => {
    it('a source’s tracks newest first, undated last by id, with the other playlists that hold them', async () => {
      const user = await freshUser(stores());
      const [a, b, c, d, e] = trackIds('a', 'b', 'c', 'd', 'e') as [string, string, string, string, string];
      await stores().tracks.upsertMetadata([
        libraryTrack(a, { durationMs: 200_000, explicit: true, isrc: 'USX' }),
        libraryTrack(b),
        libraryTrack(c),
        libraryTrack(d),
        libraryTrack(e),
      ]);
      await stores().entries.add(user, 'liked', [
        { trackId: c, addedAt: null },
        { trackId: a, addedAt: at(1) },
        { trackId: b, addedAt: at(5) },
        { trackId: d, addedAt: null },
      ]);
      await stores().entries.add(user, 'pa', [
        { trackId: a, addedAt: at(2) },
        { trackId: e, addedAt: at(3) },
      ]);
      await stores().entries.add(user, 'pb', [{ trackId: a, addedAt: at(2) }]);
      await stores().entries.add(user, 'pc', [{ trackId: a, addedAt: null }]);

      const records = await stores().motherlist.tracksOf(user, 'liked', {
        extraTrackIds: [e, b],
        hiddenPlaylistIds: ['pc'],
      });
      expect(records.map((r) => [r.track.id, r.addedAt ?? null, r.otherPlaylists])).toEqual([
        [b, at(5).toISOString(), []],
        [a, at(1).toISOString(), ['pa', 'pb']],
        [c, null, []],
        [d, null, []],
        [e, null, ['pa']],
      ]);
      expect(records[1]?.track).toEqual(
        libraryTrack(a, { durationMs: 200_000, explicit: true, isrc: 'USX' }),
      );
      expect(await stores().motherlist.trackIdsOf(user, 'liked')).toEqual([b, a, c, d]);
      expect(await stores().motherlist.trackIdsOf(user, 'nothing')).toEqual([]);
      // Of the songs asked for, those the source holds: not another source's, nor one only in the catalog.
      expect(await stores().motherlist.holding(user, 'liked', [e, a, d, a, `${e}x`])).toEqual(
        new Set([a, d]),
      );
      expect(await stores().motherlist.holding(user, 'pa', [e, c])).toEqual(new Set([e]));
      expect(await stores().motherlist.holding(user, 'liked', [])).toEqual(new Set());
      expect(await stores().motherlist.holding(`${user}x`, 'liked', [a])).toEqual(new Set());
      expect(
        (await stores().motherlist.tracksOf(user, 'pa')).map((r) => [r.track.id, r.otherPlaylists]),
      ).toEqual([
        [e, []],
        [a, ['pb', 'pc']],
      ]);
    });

    it('the fingerprint changes when a track joins; names read "Artists – Title"', async () => {
      const user = await freshUser(stores());
      const [a, b] = trackIds('a', 'b') as [string, string];
      await stores().tracks.upsertMetadata([
        libraryTrack(a, { name: 'Title', artists: [{ name: 'One' }, { id: 'x', name: 'Two' }] }),
        libraryTrack(b),
      ]);
      expect(await stores().motherlist.fingerprint(user, 'liked')).toBe('0@-');
      await stores().entries.add(user, 'liked', [{ trackId: a, addedAt: null }]);
      expect(await stores().motherlist.fingerprint(user, 'liked')).toBe('1@-');
      await stores().entries.add(user, 'liked', [{ trackId: b, addedAt: at(7) }]);
      expect(await stores().motherlist.fingerprint(user, 'liked')).toBe(`2@${at(7).toISOString()}`);
      expect(await stores().motherlist.namesOf([a, 'unknown'])).toEqual(new Map([[a, 'One, Two – Title']]));
      expect(await stores().motherlist.namesOf([])).toEqual(new Map());
    });

    it('names a track Spotify serves with no artists, or no title, without a bare dash', async () => {
      const [solo, untitled] = trackIds('solo', 'untitled') as [string, string];
      await stores().tracks.upsertMetadata([
        libraryTrack(solo, { name: 'Solo', artists: [] }),
        libraryTrack(untitled, { name: '', artists: [{ name: 'One' }] }),
      ]);
      expect(await stores().motherlist.namesOf([solo, untitled])).toEqual(
        new Map([
          [solo, 'Solo'],
          [untitled, 'One – Untitled'],
        ]),
      );
    });

    it('refuses an entry of an unknown track or user; new metadata keeps a track’s enrichment', async () => {
      const user = await freshUser(stores());
      const [a] = trackIds('a') as [string];
      await expect(stores().entries.add(user, 'liked', [{ trackId: a, addedAt: null }])).rejects.toThrow();
      await stores().tracks.upsertMetadata([libraryTrack(a)]);
      await expect(
        stores().entries.add(`user-${randomUUID()}`, 'liked', [{ trackId: a, addedAt: null }]),
      ).rejects.toThrow();
      await stores().enrichment.writeEnrichment([{ trackId: a, tags: ['rock'] }]);
      await stores().tracks.upsertMetadata([libraryTrack(a, { name: 'Renamed' })]);
      await stores().entries.add(user, 'liked', [{ trackId: a, addedAt: null }]);
      const [record] = await stores().motherlist.tracksOf(user, 'liked');
      expect(record?.track).toEqual(libraryTrack(a, { name: 'Renamed', tags: ['rock'] }));
    });

    it('metadata and dates written as arrays come back as given: quotes, braces, NULL, missing fields', async () => {
      const user = await freshUser(stores());
      const [a, b, c] = trackIds('a', 'b', 'c') as [string, string, string];
      const odd = libraryTrack(a, {
        name: 'He said "hi", {x} \\ back\\slash, NULL',
        artists: [{ name: 'Ä "quoted", {braced}' }, { id: 'x', name: 'NULL' }],
        album: { name: "it's, {1}" },
        durationMs: 0,
        explicit: false,
        isrc: 'NULL',
      });
      const plain = libraryTrack(b);
      await stores().tracks.upsertMetadata([odd, plain, libraryTrack(c, { explicit: true, durationMs: 1 })]);
      // Unchanged metadata again, and a change that removes fields.
      await stores().tracks.upsertMetadata([odd, libraryTrack(c)]);
      await stores().entries.add(user, 'liked', [
        { trackId: a, addedAt: at(1) },
        { trackId: b, addedAt: null },
        { trackId: c, addedAt: new Date(Date.UTC(2020, 1, 29, 23, 59, 59, 123)) },
      ]);
      const records = await stores().motherlist.tracksOf(user, 'liked');
      expect(records.map((record) => [record.track, record.addedAt])).toEqual([
        [odd, at(1).toISOString()],
        [libraryTrack(c), new Date(Date.UTC(2020, 1, 29, 23, 59, 59, 123)).toISOString()],
        [plain, undefined],
      ]);
    });

    it('names the user’s playlists as last synced, and only theirs', async () => {
      const user = await freshUser(stores());
      const other = await freshUser(stores());
      await stores().playlists.save(user, { ...playlist('pl-named', 'snap-1'), name: 'Night drive' });
      await stores().playlists.save(other, { ...playlist('pl-theirs', 'snap-1'), name: 'Not yours' });
      expect(
        await stores().motherlist.playlistNamesOf(user, ['pl-named', 'pl-theirs', 'pl-unknown']),
      ).toEqual(new Map([['pl-named', 'Night drive']]));
      expect(await stores().motherlist.playlistNamesOf(user, [])).toEqual(new Map());
    });

    it('playlist contents follow the bot’s writes; a version is kept only when given', async () => {
      const user = await freshUser(stores());
      const [a, b, c] = trackIds('a', 'b', 'c') as [string, string, string];
      await stores().tracks.upsertMetadata([libraryTrack(a), libraryTrack(b), libraryTrack(c)]);
      await stores().playlists.save(user, playlist('pl-read', 'snap-1'));
      await stores().playlists.save(user, playlist('pl-unread', null));
      await stores().entries.add(user, 'pl-read', [{ trackId: a, addedAt: at(1) }]);

      const contents = (ids: string[]) =>
        stores()
          .contents.contentsOf(user, ids)
          .then((map) => [...map].map(([id, tracks]) => [id, [...tracks].sort()]));
      expect(await contents(['pl-read', 'pl-unread', 'pl-unknown'])).toEqual([
        ['pl-read', [a]],
        ['pl-unread', []],
        ['pl-unknown', []],
      ]);
      expect(await stores().contents.contentsOf(user, [])).toEqual(new Map());
      expect(await stores().contents.snapshotOf(user, 'pl-read')).toBe('snap-1');
      expect(await stores().contents.snapshotOf(user, 'pl-unread')).toBeNull();
      expect(await stores().contents.snapshotOf(user, 'pl-unknown')).toBeNull();
      expect(await stores().contents.readPlaylists(user, ['pl-read', 'pl-unread', 'pl-unknown'])).toEqual(
        new Set(['pl-read']),
      );
      expect(await stores().contents.listedPlaylists(user, ['pl-read', 'pl-unread', 'pl-unknown'])).toEqual(
        new Set(['pl-read', 'pl-unread']),
      );
      expect(await stores().contents.listedPlaylists(user, [])).toEqual(new Set());

      await stores().contents.recordWrite(user, 'pl-read', 'add', [b, c, 'not-a-track'], null);
      expect(await contents(['pl-read'])).toEqual([['pl-read', [a, b, c].sort()]]);
      expect(await stores().contents.snapshotOf(user, 'pl-read')).toBe('snap-1');
      await stores().contents.recordWrite(user, 'pl-read', 'remove', [a, c], 'snap-2');
      expect(await contents(['pl-read'])).toEqual([['pl-read', [b]]]);
      expect(await stores().contents.snapshotOf(user, 'pl-read')).toBe('snap-2');
      // A write to a playlist the library does not list yet keeps its tracks but no version.
      await stores().contents.recordWrite(user, 'pl-unknown', 'add', [a], 'snap-3');
      expect(await contents(['pl-unknown'])).toEqual([['pl-unknown', [a]]]);
      expect(await stores().contents.snapshotOf(user, 'pl-unknown')).toBeNull();
      expect(await stores().motherlist.trackIdsOf(user, 'pl-unknown')).toEqual([a]);
    });

    it('a listed playlist counts only while the linked account owns it (a relink to another account)', async () => {
      const user = await freshUser(stores());
      const owned = (ownerId: string, playlistId: string) =>
        stores().playlists.save(user, { ...playlist(playlistId, 'snap-1'), ownerId });
      await owned('first', 'pl-first');
      await owned('second', 'pl-second');
      const ids = ['pl-first', 'pl-second', 'pl-unknown'];
      // With no account linked, there is no owner to ask about.
      expect(await stores().contents.listedPlaylists(user, ids)).toEqual(new Set(['pl-first', 'pl-second']));
      await stores().accounts.link(newLink({ userId: user, spotifyUserId: 'first' }), at(1));
      expect(await stores().contents.listedPlaylists(user, ids)).toEqual(new Set(['pl-first']));
      // Before the new account's library is read, the copy still lists the first one's playlists.
      await stores().accounts.link(newLink({ userId: user, spotifyUserId: 'second' }), at(2));
      expect(await stores().contents.listedPlaylists(user, ids)).toEqual(new Set(['pl-second']));
    });

    it('a deleted user’s library goes with them', async () => {
      const user = await freshUser(stores());
      const [a] = trackIds('a') as [string];
      await stores().tracks.upsertMetadata([libraryTrack(a)]);
      await stores().playlists.save(user, playlist('pl', 'snap-1'));
      await stores().entries.add(user, 'pl', [{ trackId: a, addedAt: null }]);
      await stores().users.delete(user);
      expect(await stores().motherlist.trackIdsOf(user, 'pl')).toEqual([]);
      expect(await stores().contents.snapshotOf(user, 'pl')).toBeNull();
      expect(await stores().motherlist.namesOf([a])).toEqual(new Map([[a, `Artist ${a} – Song ${a}`]]));
    });
  });
};
