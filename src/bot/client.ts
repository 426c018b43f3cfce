import { Client, GatewayIntentBits, Partials } from 'discord.js';
import type { Logger } from '../logger.js';

export class BotLoginError extends Error {
  override name = 'BotLoginError';
}

export interface BotOptions {
  token: string;
  /** REST base, e.g. https://discord.com/api or a local fake's URL. */
  apiUrl: string;
  logger: Logger;
}

export interface RunningBot {
  client: Client;
  stop(): Promise<void>;
}

export const createBotClient = (apiUrl: string): Client =>
  new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.DirectMessages],
    partials: [Partials.Channel],
    rest: { api: apiUrl },
  });

export const startBot = async ({ token, apiUrl, logger }: BotOptions): Promise<RunningBot> => {
  const client = createBotClient(apiUrl);
  client.once('clientReady', (ready) => logger.info({ user: ready.user.tag }, 'connected to Discord'));
  try {
    await client.login(token);
  } catch (error) {
    await client.destroy();
    const reason = (error as Error).message;
    throw new BotLoginError(`Discord refused the bot's login (${reason}); check DISCORD_TOKEN.`);
  }
  return { client, stop: () => client.destroy() };
};
