import { beforeAll, describe, expect, it } from 'vitest';
import type {
  LabelCard,
  SessionAction,
  SessionStep,
} from '../../../../src/services/labels/label-session.service.js';
import { SpotifySideDouble } from '../../../support/bot/spotify-side-double.js';
import { createMemoryBotServices, type MemoryBotServiceSet } from '../../../support/memory-bot-services.js';

const USER = 'u-label-unlisted';
const t = (n: number) => `x${String(n).padStart(21, '0')}`;

const cardOf = (step: SessionStep) => {
  if (step.kind !== 'card') throw new Error(`expected a card, got ${step.kind}`);
  return step.card;
};

/**
 * An open /label session whose motherlist playlist leaves the user's library: the tracks the
 * session picked before it went are not asked about; the next step closes it, saying why.
 */
describe('a label session whose motherlist leaves the library', () => {
  let set: MemoryBotServiceSet;
  const spotify = new SpotifySideDouble();
  let mixId: string;

  beforeAll(async () => {
    set = createMemoryBotServices(spotify, 10);
    spotify.link(USER);
    const ids = Array.from({ length: 25 }, (_, n) => spotify.addTrack(t(n), `Song ${n}`, 'A').id);
    mixId = spotify.addPlaylist(USER, 'mix', ids);
    await set.services.layers.create(USER, { name: 'mix', motherlist: mixId, mutual: true, complete: true });
    await set.services.sublists.add(USER, 'mix', 'One');
    await set.services.sublists.add(USER, 'mix', 'Two');
  });

  /**
   * Opens a session on mix (its card attached to message `messageId`), then, the motherlist gone
   * from the library, presses `action` on that card; the press's result. Restores the playlist.
   */
  const pressWithMotherlistGone = async (messageId: string, action: (card: LabelCard) => SessionAction) => {
    const { labelSessions } = set.services;
    const card = cardOf(await labelSessions.start(USER, 'mix', 'c1'));
    await labelSessions.attachMessage(card.session.id, messageId);
    const removed = spotify.playlists.get(mixId);
    spotify.playlists.delete(mixId);
    try {
      const pressed = await labelSessions.press(
        USER,
        card.session.id,
        card.track.id,
        messageId,
        action(card),
      );
      if (pressed.kind !== 'settled') throw new Error('the press settles the card');
      return { card, pressed };
    } finally {
      if (removed) spotify.playlists.set(mixId, removed);
    }
  };

  it('closes at the next step with the motherlist-unlisted reason, not after the picked tracks', async () => {
    const { card, pressed } = await pressWithMotherlistGone('m1', () => ({ kind: 'skip' }));
    expect(pressed.next).toMatchObject({ kind: 'finished', reason: 'motherlist-unlisted' });
    expect((await set.stores.labelSessions.byId(card.session.id))?.status).toBe('closed');
  });

  it('an answer to the card on screen is kept, and the session closes with it', async () => {
    const { card, pressed } = await pressWithMotherlistGone('m2', (shown) => ({
      kind: 'toggle',
      sublistId: shown.sublists[0]!.id,
    }));
    expect(pressed.answered.outcome).toEqual({ kind: 'labeled', sublistIds: [card.sublists[0]!.id] });
    expect(pressed.next).toMatchObject({ kind: 'finished', reason: 'motherlist-unlisted', answeredCount: 1 });
    expect(await set.stores.labels.trackIdsFor(card.layer.id)).toContain(card.track.id);
  });
});
