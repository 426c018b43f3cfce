import {
  ActionRowBuilder,
  ApplicationCommandOptionType,
  ButtonBuilder,
  ButtonStyle,
  DiscordAPIError,
  MessageFlags,
  Routes,
  type Client,
  type ChatInputCommandInteraction,
} from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ManualClock,
  connectClient,
  startFakeDiscord,
  type FakeDiscord,
  type InteractionHandle,
} from './index.js';
import { TestHandlers } from './test-handlers.js';

/** Half of 😀 (U+1F600 is \ud83d\ude00): what `'😀 mood'.slice(0, 1)` leaves. */
const HALF_EMOJI = 'Mood \ud83d';

function button(customId: string) {
  return { type: 2, style: 1, label: customId.slice(0, 20), custom_id: customId };
}

function row(...components: object[]) {
  return { type: 1, components };
}

function select(customId: string, optionCount: number) {
  const options = Array.from({ length: optionCount }, (_, n) => ({ label: `o${n}`, value: `o${n}` }));
  return { type: 3, custom_id: customId, options };
}

/** The Discord error code a promise rejects with, or 'ok'. */
async function outcome(promise: Promise<unknown>): Promise<number | string> {
  try {
    await promise;
    return 'ok';
  } catch (error) {
    if (error instanceof DiscordAPIError) return Number(error.code);
    throw error;
  }
}

describe('fake Discord: enforcing what Discord refuses', () => {
  const clock = new ManualClock();
  let fake: FakeDiscord;
  let client: Client<true>;
  let handlers: TestHandlers;

  beforeAll(async () => {
    fake = await startFakeDiscord({ clock });
    client = await connectClient(fake);
    handlers = new TestHandlers(client);
    await client.application.commands.set(
      [
        ...['sixbuttons', 'late', 'twice', 'expire', 'raw', 'private'].map((name) => ({
          name,
          description: name,
        })),
        {
          name: 'pick',
          description: 'pick',
          options: [
            {
              name: 'what',
              description: 'what',
              type: ApplicationCommandOptionType.String,
              autocomplete: true,
            },
          ],
        },
      ],
      fake.guild.id,
    );
  });

  afterAll(async () => {
    await client?.destroy();
    await fake?.close();
  });

  /** Runs a command whose handler resolves with the outcome of `act`. */
  function runCommand(
    name: string,
    act: (i: ChatInputCommandInteraction) => Promise<unknown>,
  ): { handle: InteractionHandle; result: Promise<number | string> } {
    const result = new Promise<number | string>((resolve, reject) =>
      handlers.on(name, (i) =>
        i.isChatInputCommand() ? outcome(act(i)).then(resolve, reject) : Promise.resolve(),
      ),
    );
    return { handle: fake.runSlashCommand({ user: fake.user('alice'), name }), result };
  }

  it('rejects six buttons in one action row with 50035, and keeps the interaction open', async () => {
    const { handle, result } = runCommand('sixbuttons', (i) => {
      const buttons = Array.from({ length: 6 }, (_, n) =>
        new ButtonBuilder().setCustomId(`b${n}`).setLabel(`B${n}`).setStyle(ButtonStyle.Primary),
      );
      return i.reply({ components: [new ActionRowBuilder<ButtonBuilder>().addComponents(buttons)] });
    });
    expect(await result).toBe(50035);
    expect(handle.initialResponse).toBeNull();
    expect(fake.takeViolations()).toMatchObject([
      { kind: 'limit', code: 50035, detail: expect.stringContaining('data.components.0.components') },
    ]);
  });

  it.each([
    ['a 101-character custom_id', { components: [row(button('x'.repeat(101)))] }],
    ['an empty custom_id', { components: [row(button(''))] }],
    ['a duplicate custom_id', { components: [row(button('same'), button('same'))] }],
    ['six action rows', { components: Array.from({ length: 6 }, (_, n) => row(button(`r${n}`))) }],
    ['two selects in a row', { components: [row(select('s1', 2), select('s2', 2))] }],
    ['a select mixed with buttons', { components: [row(select('s1', 2), button('b'))] }],
    ['26 select options', { components: [row(select('s1', 26))] }],
    ['2001 characters of content', { content: 'x'.repeat(2001) }],
    ['11 embeds', { embeds: Array.from({ length: 11 }, (_, n) => ({ title: `e${n}` })) }],
  ])('rejects %s with 400 / 50035', async (_what, body) => {
    const sent = client.rest.post(Routes.channelMessages(fake.channel.id), { body });
    expect(await outcome(sent)).toBe(50035);
    expect(fake.requests.at(-1)?.status).toBe(400);
    expect(fake.takeViolations().map((v) => v.kind)).toEqual(['limit']);
  });

  it('accepts five full rows of five buttons', async () => {
    const components = Array.from({ length: 5 }, (_, r) =>
      row(...Array.from({ length: 5 }, (_, b) => button(`r${r}b${b}`))),
    );
    expect(
      await outcome(client.rest.post(Routes.channelMessages(fake.channel.id), { body: { components } })),
    ).toBe('ok');
    fake.assertNoViolations();
  });

  it('rejects a body that violates the OpenAPI spec', async () => {
    const sent = client.rest.post(Routes.channelMessages(fake.channel.id), { body: { content: 5 } });
    expect(await outcome(sent)).toBe(50035);
    const violations = fake.takeViolations();
    expect(violations).toMatchObject([{ kind: 'spec', detail: expect.stringContaining('content') }]);
  });

  it('answers 10062 to a first response later than 3 s, and the token is dead afterwards', async () => {
    let release = (): void => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const late = runCommand('late', async (i) => {
      await gate;
      return i.reply('finally');
    });
    clock.advance(3001);
    release();
    expect(await late.result).toBe(10062);
    expect(late.handle.rejectedCallbackCodes).toEqual([10062]);
    const followup = client.rest.post(Routes.webhook(fake.applicationId, late.handle.token), {
      body: { content: 'x' },
      auth: false,
    });
    expect(await outcome(followup)).toBe(10015);
    expect(fake.takeViolations().map((v) => v.kind)).toEqual(['interaction', 'interaction']);
  });

  it('answers 40060 to a second initial response', async () => {
    const twice = runCommand('twice', async (i) => {
      const route = Routes.interactionCallback(i.id, i.token);
      await i.client.rest.post(route, { body: { type: 4, data: { content: 'one' } }, auth: false });
      return i.client.rest.post(route, { body: { type: 4, data: { content: 'two' } }, auth: false });
    });
    expect(await twice.result).toBe(40060);
    expect(twice.handle.reply()?.content).toBe('one');
    expect(fake.takeViolations()).toMatchObject([{ kind: 'interaction', code: 40060 }]);
  });

  it('expires interaction tokens after 15 minutes', async () => {
    let release = (): void => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const expire = runCommand('expire', async (i) => {
      await i.deferReply();
      await gate;
      return i.editReply('too late');
    });
    await expire.handle.firstResponse();
    clock.advance(15 * 60_000 + 1);
    release();
    expect(await expire.result).toBe(50027);
    expect(expire.handle.reply()?.loading).toBe(true);
    expect(fake.takeViolations().map((v) => v.kind)).toEqual(['interaction']);
  });

  it('refuses changes to an ephemeral message once the token that made it expired, also through a press on it', async () => {
    const presses: Array<(result: number | string) => void> = [];
    const nextPress = () => new Promise<number | string>((resolve) => presses.push(resolve));
    handlers.on('bump', (i) =>
      i.isButton()
        ? outcome(i.update({ content: 'bumped' })).then((r) => presses.shift()?.(r))
        : Promise.resolve(),
    );
    const made = runCommand('private', (i) =>
      i.reply({
        content: 'private',
        flags: MessageFlags.Ephemeral,
        components: [
          new ActionRowBuilder<ButtonBuilder>().addComponents(
            new ButtonBuilder().setCustomId('bump').setLabel('Bump').setStyle(ButtonStyle.Primary),
          ),
        ],
      }),
    );
    expect(await made.result).toBe('ok');
    const message = made.handle.reply()?.message;
    if (!message) throw new Error('no reply');
    const alice = fake.user('alice');
    const early = nextPress();
    fake.pressButton({ user: alice, message: message.id, label: 'Bump' });
    expect(await early).toBe('ok');
    clock.advance(15 * 60_000 + 1);
    const late = nextPress();
    fake.pressButton({ user: alice, message: message.id, label: 'Bump' });
    expect(await late).toBe(10008);
    expect(fake.takeViolations()).toMatchObject([
      { kind: 'interaction', code: 10008, detail: expect.stringContaining('expired') },
    ]);
  });

  it('answers unknown routes with 404 and reports them', async () => {
    expect(await outcome(client.rest.get('/guilds/1/audit-logs'))).toBe(0);
    expect(fake.takeViolations()).toMatchObject([{ kind: 'unknown-route', status: 404 }]);
  });

  it.each([
    ['content', { content: HALF_EMOJI }, 'content'],
    ['an embed title', { embeds: [{ title: HALF_EMOJI }] }, 'embeds.0.title'],
    ['an embed description', { embeds: [{ description: HALF_EMOJI }] }, 'embeds.0.description'],
    [
      'an embed field name',
      { embeds: [{ fields: [{ name: HALF_EMOJI, value: 'v' }] }] },
      'embeds.0.fields.0.name',
    ],
    [
      'an embed field value',
      { embeds: [{ fields: [{ name: 'n', value: HALF_EMOJI }] }] },
      'embeds.0.fields.0.value',
    ],
    ['an embed footer', { embeds: [{ title: 't', footer: { text: HALF_EMOJI } }] }, 'embeds.0.footer.text'],
    [
      'a button label',
      { components: [row({ type: 2, style: 1, label: HALF_EMOJI, custom_id: 'b' })] },
      'components.0.components.0.label',
    ],
    [
      'a select placeholder',
      {
        components: [
          row({ type: 3, custom_id: 's', placeholder: HALF_EMOJI, options: [{ label: 'a', value: 'a' }] }),
        ],
      },
      'components.0.components.0.placeholder',
    ],
    [
      'a select option label',
      { components: [row({ type: 3, custom_id: 's', options: [{ label: HALF_EMOJI, value: 'a' }] })] },
      'components.0.components.0.options.0.label',
    ],
  ])('refuses a lone surrogate in %s as a spec violation', async (_what, body, where) => {
    const sent = client.rest.post(Routes.channelMessages(fake.channel.id), { body });
    expect(await outcome(sent)).toBe(50035);
    expect(fake.takeViolations()).toMatchObject([
      { kind: 'spec', status: 400, detail: expect.stringContaining(`${where}: Not valid UTF-8`) },
    ]);
  });

  it('accepts whole emoji', async () => {
    const body = { content: '😀 Mood', embeds: [{ title: '🎶', footer: { text: '👍🏽' } }] };
    expect(await outcome(client.rest.post(Routes.channelMessages(fake.channel.id), { body }))).toBe('ok');
    fake.assertNoViolations();
  });

  /** The outcome of answering an autocomplete on `/pick` with these choices. */
  function answerAutocomplete(choices: { name: string; value: string }[]): Promise<number | string> {
    const answered = new Promise<number | string>((resolve, reject) =>
      handlers.on('pick', (i) =>
        i.isAutocomplete() ? outcome(i.respond(choices)).then(resolve, reject) : Promise.resolve(),
      ),
    );
    fake.autocomplete({ user: fake.user('alice'), name: 'pick', options: { what: 'Mo' }, focused: 'what' });
    return answered;
  }

  it.each([
    ['26 choices', Array.from({ length: 26 }, (_, n) => ({ name: `c${n}`, value: `c${n}` })), 'data.choices'],
    ['a 101-character choice value', [{ name: 'Mood', value: 'v'.repeat(101) }], 'data.choices.0.value'],
    ['a 101-character choice name', [{ name: 'n'.repeat(101), value: 'mood' }], 'data.choices.0.name'],
    ['an empty choice name', [{ name: '', value: 'mood' }], 'data.choices.0.name'],
  ])('refuses an autocomplete answer with %s', async (_, choices, where) => {
    expect(await answerAutocomplete(choices)).toBe(50035);
    expect(fake.takeViolations()).toMatchObject([
      { kind: 'limit', code: 50035, detail: expect.stringContaining(where) },
    ]);
  });

  it('accepts 25 autocomplete choices of 100-character names and values', async () => {
    const choices = Array.from({ length: 25 }, (_, n) => ({
      name: `${n}`.padEnd(100, 'n'),
      value: `${n}`.padEnd(100, 'v'),
    }));
    expect(await answerAutocomplete(choices)).toBe('ok');
    fake.assertNoViolations();
  });

  it('refuses an autocomplete choice name with a lone surrogate', async () => {
    const answered = new Promise<number | string>((resolve, reject) =>
      handlers.on('pick', (i) =>
        i.isAutocomplete()
          ? outcome(i.respond([{ name: HALF_EMOJI, value: 'mood' }])).then(resolve, reject)
          : Promise.resolve(),
      ),
    );
    fake.autocomplete({ user: fake.user('alice'), name: 'pick', options: { what: 'Mo' }, focused: 'what' });
    expect(await answered).toBe(50035);
    expect(fake.takeViolations()).toMatchObject([
      { kind: 'spec', detail: expect.stringContaining('data.choices.0.name: Not valid UTF-8') },
    ]);
  });
});
