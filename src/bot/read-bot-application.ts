import {
  DiscordAPIError,
  REST,
  Routes,
  type RESTGetAPICurrentUserResult,
  type RESTGetCurrentApplicationResult,
} from 'discord.js';

export interface BotApplication {
  id: string;
  name: string;
  botName: string;
  /** Discord then refuses a plain invite link (the bot needs the OAuth2 code grant). */
  requiresCodeGrant: boolean;
}

export type BotApplicationAnswer =
  | { ok: true; application: BotApplication }
  | { ok: false; problem: 'not-a-bot-token' | 'wrong-token' }
  | { ok: false; problem: 'unreachable'; detail: string };

/** A bot token is three dot-separated parts; an OAuth2 client secret (a common mix-up) is one. */
const BOT_TOKEN_SHAPE = /^[\w-]+\.[\w-]+\.[\w-]+$/;

/** Reads the bot user and the application a token belongs to: Discord's own check of the token. */
export const readBotApplication = async (options: {
  token: string;
  apiUrl: string;
}): Promise<BotApplicationAnswer> => {
  if (!BOT_TOKEN_SHAPE.test(options.token)) return { ok: false, problem: 'not-a-bot-token' };
  const rest = new REST({ api: options.apiUrl, retries: 1, timeout: 15_000 }).setToken(options.token);
  try {
    const bot = (await rest.get(Routes.user())) as RESTGetAPICurrentUserResult;
    const application = (await rest.get(Routes.currentApplication())) as RESTGetCurrentApplicationResult;
    return {
      ok: true,
      application: {
        id: application.id,
        name: application.name,
        botName: bot.username,
        requiresCodeGrant: application.bot_require_code_grant,
      },
    };
  } catch (error) {
    if (error instanceof DiscordAPIError && error.status === 401)
      return { ok: false, problem: 'wrong-token' };
    return {
      ok: false,
      problem: 'unreachable',
      detail: error instanceof Error ? error.message : String(error),
    };
  }
};
