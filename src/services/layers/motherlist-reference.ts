import { childLinksOf, type LayerGraph } from '../../core/layer-graph.js';
import { LIKED_SONGS_ID, type Layer, type Sublist } from '../../core/layer-records.js';
import { UserError, type ShownMotherlist } from '../errors.js';
import type { OwnedPlaylist } from '../ports/library.ports.js';
import {
  bestMatchesFirst,
  playlistChoiceName,
  withIdHints,
  type PlaylistChoice,
} from './playlist-choices.js';
import { findOwnedPlaylist, playlistIdOf } from './playlist-reference.js';

/**
 * What a motherlist option names: its id (`liked` or a playlist id) and its name, when it has one
 * to show (`motherlistNameOf`).
 */
export interface Motherlist {
  id: string;
  name: string | undefined;
}

export const LIKED_SONGS: Motherlist & { name: string } = { id: LIKED_SONGS_ID, name: 'Liked Songs' };

export const isLikedSongs = (reference: string | undefined): boolean =>
  reference === undefined || ['', 'liked', 'liked songs', 'likes'].includes(reference.trim().toLowerCase());

/**
 * Liked Songs whatever the user owns: no motherlist, or "Liked Songs", which its autocomplete
 * choice sends (a playlist of that name is offered apart, by its id). "Liked" and "Likes" are
 * only shorthands: a playlist or sublist of the user's by that very name is what they mean.
 */
export const isOnlyLikedSongs = (reference: string | undefined): boolean =>
  reference === undefined || ['', 'liked songs'].includes(reference.trim().toLowerCase());

/** How a sublist is named as a motherlist: `Moods › Solo`. */
export const sublistPath = (layer: Layer, sublist: Sublist): string => `${layer.name} › ${sublist.name}`;

/** `Moods › Solo`, `moods > solo` and `Moods/Solo` name the same sublist. */
const comparable = (text: string): string =>
  text
    .trim()
    .toLowerCase()
    .replace(/\s*[›>/]\s*/gu, '›')
    .replace(/\s+/g, ' ');

const allSublists = (graph: LayerGraph): { layer: Layer; sublist: Sublist }[] =>
  graph.layers.flatMap((layer) =>
    (graph.sublistsOf.get(layer.id) ?? []).map((sublist) => ({ layer, sublist })),
  );

/**
 * The sublists a reference names: `Layer › Sublist` one, or a bare sublist name any layer's
 * sublists of that name. Sublists backed by one playlist are one motherlist.
 */
const sublistsNamed = (reference: string, graph: LayerGraph): { layer: Layer; sublist: Sublist }[] => {
  const wanted = comparable(reference);
  const sublists = allSublists(graph);
  const byPath = sublists.filter(({ layer, sublist }) => comparable(sublistPath(layer, sublist)) === wanted);
  if (byPath.length > 0) return byPath;
  return sublists.filter(({ sublist }) => comparable(sublist.name) === wanted);
};

/**
 * The motherlist a `/layer create` names: Liked Songs; a playlist by link, URI or id; another
 * layer's sublist (`Layer › Sublist`, or its name alone when no other sublist has it); or a
 * playlist the user owns by name.
 */
export const resolveMotherlist = (
  reference: string,
  owned: readonly OwnedPlaylist[],
  graph: LayerGraph,
): Motherlist => {
  const byId = playlistIdOf(reference);
  if (byId !== undefined) {
    const playlist = findOwnedPlaylist(owned, byId);
    if (!playlist) throw new UserError({ code: 'playlist-not-owned', playlist: reference });
    return { id: playlist.id, name: motherlistNameOf(playlist.id, owned, graph) };
  }
  const sublists = sublistsNamed(reference, graph);
  const playlistIds = [...new Set(sublists.map(({ sublist }) => sublist.playlistId))];
  if (playlistIds.length > 1) {
    const paths = sublists.map(({ layer, sublist }) => sublistPath(layer, sublist));
    throw new UserError({ code: 'ambiguous-motherlist', reference: reference.trim(), paths });
  }
  const [first] = sublists;
  if (first) return { id: first.sublist.playlistId, name: sublistPath(first.layer, first.sublist) };
  const playlist = findOwnedPlaylist(owned, reference);
  if (!playlist) throw new UserError({ code: 'playlist-not-owned', playlist: reference });
  return { id: playlist.id, name: motherlistNameOf(playlist.id, owned, graph) };
};

/**
 * A motherlist as people know it: Liked Songs, the sublist it is (`Moods › Solo`), or the playlist's
 * name; undefined for a playlist with none to show (untitled, or no longer among the user's
 * playlists, whose name went with it): views show that one by its id, as a link.
 */
export const motherlistNameOf = (
  motherlistId: string,
  owned: readonly { id: string; name: string }[],
  graph: LayerGraph,
): string | undefined => {
  if (motherlistId === LIKED_SONGS_ID) return LIKED_SONGS.name;
  const sublist = allSublists(graph).find(({ sublist }) => sublist.playlistId === motherlistId);
  if (sublist) return sublistPath(sublist.layer, sublist.sublist);
  const name = owned.find((playlist) => playlist.id === motherlistId)?.name;
  return name?.trim() ? name : undefined;
};

/** A layer's motherlist as people know it (`motherlistNameOf`; a playlist by its link). */
export const shownMotherlistIn = (layer: Layer, graph: LayerGraph): ShownMotherlist => ({
  id: layer.motherlistId,
  name: motherlistNameOf(layer.motherlistId, [], graph) ?? null,
});

/**
 * What `/layer create`'s motherlist option offers as the user types: Liked Songs, every sublist
 * of their layers (`Layer › Sublist`), then their other playlists, which are chosen by id (a
 * playlist may share its name with a sublist, or with another playlist: those carry an `idHint`);
 * best matches first, each kind in that order among equally good ones.
 */
export const motherlistChoices = (
  typed: string,
  owned: readonly OwnedPlaylist[],
  graph: LayerGraph,
): PlaylistChoice[] => {
  const sublists = allSublists(graph);
  const backing = new Set(sublists.map(({ sublist }) => sublist.playlistId));
  const playlists = owned.filter((playlist) => !backing.has(playlist.id));
  const choices: PlaylistChoice[] = [
    { name: LIKED_SONGS.name, value: LIKED_SONGS.name },
    ...sublists.map(({ layer, sublist }) => ({
      name: sublistPath(layer, sublist),
      value: sublistPath(layer, sublist),
    })),
    ...playlists.map((playlist) => ({ name: playlistChoiceName(playlist), value: playlist.id })),
  ];
  return bestMatchesFirst(
    withIdHints(choices, new Set(playlists.map((playlist) => playlist.id))),
    typed,
    comparable,
  );
};

/** The layers over the layer's sublists (or over one of them), by name: what deleting it detaches. */
export const childrenOf = (
  layer: Layer,
  graph: LayerGraph,
  sublistId?: string,
): { child: string; sublist: string }[] =>
  childLinksOf(layer, graph)
    .filter((link) => sublistId === undefined || link.sublist.id === sublistId)
    .map((link) => ({ child: link.child.name, sublist: link.sublist.name }));
