import { pino } from 'pino';
import {
  createBotServices,
  type BotPorts,
  type BotServiceSet,
} from '../../../src/composition/bot-services.js';
import { createRepositories } from '../../../src/composition/repositories.js';
import { deployCommands } from '../../../src/bot/deploy-commands.js';
import { startMotherlistBot, type MotherlistBot } from '../../../src/bot/start-bot.js';
import type { Database } from '../../../src/db/database.js';
import type { Logger } from '../../../src/logger.js';
import type { Metrics } from '../../../src/services/ports/metrics.js';
import type { TrainingAnnouncer } from '../../../src/services/model/training-requests.service.js';
import { startFakeDiscord, type FakeDiscord, type FakeDiscordOptions } from '../../fakes/discord/index.js';
import { openTestDatabase } from '../test-database.js';
import { startTrainingQueue } from './training-queue.js';

export const quietLogger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

export interface BotHarness {
  fake: FakeDiscord;
  database: Database;
  bot: MotherlistBot;
  set: BotServiceSet;
  /** With `trainings`: resolves once no /train job is queued or running. */
  trainingIdle(): Promise<void>;
  /** With `trainings`: queues the layer's debounced background retraining. */
  queueRetrain(userId: string, layerId: string): Promise<void>;
  /** Stops the bot and starts a new one (new services, nothing kept in memory), as a process restart does. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

/** Fake Discord + real database + the real bot with its commands deployed globally. */
/** Logs the real bot in to the fake Discord with these services (commands deployed beforehand). */
export const startBotOn = (
  fake: Pick<FakeDiscord, 'token' | 'apiUrl'>,
  set: ReturnType<typeof createBotServices>,
  metrics?: Metrics,
  logger: Logger = quietLogger,
): Promise<MotherlistBot> =>
  startMotherlistBot({
    token: fake.token,
    apiUrl: fake.apiUrl,
    logger,
    services: set.services,
    dmStatus: set.dmStatus,
    metrics,
  });

/** Registers the slash commands on the fake Discord, then logs the bot in. */
export const deployAndStartBot = async (
  fake: Pick<FakeDiscord, 'token' | 'apiUrl'>,
  set: ReturnType<typeof createBotServices>,
): Promise<MotherlistBot> => {
  await deployCommands({ token: fake.token, apiUrl: fake.apiUrl, guildId: undefined });
  return startBotOn(fake, set);
};

export const startBotHarness = async (
  ports: BotPorts,
  options: {
    fake?: FakeDiscordOptions;
    /** /train through the real job queue on the harness's database (the announcer's clock optional). */
    trainings?: { now?: () => number; announcer?: (discord: TrainingAnnouncer) => TrainingAnnouncer };
    /** Counts the bot's interactions and DMs. */
    metrics?: Metrics;
    /** The bot's logger (default: silent). */
    logger?: Logger;
  } = {},
): Promise<BotHarness> => {
  // Generous real-time waits: CI runs the suite on two loaded cores. Discord's 3 s rule stays enforced.
  const fake = await startFakeDiscord({ waitTimeoutMs: 20_000, ...options.fake });
  const database = await openTestDatabase();
  await deployCommands({ token: fake.token, apiUrl: fake.apiUrl, guildId: undefined });
  const training = options.trainings
    ? await startTrainingQueue({
        database,
        trainer: ports.trainer,
        discord: fake,
        logger: quietLogger,
        ...(options.trainings.now ? { now: options.trainings.now } : {}),
        ...(options.trainings.announcer ? { announcer: options.trainings.announcer } : {}),
      })
    : undefined;
  const withTrainings: BotPorts = training ? { ...ports, trainings: training.trainings } : ports;
  const start = async () => {
    const set = createBotServices(createRepositories(database), withTrainings, {
      defaultSyncIntervalMinutes: 10,
    });
    return { set, bot: await startBotOn(fake, set, options.metrics, options.logger) };
  };
  let running = await start();
  const harness: BotHarness = {
    fake,
    database,
    bot: running.bot,
    set: running.set,
    trainingIdle: () => training?.idle() ?? Promise.resolve(),
    queueRetrain: (userId, layerId) =>
      training ? training.queueRetrain(userId, layerId) : Promise.reject(new Error('no job queue')),
    async restart() {
      await running.bot.stop();
      running = await start();
      harness.bot = running.bot;
      harness.set = running.set;
    },
    async close() {
      await running.bot.stop();
      await training?.stop();
      await fake.close();
      await database.close();
    },
  };
  return harness;
};
