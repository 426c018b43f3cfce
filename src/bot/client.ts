import { Client, GatewayIntentBits, Partials } from 'discord.js';

export class BotLoginError extends Error {
  override name = 'BotLoginError';
}

/** The bot's client: slash commands and DMs only, REST base from DISCORD_API_URL (a local fake in tests). */
export const createBotClient = (apiUrl: string): Client =>
  new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.DirectMessages],
    partials: [Partials.Channel],
    rest: { api: apiUrl },
  });
