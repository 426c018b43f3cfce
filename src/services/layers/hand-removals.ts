import { removalAnswers } from '../../core/hand-edits.js';
import type { Layer, Sublist } from '../../core/layer-records.js';
import type { LabelStore } from '../ports/layer.ports.js';
import type { HandEditStore, PlaylistContentsStore } from '../ports/sort-run.ports.js';

export interface HandRemovals {
  count: number;
  unplaced: number;
}

/**
 * The layer's songs taken out of a sublist by hand with no label (LayerOverview's
 * handRemovalCount) and, in a complete layer, those of them now in none of its sublists.
 */
export const handRemovals = async (
  deps: {
    handEdits: Pick<HandEditStore, 'listFor'>;
    labels: Pick<LabelStore, 'trackIdsFor'>;
    contents: Pick<PlaylistContentsStore, 'contentsOf'>;
  },
  layer: Layer,
  sublists: readonly Sublist[],
): Promise<HandRemovals> => {
  const edits = await deps.handEdits.listFor(layer.id);
  if (!edits.some((e) => e.action === 'remove')) return { count: 0, unplaced: 0 };
  const removed = removalAnswers(new Set(await deps.labels.trackIdsFor(layer.id)), edits);
  if (!layer.mode.complete || removed.size === 0) return { count: removed.size, unplaced: 0 };
  const contents = [
    ...(
      await deps.contents.contentsOf(
        layer.userId,
        sublists.map((s) => s.playlistId),
      )
    ).values(),
  ];
  const unplaced = [...removed.keys()].filter((id) => !contents.some((tracks) => tracks.has(id)));
  return { count: removed.size, unplaced: unplaced.length };
};
