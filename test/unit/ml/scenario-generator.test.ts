import { describe, expect, it } from 'vitest';
import type { LibrarySnapshot } from '../../../src/core/library-snapshot.js';
import { scenarioLibrary } from '../../../src/ml/snapshot-library.js';
import {
  GENERATED_MODES,
  MIN_SUBLIST_TRACKS,
  MIN_SUBLISTS,
  cellSet,
  generateCells,
  generatedSet,
  modeName,
} from '../../../src/ml/scenario-generator.js';
import { loadSlice } from './fixture.js';

const slice = loadSlice();
const CELLS = 4;

/** A second library with Liked Songs: the slice's tracks, half of them liked. */
const withLiked = (snapshot: LibrarySnapshot): LibrarySnapshot => ({
  ...snapshot,
  name: 'liked-slice',
  liked: snapshot.tracks.filter((_, i) => i % 2 === 0).map((t) => ({ track_id: t.id })),
});

describe('generated scenario cells', () => {
  const cells = generateCells(slice, CELLS);

  it('are the same for the same seed, and cell i does not depend on how many cells are drawn', () => {
    expect(generateCells(slice, CELLS)).toEqual(cells);
    const fewer = generateCells(slice, 2);
    for (const cell of fewer) expect(cells.find((c) => c.id === cell.id)).toEqual(cell);
  });

  it('cover every mode with 3 or more learnable sublists of the library’s own playlists', () => {
    const playlists = new Set(slice.playlists.map((p) => p.name));
    for (const mode of GENERATED_MODES) {
      const ofMode = cells.filter((c) => modeName(c.mode) === modeName(mode));
      expect(ofMode.length, modeName(mode)).toBeGreaterThan(0);
      for (const { scenario } of ofMode) {
        expect(scenario.mutual).toBe(mode.mutual);
        expect(scenario.complete).toBe(mode.complete);
        expect(scenario.sublists.length).toBeGreaterThanOrEqual(MIN_SUBLISTS);
        for (const sublist of scenario.sublists) {
          expect(playlists.has(sublist.name)).toBe(true);
          expect(sublist.track_ids.length).toBeGreaterThanOrEqual(MIN_SUBLIST_TRACKS);
        }
      }
    }
  });

  it('never repeat the playlists of another cell of the same mode', () => {
    const keys = cells.map(
      (c) =>
        `${modeName(c.mode)}:${c.scenario.sublists
          .map((s) => s.name)
          .sort()
          .join('|')}`,
    );
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('give mutual layers a disjoint truth, complete ones a truth covering the motherlist, incomplete ones a void', () => {
    for (const cell of cells) {
      const library = scenarioLibrary(slice, cell.scenario, { enrichment: false });
      const placements = [...library.truth.values()];
      expect(placements.length).toBe(cell.scenario.motherlist.length);
      if (cell.mode.mutual) for (const p of placements) expect(p.length, cell.id).toBeLessThanOrEqual(1);
      if (cell.mode.complete) for (const p of placements) expect(p.length, cell.id).toBeGreaterThanOrEqual(1);
      else
        expect(
          placements.some((p) => p.length === 0),
          cell.id,
        ).toBe(true);
      // The sublists themselves are never an input.
      for (const item of library.items)
        for (const sublist of library.sublistIds) expect(item.otherPlaylists ?? []).not.toContain(sublist);
    }
  });

  it('use Liked Songs as the motherlist of incomplete layers when the library has them', () => {
    const liked = withLiked(slice);
    const likedIds = new Set(liked.liked?.map((i) => i.track_id));
    const incomplete = generateCells(liked, CELLS).filter((c) => !c.mode.complete);
    expect(incomplete.length).toBeGreaterThan(0);
    for (const cell of incomplete)
      for (const id of cell.scenario.motherlist) expect(likedIds.has(id)).toBe(true);
  });
});

describe('the tuning / held-back split', () => {
  it('puts a cell by its id alone, about a third held back', () => {
    const ids = Array.from({ length: 600 }, (_, i) => `lib/${modeName(GENERATED_MODES[i % 4]!)}/${i}`);
    const sets = ids.map(cellSet);
    expect(ids.map(cellSet)).toEqual(sets);
    const heldBack = sets.filter((s) => s === 'held-back').length / ids.length;
    expect(heldBack).toBeGreaterThan(0.25);
    expect(heldBack).toBeLessThan(0.42);
  });

  it('is stable when more libraries or cells are generated, and the two sets never share a cell', () => {
    const liked = withLiked(slice);
    const small = generatedSet([slice], 'held-back', 3);
    const large = generatedSet([slice, liked], 'held-back', CELLS);
    expect(small.length).toBeGreaterThan(0);
    for (const cell of small) {
      expect(cell.set).toBe('held-back');
      expect(large.find((c) => c.id === cell.id)).toEqual(cell);
    }
    const tuning = generatedSet([slice, liked], 'tuning', CELLS);
    expect(tuning.every((c) => c.set === 'tuning')).toBe(true);
    expect(tuning.length + large.length).toBe(
      generateCells(slice, CELLS).length + generateCells(liked, CELLS).length,
    );
  });
});
