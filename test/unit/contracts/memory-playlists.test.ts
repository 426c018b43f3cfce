import { describe } from 'vitest';
import { playlistWriterContract } from '../../contracts/playlist-writer.contract.js';
import { MemoryPlaylists } from '../../support/memory-playlists.js';

/** The unit tier's in-memory playlists, held to the same contract as the Spotify writer. */
describe('the in-memory playlists', () => {
  const playlists = new MemoryPlaylists();
  let made = 0;
  playlistWriterContract(() => ({
    writer: playlists,
    userId: 'user',
    tracks: Array.from({ length: 150 }, (_, i) => `track-${i}`),
    playlist: async (trackIds) => {
      const id = `playlist-${++made}`;
      playlists.set(id, trackIds);
      return id;
    },
    held: async (id) => playlists.items(id),
    addByHand: async (id, trackIds) => playlists.set(id, [...playlists.items(id), ...trackIds]),
  }));
});
