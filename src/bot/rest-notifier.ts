import { Client } from 'discord.js';
import type { UserRepository } from '../db/repositories/user.repository.js';
import type { Logger } from '../logger.js';
import type { RunChartRenderer } from '../services/run-chart.service.js';
import { NO_MENTIONS } from './client.js';
import { DiscordNotifier } from './discord-notifier.js';

export interface RestNotifier {
  notifier: DiscordNotifier;
  close(): Promise<void>;
}

/** DMs for processes without a gateway connection (job workers): REST only, same notifier. */
export const createRestNotifier = (options: {
  token: string;
  apiUrl: string;
  dmStatus: UserRepository;
  logger: Logger;
  /** Attach each sync run's chart to its DM (optional). */
  charts?: RunChartRenderer;
}): RestNotifier => {
  const client = new Client({ intents: [], allowedMentions: NO_MENTIONS, rest: { api: options.apiUrl } });
  client.rest.setToken(options.token);
  return {
    notifier: new DiscordNotifier(client, options.dmStatus, options.logger, undefined, options.charts),
    close: () => client.destroy(),
  };
};
