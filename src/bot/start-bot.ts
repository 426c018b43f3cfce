import { Events, type Client } from 'discord.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../services/ports/metrics.js';
import type { Notifier } from '../services/ports/notifier.js';
import type { RunChartSource } from '../services/sorting/run-chart.service.js';
import type { UserStore } from '../services/ports/user.ports.js';
import type { BotServices } from './bot-services.js';
import { BotLoginError, createBotClient } from './client.js';
import { loadCommands } from './command-registry.js';
import { componentHandlers } from './components/index.js';
import { DiscordNotifier } from './discord-notifier.js';
import { attachInteractionRouter } from './interaction-router.js';

export interface DiscordSideOptions {
  token: string;
  /** Config.discord.apiUrl */
  apiUrl: string;
  logger: Logger;
  /** For the notifier's DM-failure record. */
  dmStatus: UserStore;
  /** Attaches each sync run's chart to its DM. */
  charts?: RunChartSource;
  /** Counts DMs and interactions (the process's Prometheus metrics). */
  metrics?: Metrics;
}

export interface DiscordSide {
  client: Client;
  /** DMs (new-songs summaries, "please link again"), over REST from the start. */
  notifier: Notifier;
}

/** The client and the notifier on it, before any login: services that DM are built on it. */
export const createDiscordSide = (options: DiscordSideOptions): DiscordSide => {
  const client = createBotClient(options.apiUrl, options.token);
  return {
    client,
    notifier: new DiscordNotifier(
      client,
      options.dmStatus,
      options.logger,
      undefined,
      options.charts,
      options.metrics,
    ),
  };
};

export interface MotherlistBotOptions extends DiscordSideOptions {
  services: BotServices;
  /** The process's client and notifier (default: built here, with the services' charts). */
  discord?: DiscordSide;
}

export interface MotherlistBot {
  client: Client<true>;
  /** DMs for the sync job (new-songs summaries, "please link again"). */
  notifier: Notifier;
  stop(): Promise<void>;
}

/** Builds the client with every command and component handler, logs in and waits until ready. */
export const startMotherlistBot = async (options: MotherlistBotOptions): Promise<MotherlistBot> => {
  const { logger } = options;
  const commands = await loadCommands();
  const { client, notifier } =
    options.discord ?? createDiscordSide({ charts: options.services.charts, ...options });
  attachInteractionRouter(client, {
    commands,
    components: componentHandlers,
    context: { services: options.services, logger },
    metrics: options.metrics,
  });
  client.on(Events.Error, (error) => logger.error({ err: error }, 'discord client error'));
  const ready = new Promise<Client<true>>((resolve) => client.once(Events.ClientReady, resolve));
  try {
    await client.login(options.token);
  } catch (error) {
    await client.destroy();
    throw new BotLoginError(
      `Discord refused the bot's login (${(error as Error).message}); check DISCORD_TOKEN.`,
    );
  }
  const readyClient = await ready;
  logger.info({ user: readyClient.user.tag, commands: commands.size }, 'connected to Discord');
  return {
    client: readyClient,
    notifier,
    stop: () => client.destroy(),
  };
};
