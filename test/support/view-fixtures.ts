import type { Layer } from '../../src/core/layer-records.js';
import type { UserStatus } from '../../src/services/account/status.service.js';
import { defaultSettings } from './memory-stores.js';

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

/** /status of a linked user whose library is read, with no layer and no DM refusal. */
export const viewStatus: UserStatus = {
  account: {
    displayName: 'Al',
    status: 'active',
    linkedAt: new Date(0),
    lastSyncAt: null,
    libraryRead: { done: true },
  },
  layers: [],
  settings: defaultSettings('u'),
  syncIntervalMinutes: 10,
  dmFailure: undefined,
  modelBackend: undefined,
};
