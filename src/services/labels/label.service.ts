import type { Layer, LabelSource, Sublist } from '../../core/layer-records.js';
import { placementProblem } from '../../core/layer.js';
import type { LabelStore } from '../ports/layer.ports.js';
import { UserError } from '../errors.js';

/** Stores answers after checking them against the layer's mode and sublists. */
export class LabelService {
  constructor(private readonly labels: LabelStore) {}

  async record(
    layer: Layer,
    sublists: readonly Sublist[],
    trackId: string,
    sublistIds: readonly string[],
    source: LabelSource,
    options: { drawnAtRandom?: boolean } = {},
  ): Promise<void> {
    const known = new Set(sublists.map((sublist) => sublist.id));
    if (sublistIds.some((id) => !known.has(id)))
      throw new UserError({ code: 'stale-component', what: 'sublist-removed' });
    const problem = placementProblem(layer.mode, sublistIds);
    if (problem)
      throw new UserError({ code: 'invalid-input', rule: 'placement', layerName: layer.name, problem });
    await this.labels.put(layer.id, trackId, sublistIds, source, options);
  }

  async forget(layerId: string, trackId: string): Promise<void> {
    await this.labels.delete(layerId, trackId);
  }

  labeledTrackIds(layerId: string): Promise<string[]> {
    return this.labels.trackIdsFor(layerId);
  }
}
