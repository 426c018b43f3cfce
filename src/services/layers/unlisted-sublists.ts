import { LIKED_SONGS_ID, type Layer, type Sublist } from '../../core/layer-records.js';
import { UserError } from '../errors.js';
import type { PlaylistContentsStore } from '../ports/sort-run.ports.js';

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

/**
 * Of these layers, those whose motherlist is a playlist the same rule leaves alone: a sync takes
 * no songs from it and its stored copy is empty, so a /sort or /label over it would see none.
 * Liked Songs are always there.
 */
export const unlistedMotherlists = async (
  contents: Pick<PlaylistContentsStore, 'listedPlaylists'>,
  userId: string,
  layers: readonly Layer[],
): Promise<Layer[]> => {
  const playlists = layers.filter((l) => l.motherlistId !== LIKED_SONGS_ID);
  const listed = await contents.listedPlaylists(
    userId,
    playlists.map((l) => l.motherlistId),
  );
  return playlists.filter((l) => !listed.has(l.motherlistId));
};

/**
 * Refuses a /sort, /label or /import of a layer whose motherlist is unlisted: an empty motherlist
 * would read as "nothing to place" and drop the songs that wait, as "every song answered", or as
 * "every song of the sublists outside the motherlist".
 */
export const requireMotherlistListed = async (
  contents: Pick<PlaylistContentsStore, 'listedPlaylists'>,
  userId: string,
  layer: Layer,
  work: 'sort' | 'label' | 'import',
): Promise<void> => {
  if ((await unlistedMotherlists(contents, userId, [layer])).length > 0)
    throw new UserError({ code: 'motherlist-unlisted', layerName: layer.name, work });
};
