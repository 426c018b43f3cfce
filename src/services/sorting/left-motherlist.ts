import type { Layer, Sublist } from '../../core/layer-records.js';
import type { ShownMotherlist } from '../errors.js';
import { shownMotherlistIn } from '../layers/motherlist-reference.js';
import type { SortRunDeps } from '../ports/sort-run.ports.js';

type MotherlistDeps = Pick<SortRunDeps, 'layers' | 'sublists' | 'motherlist'>;

/**
 * Of `trackIds`, the songs no longer in the layer's motherlist as the bot last read it and its own
 * writes left it (library entries): the layer no longer sorts them, and a sync takes them out of
 * its sublists once, so nothing may put them back there (no sync would take them out again). A
 * song liked again counts as in once a read has seen it; until then its next sync sorts it anyway.
 */
export const leftMotherlist = async (
  deps: Pick<MotherlistDeps, 'motherlist'>,
  userId: string,
  layer: Layer,
  trackIds: Iterable<string>,
): Promise<Set<string>> => {
  const asked = new Set(trackIds);
  if (asked.size === 0) return asked;
  const held = await deps.motherlist.holding(userId, layer.motherlistId, [...asked]);
  return new Set([...asked].filter((id) => !held.has(id)));
};

/** The layer's motherlist as people know it (`motherlistNameOf`; a playlist by its link). */
export const shownMotherlist = async (
  deps: Pick<MotherlistDeps, 'layers' | 'sublists'>,
  userId: string,
  layer: Layer,
): Promise<ShownMotherlist> => {
  const layers = await deps.layers.listFor(userId);
  const sublistsOf = new Map<string, Sublist[]>();
  for (const other of layers) sublistsOf.set(other.id, await deps.sublists.listFor(other.id));
  return shownMotherlistIn(layer, { layers, sublistsOf });
};
