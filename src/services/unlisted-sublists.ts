import type { Sublist } from '../core/layer-records.js';
import type { PlaylistContentsStore } from './sort-run.ports.js';

/**
 * Of these sublists, those whose playlist the user's library no longer lists (deleted or
 * unfollowed in Spotify, which still lets the owner write to it, out of the user's sight) or the
 * linked account does not own (Spotify refuses its writes there): runs, corrections and undos
 * leave them alone, and /status and /layer list name them. The one rule for all of them.
 */
export const unlistedSublists = async (
  contents: Pick<PlaylistContentsStore, 'listedPlaylists'>,
  userId: string,
  sublists: readonly Sublist[],
): Promise<Sublist[]> => {
  const listed = await contents.listedPlaylists(
    userId,
    sublists.map((s) => s.playlistId),
  );
  return sublists.filter((s) => !listed.has(s.playlistId));
};
