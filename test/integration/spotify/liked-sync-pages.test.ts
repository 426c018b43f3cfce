import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIKED_SONGS_ID } from '../../../src/core/layer-records.js';
import type { Track } from '../../../src/core/track.js';
import type { SpotifyLibrary } from '../../../src/spotify/spotify-library.js';
import { libraryOver } from '../../support/spotify/library-over.js';
import { likedOf, makeTracks } from '../../support/spotify/seed.js';
import { startSpotifyHarness, type SpotifyHarness } from '../../support/spotify/spotify-harness.js';

/**
 * Liked Songs are stored in pages of 500 (each page its own short statements) so that a big first
 * read does not hold the embedded database for seconds; the read counts as done only once every
 * page is stored, a sync cut short between pages is completed by the next one, and a later sync
 * never shows half a removal.
 */
describe('Liked Songs stored page by page', () => {
  let h: SpotifyHarness;
  let library: SpotifyLibrary;
  const tracks = makeTracks('pages', 1_300);
  const upsert = (): ((tracks: readonly Track[]) => Promise<void>) => h.tracks.upsertMetadata.bind(h.tracks);
  const stored = async (userId: string) =>
    (await h.entries.entries(userId, LIKED_SONGS_ID)).map((entry) => [
      entry.trackId,
      entry.addedAt?.toISOString() ?? null,
    ]);
  const likedNow = (spotifyUserId: string) => h.fake.likedTrackIds(spotifyUserId);

  beforeAll(async () => {
    h = await startSpotifyHarness();
    library = libraryOver(h);
    h.fake.addUser({ id: 'big', displayName: 'big' });
    h.fake.seedLibrary('big', { tracks, liked: likedOf(tracks) });
    await h.link('d-big', 'big');
  });
  afterAll(async () => {
    expect(h.fake.specViolations).toEqual([]);
    await h?.close();
  });

  it('a first sync cut short between pages stores what it stored, is not done, and the next sync completes it', async () => {
    const original = upsert();
    let pages = 0;
    h.tracks.upsertMetadata = async (page) => {
      if (++pages === 2) throw new Error('crash between pages');
      await original(page);
    };
    await expect(h.sync.syncLibrary('d-big')).rejects.toThrow('crash between pages');
    h.tracks.upsertMetadata = original;

    // The first page (the 500 newest likes) is stored; nobody is told the library is read.
    expect(await h.entries.count('d-big', LIKED_SONGS_ID)).toBe(500);
    expect((await library.accountOf('d-big'))?.libraryRead.done).toBe(false);
    expect((await h.accounts.byUserId('d-big'))?.likedTotal).toBeNull();

    const writes: number[] = [];
    const add = h.entries.add.bind(h.entries);
    h.entries.add = async (userId, sourceId, entries) => {
      writes.push(entries.length);
      await add(userId, sourceId, entries);
    };
    const result = await h.sync.syncLibrary('d-big');
    h.entries.add = add;
    expect(result.liked.mode).toBe('full');
    expect(result.liked.addedTrackIds).toHaveLength(800);
    // Only what was missing is written, a page at a time.
    expect(writes).toEqual([500, 300]);
    expect((await library.accountOf('d-big'))?.libraryRead.done).toBe(true);
    const expected = likedOf(tracks)
      .reverse()
      .map((entry) => [entry.trackId, new Date(entry.addedAt).toISOString()]);
    expect(await stored('d-big')).toEqual(expected);
    expect(likedNow('big')).toEqual(expected.map(([id]) => id));
  });

  it('a later sync adding thousands and removing some: between pages, the old library plus part of the new, never part of a removal', async () => {
    const before = new Set((await stored('d-big')).map(([id]) => id as string));
    const removed = [...before].slice(100, 400);
    for (const id of removed) expect(h.fake.unlikeTrack('big', id)).toBe(true);
    const fresh = makeTracks('pages-new', 1_500);
    h.fake.addTracks(fresh);
    const start = Date.parse('2025-01-01T00:00:00Z');
    fresh.forEach((track, i) => h.fake.likeTrack('big', track.id, new Date(start + i * 60_000)));

    const original = upsert();
    const seen: Set<string>[] = [];
    h.tracks.upsertMetadata = async (page) => {
      seen.push(new Set((await stored('d-big')).map(([id]) => id as string)));
      await original(page);
    };
    const result = await h.sync.syncLibrary('d-big');
    h.tracks.upsertMetadata = original;

    expect(result.liked.mode).toBe('full');
    expect(result.liked.removed).toBe(300);
    expect(result.liked.addedTrackIds).toHaveLength(1_500);
    const added = new Set(fresh.map((track) => track.id));
    expect(seen.length).toBeGreaterThanOrEqual(3);
    for (const snapshot of seen) {
      for (const id of before) expect(snapshot.has(id)).toBe(true);
      for (const id of snapshot) expect(before.has(id) || added.has(id)).toBe(true);
    }
    // Some reader saw part of the additions: they were stored in more than one step.
    expect(seen.some((snapshot) => snapshot.size > before.size && snapshot.size < before.size + 1_500)).toBe(
      true,
    );
    const now = (await stored('d-big')).map(([id]) => id);
    expect(now).toEqual(likedNow('big'));
    expect(now).toHaveLength(1_300 - 300 + 1_500);
  });

  it('a later sync cut short after its additions, before its removals: the next sync still removes them', async () => {
    const before = (await stored('d-big')).map(([id]) => id as string);
    const removed = before.slice(0, 200);
    for (const id of removed) h.fake.unlikeTrack('big', id);
    // As many added as removed: Spotify's total is what the last sync saw.
    const fresh = makeTracks('pages-swap', 200);
    h.fake.addTracks(fresh);
    const start = Date.parse('2026-01-01T00:00:00Z');
    fresh.forEach((track, i) => h.fake.likeTrack('big', track.id, new Date(start + i * 60_000)));

    const remove = h.entries.remove.bind(h.entries);
    h.entries.remove = () => Promise.reject(new Error('crash before the removals'));
    await expect(h.sync.syncLibrary('d-big')).rejects.toThrow('crash before the removals');
    h.entries.remove = remove;
    expect(await h.entries.count('d-big', LIKED_SONGS_ID)).toBe(before.length + 200);

    const result = await h.sync.syncLibrary('d-big');
    expect(result.liked).toMatchObject({ mode: 'full', removed: 200 });
    expect((await stored('d-big')).map(([id]) => id)).toEqual(likedNow('big'));
  });
});
