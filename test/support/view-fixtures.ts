import type { Layer } from '../../src/core/layer-records.js';

/** A mutual, complete layer over Liked Songs, as the view tests show it. */
export const viewLayer: Layer = {
  id: 'l1',
  userId: 'u',
  name: 'Genres',
  motherlistId: 'liked',
  mode: { mutual: true, complete: true },
  precisionTarget: 0.8,
  createdAt: new Date(0),
};
