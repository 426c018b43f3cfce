import type { OwnedPlaylist } from '../ports/library.ports.js';

/** An autocomplete choice: shown as `name`, sent back as `value`. */
export interface PlaylistChoice {
  name: string;
  value: string;
  /**
   * The start of the playlist's id, for a playlist whose name another choice shares: shown after
   * the name, or two choices would look the same while each picks its own playlist.
   */
  idHint?: string;
}

/** Spotify ids are 22 base-62 characters: 8 of them tell a user's playlists apart. */
const ID_HINT_LENGTH = 8;

const sameName = (name: string): string => name.trim().toLowerCase();

/** Gives the playlists among `choices` whose name another choice shares their id's start. */
export const withIdHints = (
  choices: PlaylistChoice[],
  playlistIds: ReadonlySet<string>,
): PlaylistChoice[] => {
  const counts = new Map<string, number>();
  for (const { name } of choices) counts.set(sameName(name), (counts.get(sameName(name)) ?? 0) + 1);
  return choices.map((choice) =>
    playlistIds.has(choice.value) && (counts.get(sameName(choice.name)) ?? 0) > 1
      ? { ...choice, idHint: choice.value.slice(0, ID_HINT_LENGTH) }
      : choice,
  );
};

/** A playlist as an autocomplete choice: Discord refuses a choice with an empty name (and every other with it). */
export const playlistChoiceName = (playlist: OwnedPlaylist): string =>
  playlist.name.trim() ? playlist.name : `playlist ${playlist.id} (untitled)`;

const WORD_CHARACTER = /^[\p{L}\p{N}]$/u;

/**
 * How well a name matches what the user typed (both already in one case): the whole name, its
 * start, the start of one of its words, anywhere in it; undefined when it does not contain it.
 */
const matchRank = (name: string, needle: string): number | undefined => {
  if (needle === '') return 0;
  const at = name.indexOf(needle);
  if (at < 0) return undefined;
  if (name === needle) return 0;
  if (at === 0) return 1;
  for (let from = at; from >= 0; from = name.indexOf(needle, from + 1)) {
    if (!WORD_CHARACTER.test(name.charAt(from - 1))) return 2;
  }
  return 3;
};

/**
 * The choices whose name contains `typed` (compared by `comparable`), best matches first: the
 * whole name, then names that start with it, then a word that does, then the rest, each group in
 * the order given. Discord shows only the first 25, so the best must come before them.
 */
export const bestMatchesFirst = <T extends { name: string }>(
  choices: readonly T[],
  typed: string,
  comparable: (text: string) => string,
): T[] => {
  const needle = comparable(typed);
  return choices
    .map((choice) => ({ choice, rank: matchRank(comparable(choice.name), needle) }))
    .filter((ranked): ranked is { choice: T; rank: number } => ranked.rank !== undefined)
    .sort((a, b) => a.rank - b.rank)
    .map(({ choice }) => choice);
};
