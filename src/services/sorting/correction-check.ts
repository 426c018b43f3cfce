import { placementProblem } from '../../core/layer.js';
import type { Layer, Sublist } from '../../core/layer-records.js';
import { UserError } from '../errors.js';
import { ownLayer } from '../layers/own-layer.js';
import { unlistedSublists } from '../layers/unlisted-sublists.js';
import type { PlaylistContentsStore } from '../ports/sort-run.ports.js';

export interface CorrectionCheckDeps {
  layers: { byId(id: string): Promise<Layer | undefined> };
  sublists: { listFor(layerId: string): Promise<Sublist[]> };
  contents: Pick<PlaylistContentsStore, 'listedPlaylists'>;
}

/** Where a correction puts a track, checked against the layer as it is. */
export interface CheckedCorrection {
  layer: Layer;
  sublistIds: string[];
  /** Every sublist of the layer (the correction supersedes hand edits in any of them). */
  allSublistIds: string[];
}

/** Refuses a correction to a layer or sublist that is gone, or to a placement the mode forbids. */
export const checkCorrection = async (
  deps: CorrectionCheckDeps,
  userId: string,
  layerId: string,
  sublistIds: readonly string[],
): Promise<CheckedCorrection> => {
  const layer = ownLayer(await deps.layers.byId(layerId), userId, 'moved');
  const sublists = await deps.sublists.listFor(layerId);
  const known = new Set(sublists.map((s) => s.id));
  const unique = [...new Set(sublistIds)];
  if (unique.some((id) => !known.has(id)))
    throw new UserError({ code: 'unknown-sublist', sublistName: null, layerName: layer.name });
  const problem = placementProblem(layer.mode, unique);
  if (problem) throw new UserError({ code: 'invalid-input', rule: 'placement', layerName: null, problem });
  // A run would hold the song back (see SortPlanner's buildPlan): refused up front, before the answer is stored.
  const chosen = sublists.filter((s) => unique.includes(s.id));
  const unlisted = await unlistedSublists(deps.contents, userId, chosen);
  if (unlisted.length > 0)
    throw new UserError({ code: 'sublist-unlisted', sublistNames: unlisted.map((s) => s.name) });
  return { layer, sublistIds: unique, allSublistIds: [...known] };
};
