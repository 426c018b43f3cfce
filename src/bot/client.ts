import { Client, GatewayIntentBits, Partials, type ClientOptions } from 'discord.js';

export class BotLoginError extends Error {
  override name = 'BotLoginError';
}

/**
 * Layer, sublist and track names are user text that ends up in public messages: nothing in a
 * message pings anyone unless the message names who it may mention.
 */
export const NO_MENTIONS = { parse: [], repliedUser: false } satisfies ClientOptions['allowedMentions'];

/**
 * The bot's client: slash commands and DMs only, REST base from DISCORD_API_URL (a local fake in
 * tests). Its REST side works at once (DMs from a job worker that never opens the gateway); the
 * gateway opens when the bot logs in.
 */
export const createBotClient = (apiUrl: string, token: string): Client => {
  const client = new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.DirectMessages],
    partials: [Partials.Channel],
    allowedMentions: NO_MENTIONS,
    rest: { api: apiUrl },
  });
  client.rest.setToken(token);
  return client;
};
