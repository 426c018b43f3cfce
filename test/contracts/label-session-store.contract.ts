import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { LabelSessionStore } from '../../src/services/ports/label-session.ports.js';
import type { LayerStore } from '../../src/services/ports/layer.ports.js';
import type { UserStore } from '../../src/services/ports/user.ports.js';
import { freshLayer } from './fresh-layer.js';

export interface LabelSessionStores {
  users: UserStore;
  layers: LayerStore;
  labelSessions: LabelSessionStore;
}

/** What the label session port promises (fake and repository alike); one user per test. */
export const labelSessionStoreContract = (stores: () => LabelSessionStores): void => {
  const newLayer = () => freshLayer(stores());

  describe('label sessions', () => {
    it('opens an empty session and keeps each change', async () => {
      const layer = await newLayer();
      const session = await stores().labelSessions.open(layer.userId, layer.id, 'channel-1');
      expect([session.userId, session.layerId, session.channelId, session.status]).toEqual([
        layer.userId,
        layer.id,
        'channel-1',
        'open',
      ]);
      // Nothing shown, toggled, answered or skipped yet.
      expect([session.currentTrackId, session.currentMessageId]).toEqual([null, null]);
      expect([session.toggledSublistIds, session.answeredTrackIds, session.skippedTrackIds]).toEqual([
        [],
        [],
        [],
      ]);
      expect(session.updatedAt).toBeInstanceOf(Date);
      const changed = await stores().labelSessions.update(session.id, {
        currentTrackId: 'track-1',
        currentMessageId: 'message-1',
        answeredTrackIds: ['track-0'],
        toggledSublistIds: ['s-1'],
      });
      expect(changed).toMatchObject({
        id: session.id,
        channelId: 'channel-1',
        currentTrackId: 'track-1',
        currentMessageId: 'message-1',
        answeredTrackIds: ['track-0'],
        toggledSublistIds: ['s-1'],
        skippedTrackIds: [],
      });
      expect(await stores().labelSessions.byId(session.id)).toEqual(changed);
      expect(await stores().labelSessions.byId(randomUUID())).toBeUndefined();
    });

    it('finds the open session last changed; a closed one is not open', async () => {
      const layer = await newLayer();
      const older = await stores().labelSessions.open(layer.userId, layer.id, 'channel-1');
      const newer = await stores().labelSessions.open(layer.userId, layer.id, 'channel-2');
      await sleep(5);
      await stores().labelSessions.update(older.id, { currentTrackId: 'track-1' });
      expect((await stores().labelSessions.openFor(layer.userId, layer.id))?.id).toBe(older.id);
      await stores().labelSessions.update(older.id, { status: 'closed' });
      expect((await stores().labelSessions.openFor(layer.userId, layer.id))?.id).toBe(newer.id);
      await stores().labelSessions.update(newer.id, { status: 'closed' });
      expect(await stores().labelSessions.openFor(layer.userId, layer.id)).toBeUndefined();
      expect(await stores().labelSessions.openFor('someone-else', layer.id)).toBeUndefined();
    });

    it('refuses a session of a missing layer and a change to a missing session', async () => {
      await expect(stores().labelSessions.open('u', randomUUID(), 'channel')).rejects.toThrow();
      await expect(stores().labelSessions.update(randomUUID(), { status: 'closed' })).rejects.toThrow();
    });
  });
};
