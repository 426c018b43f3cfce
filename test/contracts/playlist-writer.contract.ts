import { describe, expect, it } from 'vitest';
import type { PlaylistWriter } from '../../src/services/ports/sort-run.ports.js';

/** A user's playlists on Spotify (the fake over HTTP, or memory) and the writer of sort runs. */
export interface PlaylistWorld {
  writer: PlaylistWriter;
  userId: string;
  /** Track ids Spotify knows (at least 150). */
  tracks: readonly string[];
  /** A playlist of the user holding these tracks, in order (a track may be there twice), made by hand. */
  playlist(trackIds: readonly string[]): Promise<string>;
  /** What the playlist holds on Spotify, every occurrence in order. */
  held(playlistId: string): Promise<string[]>;
  /** The user adds tracks by hand in the Spotify app. */
  addByHand(playlistId: string, trackIds: readonly string[]): Promise<void>;
}

/** What the playlist writer promises a sort run (the Spotify writer and the unit tier's in-memory one alike). */
export const playlistWriterContract = (world: () => PlaylistWorld): void => {
  describe('the playlist writer', () => {
    it('appends in order, each track once per call, and answers with the playlist’s new version', async () => {
      const { writer, userId, tracks } = world();
      const [a, b, c, d] = tracks as [string, string, string, string];
      const id = await world().playlist([a]);
      const before = await writer.snapshotId(userId, id);
      const snapshot = await writer.addTracks(userId, id, [b, c, b]);
      expect(await world().held(id)).toEqual([a, b, c]);
      expect(snapshot).not.toBeNull();
      expect(snapshot).not.toBe(before);
      expect(await writer.snapshotId(userId, id)).toBe(snapshot);
      // The journal knows what a playlist lacks: an add is not checked against what it holds.
      await writer.addTracks(userId, id, [a, d]);
      expect(await world().held(id)).toEqual([a, b, c, a, d]);
    });

    it('writes more than 100 tracks in one call', async () => {
      const { writer, userId, tracks } = world();
      const many = tracks.slice(0, 150);
      const id = await world().playlist([]);
      await writer.addTracks(userId, id, many);
      expect(await world().held(id)).toEqual(many);
      await writer.removeTracks(userId, id, many.slice(0, 120));
      expect(await world().held(id)).toEqual(many.slice(120));
    });

    it('removes every occurrence; removing a track that is not there is harmless', async () => {
      const { writer, userId, tracks } = world();
      const [a, b, c, d] = tracks as [string, string, string, string];
      const id = await world().playlist([a, b, a, c]);
      const before = await writer.snapshotId(userId, id);
      const snapshot = await writer.removeTracks(userId, id, [a, d]);
      expect(await world().held(id)).toEqual([b, c]);
      expect(snapshot).not.toBe(before);
      expect(await writer.snapshotId(userId, id)).toBe(snapshot);
    });

    it('reads what the playlist holds, each track once, and sees a change made by hand in its version', async () => {
      const { writer, userId, tracks } = world();
      const [a, b, c] = tracks as [string, string, string];
      const id = await world().playlist([b, a, b]);
      expect(await writer.trackIds(userId, id)).toEqual([b, a]);
      const before = await writer.snapshotId(userId, id);
      await world().addByHand(id, [c]);
      expect(await writer.trackIds(userId, id)).toEqual([b, a, c]);
      expect(await writer.snapshotId(userId, id)).not.toBe(before);
    });
  });
};
