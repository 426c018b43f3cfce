import type { Client } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, startFakeDiscord, type FakeDiscord } from './index.js';

describe('fake Discord: login', () => {
  let fake: FakeDiscord;
  let client: Client<true>;

  beforeAll(async () => {
    fake = await startFakeDiscord();
    client = await connectClient(fake);
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
    expect(fake.requestsTo('GET', '/gateway/bot')).toHaveLength(1);
    fake.assertNoViolations();
  });
});
