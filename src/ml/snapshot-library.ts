import type { LayerMode, Placement } from '../core/layer.js';
import {
  type LibrarySnapshot,
  type SnapshotScenario,
  snapshotTrackToTrack,
} from '../core/library-snapshot.js';
import type { LibraryTrack } from './features.js';

/** A snapshot scenario as a layer: its motherlist as the model sees it, and the truth. */
export interface ScenarioLibrary {
  name: string;
  mode: LayerMode;
  sublistIds: string[];
  items: LibraryTrack[];
  truth: Map<string, Placement>;
  /** Playlists kept out of the "other playlists" feature because they reveal the answer. */
  excludedPlaylists: string[];
}

const commonPrefix = (names: readonly string[]): string => {
  if (names.length < 2) return '';
  let prefix = names[0] ?? '';
  for (const name of names) while (!name.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix;
};

const jaccard = (a: ReadonlySet<string>, b: ReadonlySet<string>): number => {
  let shared = 0;
  for (const id of a) if (b.has(id)) shared++;
  return shared / Math.max(1, a.size + b.size - shared);
};

/**
 * Playlists whose membership is (part of) the truth: the sublists themselves, playlists named
 * like the sublists (e.g. `genre_unsorted` beside `genre_*` sublists) and near-copies of a sublist.
 */
export const answerRevealingPlaylists = (snapshot: LibrarySnapshot, scenario: SnapshotScenario): string[] => {
  const sublistNames = scenario.sublists.map((s) => s.name);
  const prefix = commonPrefix(sublistNames);
  const sublistSets = scenario.sublists.map((s) => new Set(s.track_ids));
  return snapshot.playlists
    .filter((playlist) => {
      if (sublistNames.includes(playlist.name)) return true;
      if (prefix.length >= 4 && playlist.name.startsWith(prefix)) return true;
      const members = new Set(playlist.items.map((i) => i.track_id));
      return sublistSets.some((sublist) => jaccard(members, sublist) >= 0.8);
    })
    .map((p) => p.name);
};

export const scenarioLibrary = (
  snapshot: LibrarySnapshot,
  scenario: SnapshotScenario,
  options: { enrichment: boolean },
): ScenarioLibrary => {
  const excluded = new Set(answerRevealingPlaylists(snapshot, scenario));
  const playlistsOf = new Map<string, string[]>();
  for (const playlist of snapshot.playlists) {
    if (excluded.has(playlist.name)) continue;
    for (const item of playlist.items) {
      const list = playlistsOf.get(item.track_id) ?? [];
      if (!list.includes(playlist.name)) list.push(playlist.name);
      playlistsOf.set(item.track_id, list);
    }
  }
  // Only the Liked Songs date: a playlist's added_at would date the sorting itself.
  const likedAt = new Map((snapshot.liked ?? []).map((i) => [i.track_id, i.added_at]));
  const tracks = new Map(snapshot.tracks.map((t) => [t.id, t]));
  const truth = new Map<string, string[]>(scenario.motherlist.map((id) => [id, []]));
  for (const sublist of scenario.sublists) {
    for (const id of sublist.track_ids) {
      const placement = truth.get(id);
      if (placement && !placement.includes(sublist.name)) placement.push(sublist.name);
    }
  }
  const items = scenario.motherlist.map((id): LibraryTrack => {
    const track = tracks.get(id);
    if (!track) throw new Error(`scenario ${scenario.name} names unknown track ${id}`);
    const item: LibraryTrack = { track: snapshotTrackToTrack(track, options) };
    const addedAt = likedAt.get(id);
    if (addedAt) item.addedAt = addedAt;
    const playlists = playlistsOf.get(id);
    if (playlists) item.otherPlaylists = playlists;
    return item;
  });
  return {
    name: scenario.name,
    mode: { mutual: scenario.mutual, complete: scenario.complete },
    sublistIds: scenario.sublists.map((s) => s.name),
    items,
    truth,
    excludedPlaylists: [...excluded],
  };
};
