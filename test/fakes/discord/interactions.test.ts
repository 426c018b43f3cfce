import {
  ActionRowBuilder,
  ApplicationCommandOptionType,
  ApplicationIntegrationType,
  ButtonBuilder,
  ButtonStyle,
  DiscordAPIError,
  InteractionContextType,
  MessageFlags,
  ModalBuilder,
  StringSelectMenuBuilder,
  TextInputBuilder,
  TextInputStyle,
  type Client,
} from 'discord.js';
import { InteractionResponseType } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, findButton, startFakeDiscord, type FakeDiscord } from './index.js';
import { TestHandlers } from './test-handlers.js';

describe('fake Discord: interactions through a real discord.js client', () => {
  let fake: FakeDiscord;
  let client: Client<true>;
  let handlers: TestHandlers;

  beforeAll(async () => {
    fake = await startFakeDiscord();
    client = await connectClient(fake);
    handlers = new TestHandlers(client);
    await client.application.commands.set([{ name: 'help', description: 'Global help' }]);
    await client.application.commands.set(
      [
        { name: 'ping', description: 'Replies pong' },
        { name: 'slow', description: 'Defers, then edits' },
        { name: 'pick', description: 'Buttons and a select' },
        { name: 'announce', description: 'Posts in the channel' },
        { name: 'dm', description: 'Sends a DM' },
        { name: 'rename', description: 'Opens a modal' },
        {
          name: 'layer',
          description: 'Layers',
          options: [
            {
              type: ApplicationCommandOptionType.Subcommand,
              name: 'create',
              description: 'Create a layer',
              options: [
                {
                  type: ApplicationCommandOptionType.String,
                  name: 'name',
                  description: 'Name',
                  required: true,
                  autocomplete: true,
                },
                { type: ApplicationCommandOptionType.Boolean, name: 'mutual', description: 'Mutual' },
              ],
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

  it('registers global and guild commands', () => {
    expect(fake.commands().map((c) => c.name)).toEqual(['help']);
    expect(fake.commands(fake.guild.id).map((c) => c.name)).toContain('layer');
    expect(fake.requestsTo('PUT', '/applications/:applicationId/guilds/:guildId/commands')).toHaveLength(1);
  });

  it('delivers a slash command and records the reply with its timing', async () => {
    handlers.on('ping', (i) => (i.isChatInputCommand() ? i.reply('pong') : Promise.resolve()));
    const handle = fake.runSlashCommand({ user: fake.user('alice'), name: 'ping' });
    const first = await handle.firstResponse();
    expect(first.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(first.elapsedMs).toBeGreaterThan(0);
    expect(first.elapsedMs).toBeLessThan(3000);
    const reply = await handle.settled();
    expect(reply).toMatchObject({ content: 'pong', ephemeral: false, loading: false });
    expect(fake.messages().map((m) => m.content)).toContain('pong');
    fake.assertNoViolations();
  });

  it('passes subcommands and options, and answers autocomplete', async () => {
    const seen: unknown[] = [];
    handlers.on('layer', async (i) => {
      if (i.isAutocomplete()) {
        const typed = i.options.getFocused();
        return i.respond(
          ['Moods', 'Genres', 'Decades']
            .filter((n) => n.startsWith(typed))
            .map((n) => ({ name: n, value: n })),
        );
      }
      if (!i.isChatInputCommand()) return;
      seen.push([
        i.options.getSubcommand(),
        i.options.getString('name'),
        i.options.getBoolean('mutual'),
        i.channelId,
        i.guildId,
      ]);
      return i.reply({ content: 'created', flags: MessageFlags.Ephemeral });
    });
    const alice = fake.user('alice');
    const choices = await fake
      .autocomplete({
        user: alice,
        name: 'layer',
        subcommand: 'create',
        options: { name: 'M' },
        focused: 'name',
      })
      .choices();
    expect(choices).toEqual([{ name: 'Moods', value: 'Moods' }]);
    // Discord's client suggests nothing for an option declared without autocomplete.
    expect(() =>
      fake.autocomplete({
        user: alice,
        name: 'layer',
        subcommand: 'create',
        options: { name: 'Moods', mutual: true },
        focused: 'mutual',
      }),
    ).toThrow('not declared with autocomplete');
    const reply = await fake
      .runSlashCommand({
        user: alice,
        name: 'layer',
        subcommand: 'create',
        options: { name: 'Moods', mutual: true },
      })
      .settled();
    expect(seen).toEqual([['create', 'Moods', true, fake.channel.id, fake.guild.id]]);
    expect(reply).toMatchObject({ content: 'created', ephemeral: true });
    expect(fake.ephemeral(alice).map((m) => m.content)).toContain('created');
    expect(fake.messages().map((m) => m.content)).not.toContain('created');
    expect(() =>
      fake.runSlashCommand({ user: alice, name: 'layer', subcommand: 'create', options: {} }),
    ).toThrow(/required/);
    fake.assertNoViolations();
  });

  it('defers, edits the deferred reply and sends a followup', async () => {
    handlers.on('slow', async (i) => {
      if (!i.isChatInputCommand()) return;
      await i.deferReply({ flags: MessageFlags.Ephemeral });
      await new Promise((resolve) => setTimeout(resolve, 30));
      await i.editReply('done');
      await i.followUp({ content: 'and more', flags: MessageFlags.Ephemeral });
    });
    const handle = fake.runSlashCommand({ user: fake.user('alice'), name: 'slow' });
    expect((await handle.firstResponse()).type).toBe(
      InteractionResponseType.DeferredChannelMessageWithSource,
    );
    const reply = await handle.settled();
    expect(reply).toMatchObject({ content: 'done', ephemeral: true, loading: false });
    await fake.waitFor(() => (handle.followups().length === 1 ? true : undefined));
    expect(handle.followups()[0]?.content).toBe('and more');
    expect(fake.requestsTo('PATCH', '/webhooks/:applicationId/:token/messages/@original')).toHaveLength(1);
    fake.assertNoViolations();
  });

  it('makes a followup a message of its own once a person deleted the deferred placeholder', async () => {
    let deleted: () => void = () => {};
    const placeholderGone = new Promise<void>((resolve) => (deleted = resolve));
    const outcome: { editCode?: unknown } = {};
    handlers.on('slow', async (i) => {
      if (!i.isChatInputCommand()) return;
      await i.deferReply({ flags: MessageFlags.Ephemeral });
      await placeholderGone;
      await i.editReply('done').catch((error: unknown) => {
        outcome.editCode = error instanceof DiscordAPIError ? error.code : error;
      });
      await i.followUp({ content: 'answered anyway', flags: MessageFlags.Ephemeral });
    });
    const alice = fake.user('alice');
    const handle = fake.runSlashCommand({ user: alice, name: 'slow' });
    await handle.firstResponse();
    fake.deleteMessage(handle.reply()!.message.id);
    deleted();
    await fake.waitFor(() => (handle.followups().length === 1 ? true : undefined));
    expect(outcome.editCode).toBe(10008);
    expect(handle.followups()[0]).toMatchObject({ content: 'answered anyway' });
    expect(fake.ephemeral(alice).map((m) => m.content)).toContain('answered anyway');
    fake.assertNoViolations();
  });

  it('sends buttons, updates the message on a press, and handles a select', async () => {
    handlers.on('pick', async (i) => {
      if (!i.isChatInputCommand()) return;
      const buttons = new ActionRowBuilder<ButtonBuilder>().addComponents(
        new ButtonBuilder().setCustomId('choice:yes').setLabel('Yes').setStyle(ButtonStyle.Success),
        new ButtonBuilder().setCustomId('choice:no').setLabel('No').setStyle(ButtonStyle.Danger),
      );
      const select = new ActionRowBuilder<StringSelectMenuBuilder>().addComponents(
        new StringSelectMenuBuilder()
          .setCustomId('choice:many')
          .setMinValues(1)
          .setMaxValues(2)
          .addOptions(
            { label: 'Red', value: 'red' },
            { label: 'Blue', value: 'blue' },
            { label: 'Green', value: 'green' },
          ),
      );
      await i.reply({ content: 'Pick one', components: [buttons, select] });
    });
    handlers.on('choice', async (i) => {
      if (i.isButton())
        return i.update({ content: `${i.user.username} chose ${i.customId.split(':')[1]}`, components: [] });
      if (i.isStringSelectMenu()) {
        await i.deferUpdate();
        return i.editReply({ content: `colors: ${i.values.join(',')}`, components: [] });
      }
    });
    const alice = fake.user('alice');
    const reply = await fake.runSlashCommand({ user: alice, name: 'pick' }).settled();
    if (reply === null) throw new Error('no reply');
    const yes = findButton(reply.message, 'Yes');

    const press = fake.pressButton({ user: alice, message: reply.message, customId: yes.custom_id });
    expect((await press.firstResponse()).type).toBe(InteractionResponseType.UpdateMessage);
    const updated = await press.settled();
    expect(updated?.message.id).toBe(reply.message.id);
    expect(fake.message(reply.message.id)).toMatchObject({ content: 'alice chose yes', components: [] });

    const second = await fake.runSlashCommand({ user: alice, name: 'pick' }).settled();
    if (second === null) throw new Error('no reply');
    const selected = await fake
      .selectValues({
        user: alice,
        message: second.message,
        customId: 'choice:many',
        values: ['red', 'green'],
      })
      .settled();
    expect(selected).toMatchObject({
      content: 'colors: red,green',
      responseType: InteractionResponseType.DeferredMessageUpdate,
    });
    fake.assertNoViolations();
  });

  it('posts and edits channel messages', async () => {
    handlers.on('announce', async (i) => {
      if (!i.isChatInputCommand() || !i.channel?.isSendable()) return;
      const message = await i.channel.send('Sorting started');
      await message.edit('Sorting finished');
      return i.reply({ content: 'posted', flags: MessageFlags.Ephemeral });
    });
    await fake.runSlashCommand({ user: fake.user('bob'), name: 'announce' }).settled();
    const posted = fake.messages().find((m) => m.content === 'Sorting finished');
    expect(posted?.edited_timestamp).not.toBeNull();
    expect(fake.requestsTo('POST', '/channels/:channelId/messages')).toHaveLength(1);
    fake.assertNoViolations();
  });

  it('sends DMs, and answers 50007 when the user has closed them', async () => {
    handlers.on('dm', async (i) => {
      if (!i.isChatInputCommand()) return;
      await i.deferReply({ flags: MessageFlags.Ephemeral });
      try {
        await i.user.send('Your library is sorted');
        return await i.editReply('sent');
      } catch (error) {
        return await i.editReply(error instanceof DiscordAPIError ? `failed ${error.code}` : 'failed');
      }
    });
    const alice = fake.user('alice');
    const bob = fake.user('bob');
    expect((await fake.runSlashCommand({ user: alice, name: 'dm' }).settled())?.content).toBe('sent');
    expect(fake.dms(alice).map((m) => m.content)).toEqual(['Your library is sorted']);

    fake.setDmsClosed(bob);
    expect((await fake.runSlashCommand({ user: bob, name: 'dm' }).settled())?.content).toBe('failed 50007');
    expect(fake.dms(bob)).toEqual([]);
    expect(fake.requestsTo('POST', '/users/@me/channels').length).toBeGreaterThanOrEqual(2);
    fake.assertNoViolations();
  });

  it('lets a user press a button in a DM', async () => {
    handlers.on('help', (i) =>
      i.isChatInputCommand()
        ? i.reply({
            content: 'Help',
            components: [
              new ActionRowBuilder<ButtonBuilder>().addComponents(
                new ButtonBuilder().setCustomId('helpmore').setLabel('More').setStyle(ButtonStyle.Primary),
              ),
            ],
          })
        : Promise.resolve(),
    );
    handlers.on('helpmore', (i) =>
      i.isButton()
        ? i.update({ content: `More for ${i.channel?.isDMBased() ? 'DM' : 'guild'}`, components: [] })
        : Promise.resolve(),
    );
    const alice = fake.user('alice');
    const dm = fake.dmChannelOf(alice);
    const reply = await fake.runSlashCommand({ user: alice, name: 'help', channel: dm }).settled();
    if (reply === null) throw new Error('no reply');
    await fake.pressButton({ user: alice, message: reply.message, customId: 'helpmore' }).settled();
    expect(fake.dms(alice).map((m) => m.content)).toContain('More for DM');
    expect(handlers.errors).toEqual([]);
    fake.assertNoViolations();
  });

  it('offers a command in the DM of someone who shares no server only through a user install', async () => {
    await client.application.commands.create({
      name: 'mine',
      description: 'For user installs',
      integrationTypes: [ApplicationIntegrationType.UserInstall],
      contexts: [InteractionContextType.BotDM],
    });
    handlers.on('mine', (i) =>
      i.isChatInputCommand()
        ? i.reply(`context ${i.context} for ${i.authorizingIntegrationOwners.userId} in guild ${i.guildId}`)
        : Promise.resolve(),
    );
    const carol = fake.addUser('carol');
    const dm = fake.dmChannelOf(carol);
    expect(() => fake.runSlashCommand({ user: carol, name: 'mine', channel: dm })).toThrow(
      /share no server with the bot/,
    );
    fake.installApp(carol);
    // `help` says nothing about installs: Discord's default is guild install only.
    expect(() => fake.runSlashCommand({ user: carol, name: 'help', channel: dm })).toThrow(/USER_INSTALL/);
    expect(() => fake.runSlashCommand({ user: carol, name: 'mine' })).toThrow(/not available in servers/);
    const reply = await fake.runSlashCommand({ user: carol, name: 'mine', channel: dm }).settled();
    expect(reply?.content).toBe(`context ${InteractionContextType.BotDM} for ${carol.id} in guild null`);
    expect(fake.dms(carol).map((m) => m.content)).toEqual([reply?.content]);
    fake.assertNoViolations();
  });

  it('shows a modal and receives its submission', async () => {
    handlers.on('rename', (i) =>
      i.isChatInputCommand()
        ? i.showModal(
            new ModalBuilder()
              .setCustomId('renamed:layer')
              .setTitle('Rename layer')
              .addComponents(
                new ActionRowBuilder<TextInputBuilder>().addComponents(
                  new TextInputBuilder()
                    .setCustomId('name')
                    .setLabel('New name')
                    .setStyle(TextInputStyle.Short),
                ),
              ),
          )
        : Promise.resolve(),
    );
    handlers.on('renamed', (i) =>
      i.isModalSubmit()
        ? i.reply({
            content: `renamed to ${i.fields.getTextInputValue('name')}`,
            flags: MessageFlags.Ephemeral,
          })
        : Promise.resolve(),
    );
    const alice = fake.user('alice');
    const opened = fake.runSlashCommand({ user: alice, name: 'rename' });
    expect(await opened.modal()).toMatchObject({ custom_id: 'renamed:layer', title: 'Rename layer' });
    expect(() => fake.submitModal({ user: alice, modalOf: opened, values: {} })).toThrow(/required/);
    const submitted = await fake
      .submitModal({ user: alice, modalOf: opened, values: { name: 'Moods' } })
      .settled();
    expect(submitted).toMatchObject({ content: 'renamed to Moods', ephemeral: true });
    expect(handlers.errors).toEqual([]);
    fake.assertNoViolations();
  });
});
