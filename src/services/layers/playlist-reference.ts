import { isShortShareLink } from '../../core/share-link.js';
import { UserError } from '../errors.js';
import type { OwnedPlaylist } from '../ports/library.ports.js';

const PLAYLIST_ID = /^[A-Za-z0-9]{22}$/;

/**
 * The playlist id in an open.spotify.com link, a spotify:playlist: URI or a bare id; undefined for
 * a name. A short share link is refused: told that it is not the user's, they would not see why.
 */
export const playlistIdOf = (reference: string): string | undefined => {
  const text = reference.trim();
  if (isShortShareLink(text))
    throw new UserError({ code: 'invalid-input', rule: 'short-link', kind: 'playlist' });
  const uri = /^spotify:playlist:([A-Za-z0-9]{22})$/.exec(text);
  if (uri) return uri[1];
  try {
    const url = new URL(text);
    if (url.hostname.endsWith('spotify.com')) {
      const match = /\/playlist\/([A-Za-z0-9]{22})/.exec(url.pathname);
      return match?.[1];
    }
  } catch {
    // not a URL: a bare id or a name
  }
  return PLAYLIST_ID.test(text) ? text : undefined;
};

/**
 * The refusal of a playlist the user does not own: one they follow (by link, URI, id or name) is
 * told apart from one that is not in their library at all.
 */
export const notOwnedError = (
  followed: readonly { id: string; name: string }[],
  reference: string,
): UserError => {
  const id = playlistIdOf(reference);
  const name = reference.trim().toLowerCase();
  const isFollowed = followed.some((playlist) => playlist.id === id || playlist.name.toLowerCase() === name);
  return new UserError({
    code: 'playlist-not-owned',
    playlist: reference,
    inLibrary: isFollowed ? 'followed' : 'missing',
  });
};

/**
 * Finds a playlist the user owns by link, URI, id or (case-insensitive) name. A name several of
 * their playlists share is refused rather than answered with one of them: only a link tells them apart.
 */
export const findOwnedPlaylist = (
  owned: readonly OwnedPlaylist[],
  reference: string,
): OwnedPlaylist | undefined => {
  const id = playlistIdOf(reference);
  const byId = id ? owned.find((playlist) => playlist.id === id) : undefined;
  if (byId) return byId;
  const name = reference.trim().toLowerCase();
  const named = owned.filter((playlist) => playlist.name.toLowerCase() === name);
  if (named.length > 1)
    throw new UserError({ code: 'ambiguous-playlist', playlist: reference.trim(), count: named.length });
  return named[0];
};
