import type { PlaylistWriter } from '../../src/services/ports/sort-run.ports.js';
import type { MemoryPlaylists } from './memory-playlists.js';

/**
 * The playlists of `spotify` behind a writer whose calls first ask `fault`: what it returns (an
 * error) is thrown instead of the call; nothing (undefined) lets the call through.
 */
export const faultyWriter = (
  spotify: MemoryPlaylists,
  fault: (call: keyof PlaylistWriter, playlistId: string) => unknown,
): PlaylistWriter => {
  const check = (call: keyof PlaylistWriter, playlistId: string) => {
    const error = fault(call, playlistId);
    if (error) throw error;
  };
  return {
    addTracks: async (userId, playlistId, trackIds) => {
      check('addTracks', playlistId);
      return spotify.addTracks(userId, playlistId, trackIds);
    },
    removeTracks: async (userId, playlistId, trackIds) => {
      check('removeTracks', playlistId);
      return spotify.removeTracks(userId, playlistId, trackIds);
    },
    trackIds: async (userId, playlistId) => {
      check('trackIds', playlistId);
      return spotify.trackIds(userId, playlistId);
    },
    snapshotId: async (userId, playlistId) => {
      check('snapshotId', playlistId);
      return spotify.snapshotId(userId, playlistId);
    },
  };
};
