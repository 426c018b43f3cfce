import type { AccountDirectory } from '../ports/library.ports.js';
import type { LayerSorter, PlacementCorrector } from '../ports/model-ports.js';
import { requireLibraryRead, requireLinked } from '../account/require-linked.js';

/**
 * Sorting, undoing and correcting are Spotify work: with the link gone (expired or never made)
 * they say so before anything runs. A sort whose plan changes nothing makes no request, so
 * without this it would answer "+0 −0" as if it had worked. A sort or a correction plans against
 * the library's copy: until its first read is whole (after a relink too), they say how far it is.
 */
export const requiringLiveLink = (
  sorter: LayerSorter & PlacementCorrector,
  accounts: AccountDirectory,
): LayerSorter & PlacementCorrector => ({
  sort: async (userId, layer, options) => {
    await requireLibraryRead(accounts, userId);
    return sorter.sort(userId, layer, options);
  },
  undoLast: async (userId, layer) => {
    await requireLinked(accounts, userId);
    return sorter.undoLast(userId, layer);
  },
  undoRun: async (userId, runId) => {
    await requireLinked(accounts, userId);
    return sorter.undoRun(userId, runId);
  },
  correct: async (userId, layerId, trackId, sublistIds) => {
    await requireLibraryRead(accounts, userId);
    return sorter.correct(userId, layerId, trackId, sublistIds);
  },
  // No Spotify work, but checked against the library's copy (is the song still in the motherlist?).
  noteAnswer: async (userId, layerId, trackId, sublistIds) => {
    await requireLibraryRead(accounts, userId);
    return sorter.noteAnswer(userId, layerId, trackId, sublistIds);
  },
  placeWaiting: async (userId, layerId, trackId, sublistIds) => {
    await requireLibraryRead(accounts, userId);
    return sorter.placeWaiting(userId, layerId, trackId, sublistIds);
  },
});
