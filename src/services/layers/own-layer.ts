import type { Layer } from '../../core/layer-records.js';
import { UserError } from '../errors.js';

/**
 * The user's layer a button or menu named. Whose it is comes first: a stranger learns nothing of
 * the layer, not even that it is gone. `nothing`: what the press would have done, said when it is gone.
 */
export const ownLayer = (layer: Layer | undefined, userId: string, nothing?: 'placed' | 'moved'): Layer => {
  if (layer && layer.userId !== userId) throw new UserError({ code: 'not-yours' });
  if (!layer)
    throw new UserError({ code: 'stale-component', what: 'layer-gone', ...(nothing ? { nothing } : {}) });
  return layer;
};
