import type { Config } from './config.js';
import { startHouse } from './composition/house.js';
import { createLogger } from './logger.js';

/** The default process (`npm start`): the bot, the web pages and the job queues in one. */
export const startMotherlist = (config: Config): Promise<void> =>
  startHouse(config, createLogger(config.logLevel), ['jobs', 'web', 'bot']);
