import type { LayerMode } from '../core/layer.js';
import type { LibrarySnapshot, SnapshotScenario } from '../core/library-snapshot.js';
import { createRandom, hashString, shuffled } from './random.js';

/**
 * The wider development set: layers drawn from a library's own playlists, generated at run time
 * from the snapshots (which have no licence, so generated cells are never committed either).
 * Every cell is a function of (GENERATOR_SEED, its id) alone, so adding cells or libraries never
 * changes the existing ones, and the split below never moves a cell from one set to the other.
 */
export const GENERATOR_SEED = 25;
/** Seed of the tuning / held-back split; never change it, or the held-back cells stop being unseen. */
export const SPLIT_SEED = 2025;
/** One cell in HELD_BACK_SHARE goes to the held-back set. */
const HELD_BACK_SHARE = 3;

export const GENERATED_MODES = [
  { mutual: true, complete: true },
  { mutual: true, complete: false },
  { mutual: false, complete: true },
  { mutual: false, complete: false },
] as const satisfies readonly LayerMode[];

export const MIN_SUBLISTS = 3;
export const MAX_SUBLISTS = 25;
/** A sublist needs this many tracks in the motherlist to be learnable from a few labels. */
export const MIN_SUBLIST_TRACKS = 8;
/** Larger motherlists are subsampled (seeded): the evaluation is CPU-bound and 2,000 tracks is a big library. */
export const MAX_MOTHERLIST = 2000;
const ATTEMPTS = 50;

export type GeneratedSet = 'tuning' | 'held-back';

export interface GeneratedCell {
  /** `library/mode/index`, e.g. `eargasm/mutual-incomplete/3`. */
  id: string;
  library: string;
  mode: LayerMode;
  set: GeneratedSet;
  scenario: SnapshotScenario;
}

export const modeName = (mode: LayerMode): string =>
  `${mode.mutual ? 'mutual' : 'non-mutual'}-${mode.complete ? 'complete' : 'incomplete'}`;

/** The split rule: a hash of the cell id, so a cell's set never depends on which other cells exist. */
export const cellSet = (cellId: string): GeneratedSet =>
  hashString(`split:${SPLIT_SEED}:${cellId}`) % HELD_BACK_SHARE === 0 ? 'held-back' : 'tuning';

const membersOf = (snapshot: LibrarySnapshot): Map<string, Set<string>> => {
  const known = new Set(snapshot.tracks.map((t) => t.id));
  return new Map(
    snapshot.playlists.map((p) => [
      p.name,
      new Set(p.items.map((i) => i.track_id).filter((id) => known.has(id))),
    ]),
  );
};

/**
 * The library around a layer when the layer is incomplete: Liked Songs when the snapshot has
 * them, otherwise every track of any playlist.
 */
const wholeLibrary = (snapshot: LibrarySnapshot, members: ReadonlyMap<string, Set<string>>): string[] => {
  const known = new Set(snapshot.tracks.map((t) => t.id));
  if (snapshot.liked && snapshot.liked.length > 0)
    return [...new Set(snapshot.liked.map((i) => i.track_id).filter((id) => known.has(id)))];
  const all = new Set<string>();
  for (const set of members.values()) for (const id of set) all.add(id);
  return [...all];
};

/**
 * One layer of the given mode, or undefined when the draw does not give a learnable one.
 * - complete: the motherlist is the union of the chosen playlists;
 * - incomplete: the motherlist is the whole library (wholeLibrary), so tracks of no chosen
 *   playlist are the void;
 * - mutual: tracks held by more than one chosen playlist are left out of the motherlist, so the
 *   truth is disjoint without an arbitrary tie-break (the layer is what the person would have
 *   built had they kept the playlists apart);
 * - then a seeded subsample down to MAX_MOTHERLIST, and every chosen playlist must keep
 *   MIN_SUBLIST_TRACKS tracks.
 */
const drawLayer = (
  name: string,
  mode: LayerMode,
  members: ReadonlyMap<string, Set<string>>,
  library: readonly string[],
  random: () => number,
): SnapshotScenario | undefined => {
  const libraryIds = new Set(library);
  // An incomplete layer's motherlist is subsampled from the whole library: a playlist must be
  // large enough to keep MIN_SUBLIST_TRACKS tracks through the subsample.
  const needed = mode.complete
    ? MIN_SUBLIST_TRACKS
    : Math.ceil((MIN_SUBLIST_TRACKS * Math.max(library.length, MAX_MOTHERLIST)) / MAX_MOTHERLIST);
  const usable = [...members.entries()]
    .filter(([, ids]) => {
      let inside = 0;
      for (const id of ids) if (mode.complete || libraryIds.has(id)) inside++;
      return inside >= needed;
    })
    .map(([playlist]) => playlist);
  // An incomplete layer leaves at least one playlist out, so that the void is more than leftovers.
  const most = Math.min(MAX_SUBLISTS, mode.complete ? usable.length : usable.length - 1);
  if (most < MIN_SUBLISTS) return undefined;
  const count = MIN_SUBLISTS + Math.floor(random() * (most - MIN_SUBLISTS + 1));
  const chosen = shuffled(usable, random).slice(0, count);
  const memberships = new Map<string, string[]>();
  for (const playlist of chosen) {
    for (const id of members.get(playlist) ?? [])
      memberships.set(id, [...(memberships.get(id) ?? []), playlist]);
  }
  let motherlist = mode.complete ? [...memberships.keys()] : [...library];
  if (mode.mutual) motherlist = motherlist.filter((id) => (memberships.get(id)?.length ?? 0) <= 1);
  if (motherlist.length > MAX_MOTHERLIST) motherlist = shuffled(motherlist, random).slice(0, MAX_MOTHERLIST);
  const inMotherlist = new Set(motherlist);
  const sublists = chosen.map((playlist) => ({
    name: playlist,
    track_ids: [...(members.get(playlist) ?? [])].filter((id) => inMotherlist.has(id)),
  }));
  if (sublists.some((s) => s.track_ids.length < MIN_SUBLIST_TRACKS)) return undefined;
  if (!mode.complete && motherlist.every((id) => memberships.has(id))) return undefined;
  return {
    name,
    description: `generated: ${count} of the library's playlists, ${modeName(mode)}`,
    mutual: mode.mutual,
    complete: mode.complete,
    motherlist,
    sublists,
  };
};

const chosenKey = (scenario: SnapshotScenario): string =>
  scenario.sublists
    .map((s) => s.name)
    .sort()
    .join('\u0000');

/**
 * `cellsPerMode` cells of every mode for one library (fewer when the library cannot give a
 * learnable layer of a mode). Cell `library/mode/i` is drawn from its own seeded generator and
 * never repeats the playlists of an earlier cell of its mode (on a library of 6 or 7 playlists a
 * repeat would put the same layer in both sets), so cell i depends only on cells 0..i of its mode.
 */
export const generateCells = (snapshot: LibrarySnapshot, cellsPerMode: number): GeneratedCell[] => {
  const members = membersOf(snapshot);
  const library = wholeLibrary(snapshot, members);
  const cells: GeneratedCell[] = [];
  for (const mode of GENERATED_MODES) {
    const seen = new Set<string>();
    for (let index = 0; index < cellsPerMode; index++) {
      const id = `${snapshot.name}/${modeName(mode)}/${index}`;
      const random = createRandom(hashString(`cell:${GENERATOR_SEED}:${id}`));
      for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
        const scenario = drawLayer(id, mode, members, library, random);
        if (!scenario || seen.has(chosenKey(scenario))) continue;
        seen.add(chosenKey(scenario));
        cells.push({ id, library: snapshot.name, mode, set: cellSet(id), scenario });
        break;
      }
    }
  }
  return cells;
};

/**
 * The cells of one set over several libraries, in rounds: every (library, mode) group gives its
 * next cell per round, and within a round the groups follow a Latin square (mode m of the s-th
 * shift comes from library m + s), so that the first N cells cover as many modes and libraries as
 * N allows.
 */
export const generatedSet = (
  snapshots: readonly LibrarySnapshot[],
  set: GeneratedSet,
  cellsPerMode: number,
): GeneratedCell[] => {
  const modeOrder = (mode: LayerMode): number =>
    GENERATED_MODES.findIndex((m) => m.mutual === mode.mutual && m.complete === mode.complete);
  const libraries = snapshots.map((s) => s.name);
  const position = (cell: GeneratedCell): number => {
    const m = modeOrder(cell.mode);
    const shift = (libraries.indexOf(cell.library) - m + libraries.length) % libraries.length;
    return shift * GENERATED_MODES.length + m;
  };
  const rank = new Map<GeneratedCell, number>();
  const inGroup = new Map<string, number>();
  const cells = snapshots
    .flatMap((snapshot) => generateCells(snapshot, cellsPerMode))
    .filter((cell) => cell.set === set);
  for (const cell of cells) {
    const group = `${cell.library}|${modeName(cell.mode)}`;
    rank.set(cell, inGroup.get(group) ?? 0);
    inGroup.set(group, (rank.get(cell) ?? 0) + 1);
  }
  return cells.sort((a, b) => (rank.get(a) ?? 0) - (rank.get(b) ?? 0) || position(a) - position(b));
};
