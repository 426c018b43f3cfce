import { Client, Events, GatewayIntentBits, type ClientOptions } from 'discord.js';
import type { FakeDiscord } from './fake-discord.js';

/**
 * Logs a real discord.js Client in to the fake and waits until it is ready. Tests of the bot
 * itself should build the client the way src/bot does, with DISCORD_API_URL = fake.apiUrl.
 */
export async function connectClient(
  fake: FakeDiscord,
  options: Partial<ClientOptions> = {},
): Promise<Client<true>> {
  const client = new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.DirectMessages],
    ...options,
    rest: { ...options.rest, api: fake.apiUrl },
  });
  const ready = new Promise<Client<true>>((resolve) => client.once(Events.ClientReady, resolve));
  await client.login(fake.token);
  return ready;
}
