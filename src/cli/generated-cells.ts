import type { LibrarySnapshot, SnapshotScenario } from '../core/library-snapshot.js';
import { type GeneratedSet, generatedSet } from '../ml/scenario-generator.js';
import { readLibrarySnapshot } from './read-snapshot.js';

/** The public libraries the generated development set is drawn from (files in ../shared/data). */
export const GENERATOR_LIBRARIES = ['eargasm', 'exportify-owner', 'seven-playlists', 'tidytuesday-genres'];
/** Cells drawn per library and mode; raising it adds cells without changing existing ones. */
export const CELLS_PER_MODE = 6;

export interface EvaluationCell {
  /** The generated cell's id, or `snapshot/scenario` for a recorded scenario. */
  id: string;
  snapshot: LibrarySnapshot;
  scenario: SnapshotScenario;
}

export const isGeneratedSet = (value: string): value is GeneratedSet =>
  value === 'tuning' || value === 'held-back';

/** The first `count` cells of a generated set (all when undefined), read from `dataDir`. */
export const loadGeneratedCells = async (
  dataDir: string,
  set: GeneratedSet,
  count?: number,
): Promise<EvaluationCell[]> => {
  const snapshots = await Promise.all(
    GENERATOR_LIBRARIES.map((name) => readLibrarySnapshot(`${dataDir}/${name}.json.gz`)),
  );
  const byName = new Map(snapshots.map((s) => [s.name, s]));
  return generatedSet(snapshots, set, CELLS_PER_MODE)
    .slice(0, count)
    .map((cell) => ({
      id: cell.id,
      snapshot: byName.get(cell.library) as LibrarySnapshot,
      scenario: cell.scenario,
    }));
};
