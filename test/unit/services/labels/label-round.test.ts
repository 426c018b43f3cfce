import { beforeAll, describe, expect, it, vi } from 'vitest';
import { pickLabelRound, RANDOM_SHARE } from '../../../../src/ml/active-learner.js';
import { LABEL_ROUND } from '../../../../src/ml/evaluation.js';
import type { ModelTask, PickTask, TrainTask } from '../../../../src/ml/model-tasks.js';
import {
  LABEL_RANDOM_SHARE,
  LabelCandidateService,
} from '../../../../src/services/labels/label-candidates.service.js';
import type { ModelWork } from '../../../../src/services/ports/model-work.ports.js';
import { PICK_BATCH, spreadRandomDraws } from '../../../../src/services/labels/label-rounds.js';
import type { SessionAction, SessionStep } from '../../../../src/services/labels/label-session.service.js';
import { SpotifySideDouble } from '../../../support/bot/spotify-side-double.js';
import {
  createMemoryBotServices,
  createMemoryModelService,
  type MemoryBotServiceSet,
} from '../../../support/memory-bot-services.js';
import { sliceLayer } from '../../ml/fixture.js';

const cardOf = (step: SessionStep) => {
  if (step.kind !== 'card') throw new Error(`expected a card, got ${step.kind}`);
  return step.card;
};

describe('spreadRandomDraws', () => {
  it('spreads 3 draws of 10 at positions 1, 5 and 8 and keeps the others in order', () => {
    const ids = ['r1', 'r2', 'r3', ...Array.from({ length: 7 }, (_, i) => `c${i}`)];
    expect(spreadRandomDraws(ids, new Set(['r1', 'r2', 'r3']))).toEqual([
      'c0',
      'r1',
      'c1',
      'c2',
      'c3',
      'r2',
      'c4',
      'c5',
      'r3',
      'c6',
    ]);
  });

  it('keeps a round without draws, or of draws only, as it is', () => {
    expect(spreadRandomDraws(['a', 'b'], new Set())).toEqual(['a', 'b']);
    expect(spreadRandomDraws(['a', 'b'], new Set(['a', 'b']))).toEqual(['a', 'b']);
  });
});

/** The bot's label session against the evaluated protocol (src/ml/evaluate-motherlist.ts's runMotherlistSession). */
describe('a label session draws the evaluated share at random', () => {
  let set: MemoryBotServiceSet;
  const spotify = new SpotifySideDouble();
  const requestedCounts: number[] = [];

  beforeAll(async () => {
    const { library, dataset } = sliceLayer();
    set = createMemoryBotServices(spotify, 10);
    spotify.link('u1');
    for (const item of library.items) spotify.addTrack(item.track.id, item.track.name, 'A');
    spotify.liked.set(
      'u1',
      library.items.map((item) => item.track.id),
    );
    // The real active learner (cold start: no model, no tensors) over the committed slice.
    spotify.pickWith = async ({ asked, count }) => {
      requestedCounts.push(count);
      return pickLabelRound({ dataset, asked, count, seed: asked.size });
    };
    await set.services.layers.create('u1', { name: 'Rounds', mutual: true, complete: true });
    await set.services.sublists.add('u1', 'Rounds', 'One');
    await set.services.sublists.add('u1', 'Rounds', 'Two');
  });

  it('asks for rounds of the evaluated size; 30% of 40 answers are stored as drawn at random, 1 of the first 5', async () => {
    expect(PICK_BATCH).toBe(LABEL_ROUND);
    // The share the bot draws itself while songs wait (label-candidates.service.ts) is the learner's.
    expect(LABEL_RANDOM_SHARE).toBe(RANDOM_SHARE);
    const { labelSessions } = set.services;
    let card = cardOf(await labelSessions.start('u1', 'Rounds', 'c1'));
    const layerId = card.layer.id;
    const drawnAfter: number[] = [];
    for (let answered = 1; answered <= 40; answered++) {
      const messageId = `m-${answered}`;
      await labelSessions.attachMessage(card.session.id, messageId);
      const pressed = await labelSessions.press('u1', card.session.id, card.track.id, messageId, {
        kind: 'toggle',
        sublistId: card.sublists[answered % 2]?.id ?? '',
      });
      if (pressed.kind !== 'settled' || !pressed.next) throw new Error('an answer settles the card');
      drawnAfter.push((await set.stores.labels.listFor(layerId)).filter((l) => l.drawnAtRandom).length);
      if (answered < 40) card = cardOf(pressed.next);
    }
    // Four rounds answered, the fifth picked for the next card.
    expect(requestedCounts).toEqual(Array.from({ length: 5 }, () => LABEL_ROUND));
    expect(drawnAfter[39]).toBe(Math.round(40 * RANDOM_SHARE));
    // Shown in the picker's order (its draws first) the first 3 answers would all be random draws.
    expect(drawnAfter[2]).toBe(1);
    expect(drawnAfter[4]).toBe(1);
  });
});

/** The bot's picks learn from the session's answers, as the evaluated session retrains between rounds. */
describe('a label session picks with the answers given so far', () => {
  it('the pick of a round gets every answer given before the last card of the round before was shown, as the train task gets them, hand removals included', async () => {
    const spotify = new SpotifySideDouble();
    const set = createMemoryBotServices(spotify, 10);
    const ids = Array.from({ length: 40 }, (_, n) => `r${String(n).padStart(21, '0')}`);
    spotify.link('u1');
    for (const id of ids) spotify.addTrack(id, `Song ${id.slice(-2)}`, `Artist ${id.slice(-1)}`);
    spotify.liked.set('u1', ids);
    await set.services.layers.create('u1', { name: 'Rounds', mutual: true, complete: true });
    await set.services.sublists.add('u1', 'Rounds', 'One');
    await set.services.sublists.add('u1', 'Rounds', 'Two');
    await set.library.tracks.upsertMetadata(ids.map((id) => spotify.tracks.get(id)!));
    await set.library.entries.add(
      'u1',
      'liked',
      ids.map((trackId) => ({ trackId, addedAt: null })),
    );
    // The model threads' work, recorded: a pick takes the first unasked songs (its first 3 drawn at random).
    const tasks: ModelTask[] = [];
    const work: ModelWork = {
      backend: () => 'none',
      run: async (_userId, task) => {
        tasks.push(task);
        if (task.kind !== 'pick') throw new Error('only picks run here');
        const asked = new Set(task.asked);
        const trackIds = task.items
          .map((i) => i.track.id)
          .filter((id) => !asked.has(id))
          .slice(0, task.count);
        return { trackIds, randomlyDrawn: trackIds.slice(0, 3) } as never;
      },
    };
    const models = createMemoryModelService(set, work);
    const candidates = new LabelCandidateService({
      library: set.library.motherlist,
      models,
      work,
      waiting: set.stores.waiting,
    });
    spotify.pickWith = (request) => candidates.pick(request);

    const { labelSessions } = set.services;
    let card = cardOf(await labelSessions.start('u1', 'Rounds', 'c1'));
    const layer = card.layer;
    // A song taken out of One by hand, never answered in the session.
    const removed = ids[39]!;
    await set.stores.handEdits.record([
      {
        layerId: layer.id,
        sublistId: card.sublists[0]!.id,
        trackId: removed,
        action: 'remove',
        detectedAt: new Date(),
      },
    ]);
    const given: [string, string[]][] = [];
    // Two rounds less the last card: the third round is being picked while that card is shown.
    for (let answered = 1; answered < 2 * LABEL_ROUND; answered++) {
      const messageId = `m-${answered}`;
      const sublistId = card.sublists[answered % 2]?.id ?? '';
      await labelSessions.attachMessage(card.session.id, messageId);
      const pressed = await labelSessions.press('u1', card.session.id, card.track.id, messageId, {
        kind: 'toggle',
        sublistId,
      });
      if (pressed.kind !== 'settled' || !pressed.next) throw new Error('an answer settles the card');
      given.push([card.track.id, [sublistId]]);
      card = cardOf(pressed.next);
    }
    const picks = () => tasks.filter((task): task is PickTask => task.kind === 'pick');
    await vi.waitFor(() => expect(picks()).toHaveLength(3));
    const [cold, second, third] = picks();
    // No answers yet: the first round is a cold start.
    expect(cold?.answers).toBeUndefined();
    expect(cold?.model).toBeUndefined();
    // The second round was picked while the first round's last card was shown: its answer joins the third.
    expect(second?.answers?.labels).toEqual(expect.arrayContaining(given.slice(0, LABEL_ROUND - 1)));
    expect(second?.answers?.labels).toHaveLength(LABEL_ROUND - 1);
    const answers = third?.answers;
    expect(answers?.labels).toEqual(expect.arrayContaining(given));
    expect(answers?.labels).toHaveLength(2 * LABEL_ROUND - 1);
    expect(answers?.removals).toEqual([[removed, [card.sublists[0]!.id]]]);
    // The rounds' draws answered are the random sample, as training reads it.
    const drawn = (await set.stores.labels.listFor(layer.id)).filter((l) => l.drawnAtRandom);
    expect(drawn).toHaveLength(6);
    expect(answers?.randomlyDrawn).toEqual(expect.arrayContaining(drawn.map((l) => l.trackId)));
    expect(answers?.randomlyDrawn).toHaveLength(6);
    // What /train would learn from now is what the pick learned from.
    await expect(models.train('u1', layer)).rejects.toThrow('only picks run here');
    const trained = tasks.find((task): task is TrainTask => task.kind === 'train');
    const { kind: _kind, items: _items, ...learned } = trained!;
    expect(answers).toEqual(learned);
  });
});

/** The press on a round's last card need not wait for the next round's light model (issue 21). */
describe('a label session picks the next round while the last card of a round is shown', () => {
  it('starts the pick before the last answer, takes it on that press (waiting if it runs), and an Undo drops it', async () => {
    const spotify = new SpotifySideDouble();
    const set = createMemoryBotServices(spotify, 10);
    const ids = Array.from({ length: 3 * LABEL_ROUND }, (_, n) => `p${String(n).padStart(21, '0')}`);
    spotify.link('u1');
    for (const id of ids) spotify.addTrack(id, `Song ${id.slice(-2)}`, 'A');
    spotify.liked.set('u1', ids);
    await set.services.layers.create('u1', { name: 'Ahead', mutual: true, complete: true });
    await set.services.sublists.add('u1', 'Ahead', 'One');
    await set.services.sublists.add('u1', 'Ahead', 'Two');
    // In library order, as the double's picker; a pick can be held until the test lets it go.
    const asks: string[][] = [];
    let hold: Promise<void> | undefined;
    spotify.pickWith = async ({ asked, count }) => {
      asks.push([...asked]);
      await hold;
      const trackIds = ids.filter((id) => !asked.has(id)).slice(0, count);
      return { trackIds, randomlyDrawn: [] };
    };
    const { labelSessions } = set.services;
    const press = async (card: ReturnType<typeof cardOf>, action: SessionAction) => {
      await labelSessions.attachMessage(card.session.id, `m-${card.track.id}`);
      return labelSessions.press('u1', card.session.id, card.track.id, `m-${card.track.id}`, action);
    };
    const answer = async (card: ReturnType<typeof cardOf>, k = 0) => {
      const pressed = await press(card, { kind: 'toggle', sublistId: card.sublists[k]?.id ?? '' });
      if (pressed.kind !== 'settled' || !pressed.next) throw new Error('an answer settles the card');
      return cardOf(pressed.next);
    };

    let card = cardOf(await labelSessions.start('u1', 'Ahead', 'c1'));
    let release = () => {};
    hold = new Promise((resolve) => (release = resolve));
    for (let n = 1; n < LABEL_ROUND; n++) card = await answer(card);
    expect(card.track.id).toBe(ids[LABEL_ROUND - 1]);
    // The round's last card is shown: the next round is being picked, that card counted as asked.
    await vi.waitFor(() => expect(asks).toHaveLength(2));
    expect(new Set(asks[1])).toEqual(new Set(ids.slice(0, LABEL_ROUND)));
    // The press on it waits for that pick (still running) rather than starting one of its own.
    let settled = false;
    const last = answer(card).then((next) => ((settled = true), next));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(settled).toBe(false);
    release();
    hold = undefined;
    card = await last;
    expect(card.track.id).toBe(ids[LABEL_ROUND]);
    expect(asks).toHaveLength(2);

    // Next round: the pick is ready by the last press, which takes it; the last card of the round
    // before is an answer to it.
    for (let n = 1; n < LABEL_ROUND; n++) card = await answer(card);
    await vi.waitFor(() => expect(asks).toHaveLength(3));
    expect(asks[2]).toContain(ids[LABEL_ROUND - 1]);
    expect(await set.stores.labels.trackIdsFor(card.layer.id)).toHaveLength(2 * LABEL_ROUND - 1);
    // Undo takes back an answer that pick may have learned from: it is dropped, and picked again
    // once the round's last card shows again.
    const undone = await press(card, { kind: 'undo' });
    if (undone.kind !== 'settled' || !undone.next) throw new Error('an Undo settles the card');
    card = await answer(cardOf(undone.next), 1);
    expect(card.track.id).toBe(ids[2 * LABEL_ROUND - 1]);
    await vi.waitFor(() => expect(asks).toHaveLength(4));
    card = await answer(card);
    expect(card.track.id).toBe(ids[2 * LABEL_ROUND]);
    expect(asks).toHaveLength(4);
  });
});
