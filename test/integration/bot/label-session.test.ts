import type { APIMessage } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buttonLabels, findButton, findStringSelect, type FakeUser } from '../../fakes/discord/index.js';
import { startBotHarness, type BotHarness } from '../../support/bot/bot-harness.js';
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

  /** The newest label card (a message with a Skip button) in the channel. */
  const latestCard = (): APIMessage | undefined =>
    harness.fake
      .messages()
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

  const press = async (user: FakeUser, message: APIMessage, label: string) => {
    const handle = harness.fake.pressButton({
      user,
      message: message.id,
      customId: findButton(harness.fake.message(message.id), label).custom_id,
    });
    await handle.settled();
    return handle;
  };

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

  it('labels a mutual complete layer by pressing buttons: stored at once, answered message edited, next track posted', async () => {
    spotify.link(alice.id);
    await command(alice, 'layer', { name: 'Genres', mutual: true, complete: true }, 'create');
    for (const name of ['Rock', 'Jazz', 'Pop'])
      await command(alice, 'sublist', { layer: 'Genres', name }, 'add');
    const start = await command(alice, 'label', { layer: 'Genres' });
    const first = await harness.fake.waitFor(() => start.followups().at(-1));
    if (!first) throw new Error('no first card');
    expect(first.embeds[0]?.title).toBe('Song 1');
    expect(first.embeds[0]?.url).toBe(`https://open.spotify.com/track/${trackId(1)}`);
    expect(buttonLabels(first)).toEqual(['Rock', 'Jazz', 'Pop', 'Skip', 'Undo', 'Stop']);

    await press(alice, first, 'Jazz');
    expect((await labelsOf('Genres')).get(trackId(1))).toEqual(['Jazz']);
    const answered = harness.fake.message(first.id);
    expect(answered.components).toEqual([]);
    expect(answered.embeds[0]?.fields?.find((f) => f.name === 'Answer')?.value).toContain('Jazz');

    const second = await waitForCardOf(trackId(2));
    await press(alice, second, 'Skip');
    const third = await waitForCardOf(trackId(3));
    await press(alice, third, 'Rock');
    const fourth = await waitForCardOf(trackId(4));
    await press(alice, fourth, 'Undo');
    expect((await labelsOf('Genres')).has(trackId(3))).toBe(false);
    const again = await waitForCardOf(trackId(3));
    await press(alice, again, 'Pop');
    expect((await labelsOf('Genres')).get(trackId(3))).toEqual(['Pop']);
    // The track moved aside by Undo comes back next; the skipped one never does.
    const back = await waitForCardOf(trackId(4));
    expect(back.embeds[0]?.title).toBe('Song 4');
    harness.fake.assertNoViolations();
  });

  it('only the owner may press: others get an ephemeral “not yours” and nothing changes', async () => {
    const card = await waitForCardOf(trackId(4));
    const before = await labelsOf('Genres');
    await harness.fake
      .pressButton({ user: bob, message: card.id, customId: findButton(card, 'Rock').custom_id })
      .settled();
    expect(harness.fake.ephemeral(bob).at(-1)?.content).toContain('belongs to someone else');
    expect(await labelsOf('Genres')).toEqual(before);
    expect(buttonLabels(harness.fake.message(card.id))).toContain('Rock');
  });

  it('survives a restart: the current card still works, a superseded one is stale and changes nothing', async () => {
    const card = await waitForCardOf(trackId(4));
    const answeredEarlier = harness.fake
      .messages()
      .find((m) => m.embeds[0]?.url?.endsWith(trackId(1)) && m.components?.length === 0);
    expect(answeredEarlier).toBeDefined();
    await harness.restart();
    // /label again continues the open session in a fresh message; the old card goes stale.
    const resumed = await command(alice, 'label', { layer: 'Genres' });
    const fresh = await harness.fake.waitFor(() => resumed.followups().at(-1));
    expect(fresh?.embeds[0]?.title).toBe('Song 4');
    const before = await labelsOf('Genres');
    await harness.fake
      .pressButton({ user: alice, message: card.id, customId: findButton(card, 'Rock').custom_id })
      .settled();
    expect(harness.fake.ephemeral(alice).at(-1)?.content).toContain('newest label message');
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
    const card = await harness.fake.waitFor(() => start.followups().at(-1));
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
    await harness.fake
      .pressButton({ user: alice, message: card.id, customId: findButton(card, 'Calm').custom_id })
      .settled();
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
    const card = await harness.fake.waitFor(() => start.followups().at(-1));
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
    await harness.fake
      .selectValues({ user: alice, message: card.id, customId, values: [option?.value ?? ''] })
      .settled();
    expect((await labelsOf('Many')).get(trackId(1))).toEqual(['List 17']);
    await waitForCardOf(trackId(2));
    harness.fake.assertNoViolations();
  });
});
