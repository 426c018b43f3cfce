import { ApplicationCommandOptionType, DiscordAPIError, Routes, type Client } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, startFakeDiscord, type FakeDiscord } from './index.js';
import { TestHandlers } from './test-handlers.js';

/** Half of 😀 (U+1F600 is \ud83d\ude00): what `'😀 mood'.slice(0, 1)` leaves. */
const HALF_EMOJI = 'Mood \ud83d';

async function outcome(promise: Promise<unknown>): Promise<number | string> {
  try {
    await promise;
    return 'ok';
  } catch (error) {
    if (error instanceof DiscordAPIError) return Number(error.code);
    throw error;
  }
}

const row = (...components: object[]) => ({ type: 1, components });

describe('fake Discord: text that is not valid UTF-8', () => {
  let fake: FakeDiscord;
  let client: Client<true>;
  let handlers: TestHandlers;

  beforeAll(async () => {
    fake = await startFakeDiscord();
    client = await connectClient(fake);
    handlers = new TestHandlers(client);
    await client.application.commands.set(
      [
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
