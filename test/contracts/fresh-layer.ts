import { randomUUID } from 'node:crypto';
import type { Layer } from '../../src/core/layer-records.js';
import type { LayerStore } from '../../src/services/ports/layer.ports.js';
import type { UserStore } from '../../src/services/ports/user.ports.js';

/** A new user (with the users row the layers hang on), so that contract tests can share one store. */
export const freshUser = async (stores: { users: UserStore }): Promise<string> => {
  const userId = `user-${randomUUID()}`;
  await stores.users.ensureUser(userId);
  return userId;
};

/** A layer of a new user, for contracts of what hangs on a layer. */
export const freshLayer = async (
  stores: { users: UserStore; layers: LayerStore },
  mode = { mutual: true, complete: true },
): Promise<Layer> =>
  stores.layers.create({ userId: await freshUser(stores), name: 'Genres', motherlistId: 'liked', ...mode });
