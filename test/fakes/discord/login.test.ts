import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  Events,
  MessageFlags,
  Routes,
  type Client,
} from 'discord.js';
import { GatewayOpcodes } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, startFakeDiscord, type FakeDiscord } from './index.js';
import { TestHandlers } from './test-handlers.js';

describe('fake Discord: gateway and REST plumbing', () => {
  let fake: FakeDiscord;
  let client: Client<true>;
  let handlers: TestHandlers;

  beforeAll(async () => {
    fake = await startFakeDiscord();
    client = await connectClient(fake);
    handlers = new TestHandlers(client);
    handlers.on('ping', (i) => (i.isChatInputCommand() ? i.reply('pong') : Promise.resolve()));
    await client.application.commands.set([{ name: 'ping', description: 'pong' }]);
  });

  afterAll(async () => {
    await client?.destroy();
    await fake?.close();
  });

  it('brings a real discord.js client to ready with the bot user, application and guild', () => {
    expect(client.user.id).toBe(fake.bot.id);
    expect(client.application.id).toBe(fake.applicationId);
    const guild = client.guilds.cache.get(fake.guild.id);
    expect(guild?.available).toBe(true);
    expect(guild?.channels.cache.get(fake.channel.id)?.name).toBe('labeling');
    expect(guild?.members.cache.has(fake.user('alice').id)).toBe(true);
    expect(fake.requestsTo('GET', '/gateway/bot')).toHaveLength(1);
    expect(fake.gateway.received.some((p) => p.op === GatewayOpcodes.Identify)).toBe(true);
    fake.assertNoViolations();
  });

  it('refuses REST calls without the bot token', async () => {
    const response = await fetch(`${fake.apiUrl}/v10/users/@me`);
    expect(response.status).toBe(401);
    expect(fake.takeViolations()).toMatchObject([{ kind: 'auth' }]);
  });

  it('resumes the session after the gateway asks the client to reconnect', async () => {
    const resumed = new Promise<void>((resolve) => client.once(Events.ShardResume, () => resolve()));
    fake.gateway.requestReconnect();
    await resumed;
    expect(fake.gateway.received.some((p) => p.op === GatewayOpcodes.Resume)).toBe(true);
    const reply = await fake.runSlashCommand({ user: fake.user('bob'), name: 'ping' }).settled();
    expect(reply?.content).toBe('pong');
    fake.assertNoViolations();
  });

  it('answers with_response=true callbacks with the created message', async () => {
    handlers.on('ping', async (i) => {
      if (!i.isChatInputCommand()) return;
      const response = await i.reply({ content: 'pong', flags: MessageFlags.Ephemeral, withResponse: true });
      await i.followUp({
        content: `reply id ${response.resource?.message?.id ?? 'none'}`,
        flags: MessageFlags.Ephemeral,
      });
    });
    const handle = fake.runSlashCommand({ user: fake.user('alice'), name: 'ping' });
    const reply = await handle.settled();
    await fake.waitFor(() => handle.followups()[0]);
    expect(handle.followups()[0]?.content).toBe(`reply id ${reply?.message.id}`);
    fake.assertNoViolations();
  });

  it('sends 429s with rate-limit headers that discord.js waits out', async () => {
    const alice = fake.user('alice');
    fake.rateLimitNext({ method: 'POST', route: '/users/@me/channels', retryAfterMs: 200 });
    const started = performance.now();
    await client.users.send(alice.id, 'hello after a rate limit');
    expect(performance.now() - started).toBeGreaterThanOrEqual(150);
    expect(fake.requestsTo('POST', '/users/@me/channels').map((r) => r.status)).toEqual([429, 200]);
    expect(fake.dms(alice).map((m) => m.content)).toEqual(['hello after a rate limit']);
    fake.assertNoViolations();
  });

  it('lets a restarted bot (a new client) log in and answer a button on an old message', async () => {
    handlers.on('ping', (i) =>
      i.isChatInputCommand()
        ? i.reply({
            content: 'before restart',
            components: [
              new ActionRowBuilder<ButtonBuilder>().addComponents(
                new ButtonBuilder().setCustomId('stale:1').setLabel('Old').setStyle(ButtonStyle.Secondary),
              ),
            ],
          })
        : Promise.resolve(),
    );
    const old = await fake.runSlashCommand({ user: fake.user('alice'), name: 'ping' }).settled();
    if (old === null) throw new Error('no reply');
    await client.destroy();
    client = await connectClient(fake);
    handlers = new TestHandlers(client);
    handlers.on('stale', (i) =>
      i.isButton() ? i.update({ content: 'handled after restart', components: [] }) : Promise.resolve(),
    );
    await fake.pressButton({ user: fake.user('alice'), message: old.message, label: 'Old' }).settled();
    expect(fake.message(old.message.id).content).toBe('handled after restart');
    expect(fake.requestsTo('GET', '/gateway/bot')).toHaveLength(2);
    expect(() =>
      fake.pressButton({ user: fake.user('bob'), message: old.message, label: 'Missing' }),
    ).toThrow(/labels/);
    fake.assertNoViolations();
  });

  it('serves channel and user lookups', async () => {
    const channel = await client.channels.fetch(fake.channel.id, { force: true });
    expect(channel?.id).toBe(fake.channel.id);
    const user = await client.users.fetch(fake.user('bob').id, { force: true });
    expect(user.username).toBe('bob');
    const raw = (await client.rest.get(Routes.channelMessages(fake.channel.id))) as unknown[];
    expect(Array.isArray(raw)).toBe(true);
    fake.assertNoViolations();
  });
});
