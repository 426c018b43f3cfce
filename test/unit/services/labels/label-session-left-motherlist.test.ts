import { beforeAll, describe, expect, it } from 'vitest';
import type { SessionStep } from '../../../../src/services/labels/label-session.service.js';
import { labelCardView } from '../../../../src/bot/views/label-card.view.js';
import { SpotifySideDouble } from '../../../support/bot/spotify-side-double.js';
import { createMemoryBotServices, type MemoryBotServiceSet } from '../../../support/memory-bot-services.js';

const USER = 'u-label-left-mother';
const t = (n: number) => `y${String(n).padStart(21, '0')}`;

const cardOf = (step: SessionStep | undefined) => {
  if (step?.kind !== 'card') throw new Error(`expected a card, got ${step?.kind}`);
  return step.card;
};

/**
 * A /label card pressed after the user un-liked its song: as a correction menu or a Place button,
 * the answer is refused (the song is no longer in the motherlist, so no sort places it), nothing
 * is stored, and the session moves on to the next card.
 */
describe('a label card whose song left the motherlist', () => {
  let set: MemoryBotServiceSet;
  const spotify = new SpotifySideDouble();
  const ids = Array.from({ length: 6 }, (_, n) => t(n));

  beforeAll(async () => {
    set = createMemoryBotServices(spotify, 10);
    spotify.link(USER);
    for (const [n, id] of ids.entries()) spotify.addTrack(id, `Song ${n}`, 'A');
    spotify.liked.set(USER, [...ids]);
    await set.services.layers.create(USER, {
      name: 'moods',
      motherlist: 'liked',
      mutual: true,
      complete: true,
    });
    await set.services.sublists.add(USER, 'moods', 'Calm');
    await set.services.sublists.add(USER, 'moods', 'Loud');
  });

  it('stores no answer, says why, and shows the next card', async () => {
    const { labelSessions } = set.services;
    const card = cardOf(await labelSessions.start(USER, 'moods', 'c1'));
    await labelSessions.attachMessage(card.session.id, 'm1');
    spotify.liked.set(
      USER,
      ids.filter((id) => id !== card.track.id),
    );
    const pressed = await labelSessions.press(USER, card.session.id, card.track.id, 'm1', {
      kind: 'toggle',
      sublistId: card.sublists[0]!.id,
    });
    if (pressed.kind !== 'settled') throw new Error('the press settles the card');
    expect(pressed.answered.outcome).toEqual({
      kind: 'left-motherlist',
      motherlist: { id: 'liked', name: 'Liked Songs' },
    });
    expect(await set.stores.labels.trackIdsFor(card.layer.id)).not.toContain(card.track.id);
    const next = cardOf(pressed.next);
    expect(next.track.id).not.toBe(card.track.id);
    expect(next.answeredCount).toBe(0);
    expect(labelCardView(next, pressed.answered).content).toBe(
      `**${card.track.name}** is no longer in **Liked Songs**, so Motherlist no longer sorts it: no answer was stored.`,
    );
  });
});
