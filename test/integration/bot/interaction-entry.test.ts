import type { APIMessage } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buttonLabels,
  findButton,
  type FakeUser,
  type InteractionHandle,
} from '../../fakes/discord/index.js';
import { startBotHarness, type BotHarness } from '../../support/bot/bot-harness.js';
import { SpotifySideDouble } from '../../support/bot/spotify-side-double.js';

const trackId = (n: number) => `entry${String(n).padStart(17, '0')}`;
const EPHEMERAL = 64;

/**
 * The bot's interaction entry against what Discord's own client would not send: malformed
 * payloads, stale commands, forged custom_ids, forms the bot never showed (issue 24, items 4, 6, 8, 11).
 */
describe('the interaction entry through a fake Discord', () => {
  let harness: BotHarness;
  const spotify = new SpotifySideDouble();
  let alice: FakeUser;
  let card: APIMessage;

  const labelCount = async (): Promise<number> =>
    Number(
      ((await harness.database.dataSource.query('select count(*) as n from labels')) as { n: string }[])[0]
        ?.n,
    );

  /** The first response must be an ephemeral message; its text is returned. */
  const ephemeralAnswer = async (handle: InteractionHandle): Promise<string> => {
    const first = await handle.firstResponse();
    const data = first.data as { content?: string; flags?: number } | undefined;
    expect(first.type).toBe(4);
    expect((data?.flags ?? 0) & EPHEMERAL).toBe(EPHEMERAL);
    return data?.content ?? '';
  };

  const helpStillAnswers = async () => {
    const help = await harness.fake.runSlashCommand({ user: alice, name: 'help' }).settled();
    expect(help?.content).toContain('/layer create');
  };

  beforeAll(async () => {
    harness = await startBotHarness(spotify.ports());
    alice = harness.fake.user('alice');
    for (let n = 1; n <= 4; n += 1) spotify.addTrack(trackId(n), `Song ${n}`, 'Artist');
    spotify.liked.set(
      alice.id,
      Array.from({ length: 4 }, (_, i) => trackId(i + 1)),
    );
    spotify.link(alice.id);
    const run = (name: string, options: Record<string, string | boolean>, subcommand?: string) =>
      harness.fake
        .runSlashCommand({ user: alice, name, options, ...(subcommand ? { subcommand } : {}) })
        .settled();
    await run('layer', { name: '@everyone ping', mutual: true, complete: true }, 'create');
    for (const name of ['@here A', `<@${harness.fake.user('bob').id}> B`])
      await run('sublist', { layer: '@everyone ping', name }, 'add');
    await run('label', { layer: '@everyone ping' });
    card = await harness.fake.waitFor(
      // The session's card is Alice's alone (ephemeral).
      () => harness.fake.ephemeral(alice).find((m) => buttonLabels(m).includes('Skip')),
      {
        what: 'a label card',
      },
    );
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('item 4: a component interaction without `message` gets an answer with a reference, and the bot keeps working', async () => {
    const customId = findButton(card, 'Skip').custom_id;
    const inGuild = harness.fake.forgeComponent({
      user: alice,
      message: card,
      customId,
      withoutMessage: true,
    });
    expect(await ephemeralAnswer(inGuild)).toMatch(/cannot read.*reference: `[0-9a-f]{8}`/);
    const inDm = harness.fake.forgeComponent({
      user: alice,
      channel: harness.fake.dmChannelOf(alice),
      customId,
      withoutMessage: true,
    });
    expect(await ephemeralAnswer(inDm)).toMatch(/cannot read/);
    expect(await labelCount()).toBe(0);
    await helpStillAnswers();
  });

  it('item 6: public messages carry allowed_mentions with nothing to parse, whatever the names say', () => {
    expect(card.embeds[0]?.footer?.text).toContain('@everyone ping');
    const bodies = harness.fake.requests
      .filter((r) => ['POST', 'PATCH'].includes(r.method) && /messages|webhooks|callback/.test(r.route ?? ''))
      .map((r) => {
        const body = r.body as { data?: Record<string, unknown> } & Record<string, unknown>;
        return (r.route?.endsWith('/callback') ? body.data : body) ?? {};
      })
      .filter((body) => 'content' in body || 'embeds' in body);
    expect(bodies.length).toBeGreaterThan(3);
    for (const body of bodies) expect(body['allowed_mentions']).toMatchObject({ parse: [] });
    const cardRequest = harness.fake
      .requestsTo('PATCH', '/webhooks/:applicationId/:token/messages/@original')
      .find((r) => JSON.stringify(r.body).includes('@here A'));
    expect((cardRequest?.body as { allowed_mentions?: unknown }).allowed_mentions).toEqual({
      parse: [],
      replied_user: false,
    });
  });

  it('item 8: a custom_id with an extra part or a wrong format is refused ephemerally and stores nothing', async () => {
    const valid = findButton(card, '@here A').custom_id;
    for (const customId of [`${valid}:x`, valid.replace(trackId(1), 'x'), `${valid.slice(0, -1)}Z`]) {
      const answer = await ephemeralAnswer(
        harness.fake.forgeComponent({ user: alice, message: card, customId }),
      );
      expect(answer).toContain('could not be read');
    }
    expect(await labelCount()).toBe(0);
    expect(harness.fake.message(card.id).components).toEqual(card.components);
  });

  it('item 11: an unknown subcommand, option or command gets an ephemeral “run it again”', async () => {
    const subcommand = harness.fake.forgeCommand({
      user: alice,
      name: 'layer',
      subcommand: 'rename',
      options: { layer: '@everyone ping', name: 'x' },
    });
    expect(await ephemeralAnswer(subcommand)).toContain('changed since your Discord app loaded it');
    const option = harness.fake.forgeCommand({
      user: alice,
      name: 'sublist',
      subcommand: 'remove',
      options: { layer: '@everyone ping', playlist: 'x' },
    });
    expect(await ephemeralAnswer(option)).toContain('run it again');
    const command = harness.fake.forgeCommand({ user: alice, name: 'shuffle' });
    expect(await ephemeralAnswer(command)).toContain('no longer exists');
    expect((await harness.set.services.layers.list(alice.id)).map((o) => o.sublists.length)).toEqual([2]);
  });

  it('item 11: an autocomplete the bot does not know gets an empty choice list', async () => {
    const unknownCommand = harness.fake.forgeCommand({
      user: alice,
      name: 'shuffle',
      options: { layer: 'x' },
      focused: 'layer',
    });
    expect(await unknownCommand.choices()).toEqual([]);
    const noAutocomplete = harness.fake.forgeCommand({
      user: alice,
      name: 'help',
      options: { topic: 'la' },
      focused: 'topic',
    });
    expect(await noAutocomplete.choices()).toEqual([]);
    const unknownSubcommand = harness.fake.forgeCommand({
      user: alice,
      name: 'sublist',
      subcommand: 'rename',
      options: { layer: '@e' },
      focused: 'layer',
    });
    expect(await unknownSubcommand.choices()).toEqual([]);
  });

  it('item 11: a modal the bot never showed gets an ephemeral “run the command again”', async () => {
    const submit = harness.fake.forgeModalSubmit({
      user: alice,
      customId: 'ml1:rn:x',
      values: { name: 'New' },
    });
    expect(await ephemeralAnswer(submit)).toContain('run the command again');
    await helpStillAnswers();
    harness.fake.assertNoViolations();
  });
});
