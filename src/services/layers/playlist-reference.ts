import type { OwnedPlaylist } from '../ports/library.ports.js';

const PLAYLIST_ID = /^[A-Za-z0-9]{22}$/;

/** The playlist id in an open.spotify.com link, a spotify:playlist: URI or a bare id; undefined for a name. */
export const playlistIdOf = (reference: string): string | undefined => {
  const text = reference.trim();
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

/** Finds a playlist the user owns by link, URI, id or (case-insensitive) name. */
export const findOwnedPlaylist = (
  owned: readonly OwnedPlaylist[],
  reference: string,
): OwnedPlaylist | undefined => {
  const id = playlistIdOf(reference);
  const name = reference.trim().toLowerCase();
  return (
    (id ? owned.find((playlist) => playlist.id === id) : undefined) ??
    owned.find((playlist) => playlist.name.toLowerCase() === name)
  );
};
