import { beforeAll, describe, expect, it } from 'vitest';
import { UserErrorCode } from '../../../../src/services/errors.js';
import type {
  LabelCard,
  SessionAction,
  SessionStep,
} from '../../../../src/services/labels/label-session.service.js';
import { SpotifySideDouble } from '../../../support/bot/spotify-side-double.js';
import { createMemoryBotServices, type MemoryBotServiceSet } from '../../../support/memory-bot-services.js';

const t = (n: number) => `t${String(n).padStart(21, '0')}`;

const cardOf = (step: SessionStep) => {
  if (step.kind !== 'card') throw new Error(`expected a card, got ${step.kind}`);
  return step.card;
};

describe('label session service', () => {
  let set: MemoryBotServiceSet;
  const spotify = new SpotifySideDouble();

  beforeAll(async () => {
    set = createMemoryBotServices(spotify, 10);
    spotify.link('u1');
    for (let n = 1; n <= 4; n += 1) spotify.addTrack(t(n), `Song ${n}`, 'A');
    spotify.liked.set('u1', [1, 2, 3, 4].map(t));
    await set.services.layers.create('u1', { name: 'L', mutual: true, complete: true });
    await set.services.sublists.add('u1', 'L', 'One');
    await set.services.sublists.add('u1', 'L', 'Two');
  });

  /** Presses `action` on the card `step` shows (attached to a message of its own); the session's next step. */
  const pressOn = async (
    step: SessionStep,
    action: (card: LabelCard) => SessionAction,
    tag: string,
  ): Promise<SessionStep> => {
    const card = cardOf(step);
    const messageId = `m-${tag}-${card.track.id}`;
    await set.services.labelSessions.attachMessage(card.session.id, messageId);
    const pressed = await set.services.labelSessions.press(
      'u1',
      card.session.id,
      card.track.id,
      messageId,
      action(card),
    );
    if (pressed.kind !== 'settled' || !pressed.next) throw new Error('the press settles the card');
    return pressed.next;
  };
  /** A mutual complete layer with the sublists Calm and Loud, over t1–t4, where the picker draws t2 at random. */
  const calmAndLoud = async (name: string) => {
    await set.services.layers.create('u1', { name, mutual: true, complete: true });
    await set.services.sublists.add('u1', name, 'Calm');
    await set.services.sublists.add('u1', name, 'Loud');
    spotify.randomDraws.add(t(2));
  };
  /** Each label of the layer as [track, drawn at random]. */
  const drawnOf = async (layerId: string) =>
    (await set.stores.labels.listFor(layerId)).map((label) => [label.trackId, label.drawnAtRandom]);
  const sublist =
    (k: number) =>
    (card: LabelCard): SessionAction => ({ kind: 'toggle', sublistId: card.sublists[k]?.id ?? '' });

  it('a card left behind when a later /label moved the session elsewhere says where it went, not that its track was answered', async () => {
    const { labelSessions } = set.services;
    await set.services.layers.create('u1', { name: 'Moved', mutual: true, complete: true });
    await set.services.sublists.add('u1', 'Moved', 'One');
    await set.services.sublists.add('u1', 'Moved', 'Two');
    const inServer = cardOf(await labelSessions.start('u1', 'Moved', 'server-channel'));
    await labelSessions.attachMessage(inServer.session.id, 'm-server');
    // The same layer's /label in the DM takes the session over, on the same track.
    const inDm = cardOf(await labelSessions.start('u1', 'Moved', 'dm-channel'));
    await labelSessions.attachMessage(inDm.session.id, 'm-dm');
    expect(inDm.track.id).toBe(inServer.track.id);
    await expect(
      labelSessions.press('u1', inServer.session.id, inServer.track.id, 'm-server', { kind: 'stop' }),
    ).rejects.toMatchObject({ problem: { code: UserErrorCode.StaleComponent, what: 'card-superseded' } });
  });

  it('two quick presses on one message store one answer; the second is stale', async () => {
    const { labelSessions } = set.services;
    const card = cardOf(await labelSessions.start('u1', 'L', 'c1'));
    await labelSessions.attachMessage(card.session.id, 'm1');
    const [one] = card.sublists;
    const presses = await Promise.allSettled([
      labelSessions.press('u1', card.session.id, card.track.id, 'm1', {
        kind: 'toggle',
        sublistId: one?.id ?? '',
      }),
      labelSessions.press('u1', card.session.id, card.track.id, 'm1', { kind: 'skip' }),
    ]);
    expect(presses[0].status).toBe('fulfilled');
    expect(presses[1]).toMatchObject({ status: 'rejected', reason: { code: UserErrorCode.StaleComponent } });
    expect(await set.stores.labels.trackIdsFor(card.layer.id)).toEqual([t(1)]);
  });

  it('never asks a labeled or skipped track again and ends when none is left', async () => {
    const { labelSessions } = set.services;
    const seen: string[] = [t(1)];
    let step = await labelSessions.start('u1', 'L', 'c1');
    await labelSessions.attachMessage(cardOf(step).session.id, 'm-skips');
    for (;;) {
      if (step.kind === 'finished') {
        expect(step.reason).toBe('exhausted');
        break;
      }
      seen.push(step.card.track.id);
      const pressed = await labelSessions.press('u1', step.card.session.id, step.card.track.id, 'm-skips', {
        kind: 'skip',
      });
      if (pressed.kind !== 'settled' || !pressed.next) throw new Error('a skip settles the card');
      step = pressed.next;
      // The next card is on the pressed message: a press there is not stale.
      if (step.kind === 'card') expect(step.card.session.currentMessageId).toBe('m-skips');
    }
    expect(seen).toEqual([1, 2, 3, 4].map(t));
  });

  it('Undo with nothing answered, Void on a complete layer and Done without picks are refused', async () => {
    const { labelSessions, layers, sublists } = set.services;
    await layers.create('u1', { name: 'N', mutual: false, complete: true });
    await sublists.add('u1', 'N', 'A');
    await sublists.add('u1', 'N', 'B');
    const card = cardOf(await labelSessions.start('u1', 'N', 'c1'));
    const act = (kind: 'undo' | 'void' | 'done') =>
      labelSessions.press('u1', card.session.id, card.track.id, 'x', { kind });
    await expect(act('undo')).rejects.toMatchObject({ code: UserErrorCode.NothingToUndo });
    await expect(act('void')).rejects.toMatchObject({ code: UserErrorCode.InvalidInput });
    await expect(act('done')).rejects.toMatchObject({ code: UserErrorCode.InvalidInput });
    await expect(
      labelSessions.press('u2', card.session.id, card.track.id, 'x', { kind: 'skip' }),
    ).rejects.toMatchObject({
      code: UserErrorCode.NotYours,
    });
    expect(await set.stores.labels.count(card.layer.id)).toBe(0);
  });

  it('stores an answer to a song the picker drew at random as drawn at random, also when answered again after Undo', async () => {
    const { labelSessions } = set.services;
    await calmAndLoud('Drawn');
    const answer = (step: SessionStep, k: number) => pressOn(step, sublist(k), 'drawn');
    const first = cardOf(await labelSessions.start('u1', 'Drawn', 'c1'));
    const layerId = first.layer.id;
    // The round's random draw is shown amid it (spreadRandomDraws): t1, t3, then t2.
    const third = cardOf(await answer(await answer({ kind: 'card', card: first }, 0), 1));
    expect(third.track.id).toBe(t(2));
    const fourth = cardOf(await answer({ kind: 'card', card: third }, 1));
    expect(await drawnOf(layerId)).toEqual([
      [t(1), false],
      [t(3), false],
      [t(2), true],
    ]);
    const again = await pressOn({ kind: 'card', card: fourth }, () => ({ kind: 'undo' }), 'drawn-undo');
    expect(cardOf(again).track.id).toBe(t(2));
    await answer(again, 0);
    expect(await set.stores.labels.get(layerId, t(2))).toMatchObject({
      sublistIds: [first.sublists[0]?.id],
      drawnAtRandom: true,
    });
  });

  it('a song drawn at random and skipped is no label, and asked again later as a chosen song it is not stored as drawn at random', async () => {
    const { labelSessions } = set.services;
    await calmAndLoud('Skipped');
    const press = (step: SessionStep, action: 'skip' | 'answer') =>
      pressOn(step, action === 'skip' ? () => ({ kind: 'skip' }) : sublist(0), `skipped-${action}`);
    let step = await labelSessions.start('u1', 'Skipped', 'c1');
    const layerId = cardOf(step).layer.id;
    const shown: string[] = [];
    while (step.kind === 'card') {
      shown.push(step.card.track.id);
      step = await press(step, step.card.track.id === t(2) ? 'skip' : 'answer');
    }
    expect(shown).toEqual([t(1), t(3), t(2), t(4)]);
    expect(await drawnOf(layerId)).toEqual([
      [t(1), false],
      [t(3), false],
      [t(4), false],
    ]);
    // A later session's picker chooses the skipped song, this time not at random.
    spotify.randomDraws.delete(t(2));
    const again = await labelSessions.start('u1', 'Skipped', 'c1');
    expect(cardOf(again).track.id).toBe(t(2));
    await press(again, 'answer');
    expect(await set.stores.labels.get(layerId, t(2))).toMatchObject({ drawnAtRandom: false });
  });

  it('a removed sublist leaves the picks of an open session: on the card shown again, and at the next toggle', async () => {
    const { labelSessions, layers, sublists } = set.services;
    await layers.create('u1', { name: 'Picks', mutual: false, complete: false });
    await sublists.add('u1', 'Picks', 'A');
    await sublists.add('u1', 'Picks', 'B');
    await sublists.add('u1', 'Picks', 'C');
    const first = cardOf(await labelSessions.start('u1', 'Picks', 'c1'));
    const [a, b, c] = first.sublists;
    const toggle = async (sublistId: string, messageId: string) => {
      const pressed = await labelSessions.press('u1', first.session.id, first.track.id, messageId, {
        kind: 'toggle',
        sublistId,
      });
      if (pressed.kind !== 'toggled') throw new Error('a toggle shows the card again');
      return pressed.card.session.toggledSublistIds;
    };
    await labelSessions.attachMessage(first.session.id, 'm-picks-1');
    expect(await toggle(b?.id ?? '', 'm-picks-1')).toEqual([b?.id]);
    await sublists.remove('u1', 'Picks', 'B');
    const again = cardOf(await labelSessions.start('u1', 'Picks', 'c1'));
    expect(again.track.id).toBe(first.track.id);
    expect(again.session.toggledSublistIds).toEqual([]);

    await labelSessions.attachMessage(first.session.id, 'm-picks-2');
    expect(await toggle(a?.id ?? '', 'm-picks-2')).toEqual([a?.id]);
    await sublists.remove('u1', 'Picks', 'A');
    await expect(toggle(a?.id ?? '', 'm-picks-2')).rejects.toMatchObject({
      code: UserErrorCode.StaleComponent,
    });
    expect((await set.stores.labelSessions.byId(first.session.id))?.toggledSublistIds).toEqual([]);
    expect(await toggle(c?.id ?? '', 'm-picks-2')).toEqual([c?.id]);
  });

  it('a layer without enough sublists cannot be labeled', async () => {
    await set.services.layers.create('u1', { name: 'Empty', mutual: true, complete: true });
    await expect(set.services.labelSessions.start('u1', 'Empty', 'c')).rejects.toMatchObject({
      code: UserErrorCode.NoSublists,
    });
  });
});
