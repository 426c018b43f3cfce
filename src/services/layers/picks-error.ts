import type { Layer, Sublist } from '../../core/layer-records.js';
import type { Picks, PicksProblem } from '../../core/layer.js';
import { UserError } from '../errors.js';

/**
 * The user error of a menu's picks that do not fit the layer as it is now (`nothing`: what the
 * press would have done).
 */
export const picksError = (
  problem: PicksProblem,
  found: { layer: Layer; sublists: readonly Sublist[] },
  picks: Picks,
  nothing: 'placed' | 'moved',
): UserError => {
  const layerName = found.layer.name;
  switch (problem) {
    case 'void-alone':
      return new UserError({ code: 'invalid-input', rule: 'void-alone' });
    case 'sublist-gone': {
      const gone = picks.sublistIds.filter((id) => !found.sublists.some((s) => s.id === id));
      const sublistNames = gone.flatMap((id) => picks.names?.get(id) ?? []);
      return new UserError({
        code: 'stale-component',
        what: 'sublist-gone',
        nothing,
        layerName,
        sublistNames,
      });
    }
    // The menu offered the void when the layer was incomplete.
    case 'complete':
      return new UserError({ code: 'stale-component', what: 'layer-complete-now' });
    default:
      return new UserError({ code: 'invalid-input', rule: 'placement', layerName, problem });
  }
};
