import { Client, GatewayIntentBits, Partials, type ClientOptions } from 'discord.js';

export class BotLoginError extends Error {
  override name = 'BotLoginError';
}

/**
 * Layer, sublist and track names are user text that ends up in public messages: nothing in a
 * message pings anyone unless the message names who it may mention.
 */
export const NO_MENTIONS = { parse: [], repliedUser: false } satisfies ClientOptions['allowedMentions'];

/** The bot's client: slash commands and DMs only, REST base from DISCORD_API_URL (a local fake in tests). */
export const createBotClient = (apiUrl: string): Client =>
  new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.DirectMessages],
    partials: [Partials.Channel],
    allowedMentions: NO_MENTIONS,
    rest: { api: apiUrl },
  });
