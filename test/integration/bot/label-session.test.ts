import type { APIMessage } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ManualClock,
  buttonLabels,
  findButton,
  findStringSelect,
  isEphemeral,
  type FakeChannel,
  type FakeUser,
} from '../../fakes/discord/index.js';
import { startBotHarness, type BotHarness } from '../../support/bot/bot-harness.js';
import { settlePress } from '../../support/bot/settle-press.js';
import { SpotifySideDouble } from '../../support/bot/spotify-side-double.js';

const trackId = (n: number) => `track${String(n).padStart(17, '0')}`;

describe('label sessions through a fake Discord', () => {
  let harness: BotHarness;
  const spotify = new SpotifySideDouble();
  let alice: FakeUser;
  let bob: FakeUser;

  const labelsOf = async (layerName: string) => {
    const { layer, sublists } = await harness.set.services.layers.requireWithSublists(alice.id, layerName);
    const byId = new Map(sublists.map((s) => [s.id, s.name]));
    const labels = await harness.database.dataSource.query(
      `select track_id, sublist_ids from labels where layer_id = $1`,
      [layer.id],
    );
    return new Map<string, string[]>(
      (labels as { track_id: string; sublist_ids: string[] }[]).map((row) => [
        row.track_id,
        row.sublist_ids.map((id) => byId.get(id) ?? id),
      ]),
    );
  };

  /** The newest label card (a message with a Skip button) Alice sees: sessions are hers alone. */
  const latestCard = (): APIMessage | undefined =>
    harness.fake
      .ephemeral(alice)
      .filter((m) => buttonLabels(m).includes('Skip'))
      .at(-1);

  const waitForCardOf = (id: string) =>
    harness.fake.waitFor(
      () => {
        const card = latestCard();
        return card && card.embeds[0]?.url?.endsWith(id) ? card : undefined;
      },
      { what: `a label card for ${id}` },
    );

  const press = (user: FakeUser, message: APIMessage, label: string) =>
    settlePress(harness.fake, message.id, () =>
      harness.fake.pressButton({
        user,
        message: message.id,
        customId: findButton(harness.fake.message(message.id), label).custom_id,
      }),
    );

  const command = async (
    user: FakeUser,
    name: string,
    options: Record<string, string | boolean>,
    subcommand?: string,
  ) => {
    const handle = harness.fake.runSlashCommand({
      user,
      name,
      options,
      ...(subcommand ? { subcommand } : {}),
    });
    await handle.settled();
    return handle;
  };

  beforeAll(async () => {
    harness = await startBotHarness(spotify.ports());
    alice = harness.fake.user('alice');
    bob = harness.fake.user('bob');
    for (let n = 1; n <= 12; n += 1) spotify.addTrack(trackId(n), `Song ${n}`, `Artist ${n % 4}`);
    spotify.liked.set(
      alice.id,
      Array.from({ length: 12 }, (_, i) => trackId(i + 1)),
    );
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('/label before linking says to link first and opens no session', async () => {
    const handle = await command(alice, 'label', { layer: 'Genres' });
    expect(handle.reply()?.ephemeral).toBe(true);
    expect(handle.reply()?.content).toContain('/link');
    expect(await harness.database.dataSource.query('select * from label_sessions')).toEqual([]);
  });

  it('labels a mutual complete layer in one private message: stored at once, the message shows the next track', async () => {
    spotify.link(alice.id);
    await command(alice, 'layer', { name: 'Genres', mutual: true, complete: true }, 'create');
    for (const name of ['Rock', 'Jazz', 'Pop'])
      await command(alice, 'sublist', { layer: 'Genres', name }, 'add');
    const publicBefore = harness.fake.messages().length;
    const start = await command(alice, 'label', { layer: 'Genres' });
    const first = start.reply()?.message;
    if (!first) throw new Error('no first card');
    expect(start.reply()?.ephemeral).toBe(true);
    expect(first.embeds[0]?.title).toBe('Song 1');
    expect(first.embeds[0]?.url).toBe(`https://open.spotify.com/track/${trackId(1)}`);
    expect(buttonLabels(first)).toEqual(['Rock', 'Jazz', 'Pop', 'Skip', 'Undo', 'Stop']);

    await press(alice, first, 'Jazz');
    expect((await labelsOf('Genres')).get(trackId(1))).toEqual(['Jazz']);
    // The same message now shows the next track, with a line about the answer.
    const second = await waitForCardOf(trackId(2));
    expect(second.id).toBe(first.id);
    expect(second.content).toBe('**Song 1** → **Jazz**');

    // Every query of a press waits behind whatever holds the database (issue 22): a Skip and an
    // answer between two picks read the session and layer once and write the session twice (13
    // statements for a Skip before, the card's attachment not counted).
    const statementsOf = async <T>(work: () => Promise<T>) => {
      const embedded = harness.database.embedded;
      await embedded?.holds({ reset: true });
      const value = await work();
      return { value, statements: (await embedded?.holds())?.statements };
    };
    const skip = await statementsOf(async () => {
      await press(alice, second, 'Skip');
      return waitForCardOf(trackId(3));
    });
    const answer = await statementsOf(async () => {
      await press(alice, skip.value, 'Rock');
      return waitForCardOf(trackId(4));
    });
    if (harness.database.embedded) {
      expect(skip.statements).toBeLessThanOrEqual(6);
      expect(answer.statements).toBeLessThanOrEqual(7);
    }
    const fourth = answer.value;
    await press(alice, fourth, 'Undo');
    expect((await labelsOf('Genres')).has(trackId(3))).toBe(false);
    const again = await waitForCardOf(trackId(3));
    await press(alice, again, 'Pop');
    expect((await labelsOf('Genres')).get(trackId(3))).toEqual(['Pop']);
    // The track moved aside by Undo comes back next; the skipped one never does.
    const back = await waitForCardOf(trackId(4));
    expect(back.embeds[0]?.title).toBe('Song 4');
    // One message for the whole session, seen by Alice only; nothing was posted in the channel.
    expect(back.id).toBe(first.id);
    expect(harness.fake.ephemeral(alice).filter((m) => buttonLabels(m).includes('Skip'))).toHaveLength(1);
    expect(harness.fake.messages()).toHaveLength(publicBefore);
    harness.fake.assertNoViolations();
  });

  it('only the owner may press: a press by someone else (forged: the card is private) changes nothing', async () => {
    const card = await waitForCardOf(trackId(4));
    const before = await labelsOf('Genres');
    expect(() => harness.fake.pressButton({ user: bob, message: card.id, label: 'Rock' })).toThrow(
      /ephemeral/,
    );
    await settlePress(harness.fake, card.id, () =>
      harness.fake.forgeComponent({
        user: bob,
        message: card.id,
        customId: findButton(card, 'Rock').custom_id,
      }),
    );
    expect(harness.fake.ephemeral(bob).at(-1)?.content).toContain('belongs to someone else');
    expect(await labelsOf('Genres')).toEqual(before);
    expect(buttonLabels(harness.fake.message(card.id))).toContain('Rock');
  });

  it('survives a restart: the current card still works, a superseded one is stale and changes nothing', async () => {
    const card = await waitForCardOf(trackId(4));
    await harness.restart();
    // /label again continues the open session in a fresh message; the old card goes stale.
    const resumed = await command(alice, 'label', { layer: 'Genres' });
    const fresh = resumed.reply()?.message;
    expect(fresh?.embeds[0]?.title).toBe('Song 4');
    const before = await labelsOf('Genres');
    await settlePress(harness.fake, card.id, () =>
      harness.fake.pressButton({
        user: alice,
        message: card.id,
        customId: findButton(card, 'Rock').custom_id,
      }),
    );
    expect(harness.fake.ephemeral(alice).at(-1)?.content).toContain('has moved on to a newer card');
    expect(await labelsOf('Genres')).toEqual(before);
    if (!fresh) throw new Error('no fresh card');
    await press(alice, fresh, 'Rock');
    expect((await labelsOf('Genres')).get(trackId(4))).toEqual(['Rock']);
    await waitForCardOf(trackId(5));
  });

  it('Stop closes the session and removes the buttons', async () => {
    const card = await waitForCardOf(trackId(5));
    await press(alice, card, 'Stop');
    const stopped = harness.fake.message(card.id);
    expect(stopped.components).toEqual([]);
    expect(stopped.embeds[0]?.fields?.find((f) => f.name === 'Answer')?.value).toContain(
      'Session stopped after',
    );
    const rows = await harness.database.dataSource.query(
      `select status from label_sessions where user_id = $1`,
      [alice.id],
    );
    expect(rows).toEqual([{ status: 'closed' }]);
  });

  it('non-mutual incomplete layers toggle several sublists then Done; Void answers the void', async () => {
    await command(alice, 'layer', { name: 'Tags', mutual: false, complete: false }, 'create');
    for (const name of ['Calm', 'Loud', 'Night'])
      await command(alice, 'sublist', { layer: 'Tags', name }, 'add');
    const start = await command(alice, 'label', { layer: 'Tags' });
    const card = start.reply()?.message;
    if (!card) throw new Error('no card');
    expect(buttonLabels(card)).toEqual(['Calm', 'Loud', 'Night', 'Void', 'Done', 'Skip', 'Undo', 'Stop']);
    await press(alice, card, 'Calm');
    await press(alice, card, 'Night');
    await press(alice, card, 'Loud');
    await press(alice, card, 'Loud');
    expect((await labelsOf('Tags')).size).toBe(0);
    expect(
      harness.fake.message(card.id).embeds[0]?.fields?.find((f) => f.name === 'Picked so far')?.value,
    ).toBe('Calm, Night');
    await press(alice, card, 'Done');
    expect((await labelsOf('Tags')).get(trackId(1))).toEqual(['Calm', 'Night']);
    const next = await waitForCardOf(trackId(2));
    await press(alice, next, 'Void');
    expect((await labelsOf('Tags')).get(trackId(2))).toEqual([]);
    await waitForCardOf(trackId(3));
  });

  it('a button of a deleted layer is answered as stale and changes nothing', async () => {
    const card = await waitForCardOf(trackId(3));
    await harness.set.services.layers.delete(alice.id, 'Tags');
    await settlePress(harness.fake, card.id, () =>
      harness.fake.pressButton({
        user: alice,
        message: card.id,
        customId: findButton(card, 'Calm').custom_id,
      }),
    );
    expect(harness.fake.ephemeral(alice).at(-1)?.content).toContain('has ended');
    expect(
      await harness.database.dataSource.query(
        `select count(*)::int as n from labels l join layers y on y.id = l.layer_id where y.name = 'Tags'`,
      ),
    ).toEqual([{ n: 0 }]);
  });

  it('more than 20 sublists use a select menu', async () => {
    await command(alice, 'layer', { name: 'Many', mutual: true, complete: false }, 'create');
    const { layer } = await harness.set.services.layers.requireWithSublists(alice.id, 'Many');
    for (let n = 1; n <= 22; n += 1) {
      await harness.set.services.sublists.add(alice.id, layer.name, `List ${n}`);
    }
    const start = await command(alice, 'label', { layer: 'Many' });
    const card = start.reply()?.message;
    if (!card) throw new Error('no card');
    const select =
      card.components?.[0] && 'components' in card.components[0]
        ? card.components[0].components[0]
        : undefined;
    const customId = select && 'custom_id' in select ? select.custom_id : '';
    const menu = findStringSelect(card, customId);
    expect(menu.options).toHaveLength(22);
    expect(buttonLabels(card)).toEqual(['Void', 'Skip', 'Undo', 'Stop']);
    const option = menu.options.find((o) => o.label === 'List 17');
    const values = [option?.value ?? ''];
    await settlePress(harness.fake, card.id, () =>
      harness.fake.selectValues({ user: alice, message: card.id, customId, values }),
    );
    expect((await labelsOf('Many')).get(trackId(1))).toEqual(['List 17']);
    await waitForCardOf(trackId(2));
    harness.fake.assertNoViolations();
  });
});

describe('a label session past the 15 minutes of an interaction token', () => {
  const clock = new ManualClock();
  let harness: BotHarness;
  const spotify = new SpotifySideDouble();
  let alice: FakeUser;

  const press = (message: APIMessage, label: string) =>
    harness.fake.pressButton({ user: alice, message: message.id, label }).settled();

  /** Waits until the message shows `title` (a press may be deferred, then edited). */
  const showing = (messageId: string, title: string) =>
    harness.fake.waitFor(
      () => {
        const message = harness.fake.message(messageId);
        return message.embeds[0]?.title === title ? message : undefined;
      },
      { what: `${title} on message ${messageId}` },
    );

  const startSession = async (channel?: FakeChannel): Promise<APIMessage> => {
    const handle = harness.fake.runSlashCommand({
      user: alice,
      name: 'label',
      options: { layer: 'Genres' },
      ...(channel ? { channel } : {}),
    });
    const reply = await handle.settled();
    if (!reply) throw new Error('no card');
    return reply.message;
  };

  beforeAll(async () => {
    harness = await startBotHarness(spotify.ports(), { fake: { clock } });
    alice = harness.fake.user('alice');
    for (let n = 1; n <= 12; n += 1) spotify.addTrack(trackId(n), `Song ${n}`, `Artist ${n % 4}`);
    spotify.liked.set(
      alice.id,
      Array.from({ length: 12 }, (_, i) => trackId(i + 1)),
    );
    spotify.link(alice.id);
    const { services } = harness.set;
    await services.layers.create(alice.id, { name: 'Genres', mutual: true, complete: true });
    for (const name of ['Rock', 'Jazz']) await services.sublists.add(alice.id, 'Genres', name);
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('in a server, continues in a fresh private message once the first one can no longer be changed', async () => {
    const first = await startSession();
    await press(first, 'Rock');
    await showing(first.id, 'Song 2');
    // 13 minutes on Discord's clock: too close to the 15 of the token that made the message.
    clock.advance(13 * 60_000);
    await press(harness.fake.message(first.id), 'Jazz');
    await harness.fake.waitFor(
      () => harness.fake.ephemeral(alice).find((m) => m.embeds[0]?.title === 'Song 3'),
      {
        what: 'Song 3',
      },
    );
    const cards = harness.fake.ephemeral(alice).filter((m) => buttonLabels(m).includes('Skip'));
    expect(cards).toHaveLength(2);
    const fresh = cards[1];
    if (!fresh) throw new Error('no fresh card');
    expect(fresh.embeds[0]?.title).toBe('Song 3');
    expect(fresh.content).toContain('Continued in a new message');
    expect(fresh.content).toContain('**Song 2** → **Jazz**');
    // The old message is left as it was; its buttons answer as stale and change nothing.
    expect(harness.fake.message(first.id).embeds[0]?.title).toBe('Song 2');
    await settlePress(harness.fake, first.id, () =>
      harness.fake.forgeComponent({
        user: alice,
        message: first.id,
        customId: findButton(harness.fake.message(first.id), 'Rock').custom_id,
      }),
    );
    expect(harness.fake.ephemeral(alice).at(-1)?.content).toContain('has moved on to a newer card');
    // The fresh message carries on in place, with a token of its own.
    await press(fresh, 'Rock');
    await showing(fresh.id, 'Song 4');
    expect(harness.fake.messages()).toEqual([]);
    harness.fake.assertNoViolations();
  });

  it('in a DM, the ordinary message is edited in place however long the pause', async () => {
    const dm = harness.fake.dmChannelOf(alice);
    const card = await startSession(dm);
    expect(card.channel_id).toBe(dm.id);
    expect(isEphemeral(card)).toBe(false);
    const title = card.embeds[0]?.title;
    clock.advance(60 * 60_000);
    await press(card, 'Jazz');
    const after = await harness.fake.waitFor(() => {
      const message = harness.fake.message(card.id);
      return message.embeds[0]?.title !== title ? message : undefined;
    });
    expect(after.content).toContain('→ **Jazz**');
    expect(harness.fake.dms(alice).filter((m) => buttonLabels(m).includes('Skip'))).toHaveLength(1);
    harness.fake.assertNoViolations();
  });
});
