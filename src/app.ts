import 'reflect-metadata';
import { createBotPorts } from './bot/create-bot-ports.js';
import { createBotServices } from './bot/create-bot-services.js';
import { startMotherlistBot, type MotherlistBot } from './bot/start-bot.js';
import type { Config } from './config.js';
import { embeddedDirectoryOf, isDatabaseHealthy, openDatabase, type Database } from './db/database.js';
import { loadOrCreateEmbeddedKey } from './db/embedded-key-file.js';
import { OAuthStateRepository } from './db/repositories/oauth-state.repository.js';
import { startSortingJobs, type RunningSortingJobs } from './jobs/start-sorting-jobs.js';
import { createLogger, type Logger } from './logger.js';
import { registerEmojiFont } from './services/summary-chart.js';
import { ModelPool } from './ml/model-pool.js';
import { LinkAccountService } from './services/link-account.service.js';
import type { DmMessage, Notifier } from './services/notifier.js';
import { EnrichingLibrary } from './enrichment-side.js';
import { createSpotifySide } from './spotify-side.js';
import { createWebApp } from './web/app.js';
import { startHttpServer, type RunningHttpServer } from './web/http-server.js';
import { createLinkRouter } from './web/link.routes.js';

const SHUTDOWN_DEADLINE_MS = 10_000;

export const encryptionKeysOf = (config: Config) =>
  config.tokenEncryptionKeys.length > 0
    ? config.tokenEncryptionKeys
    : [loadOrCreateEmbeddedKey(config.dataDir)];

/**
 * The bot's DMs for services built before the bot logs in (the sync job, the link callback):
 * they go through the bot once it is connected.
 */
class LateNotifier implements Notifier {
  target: Notifier | undefined;
  async sendDm(userId: string, message: DmMessage) {
    if (!this.target) return { delivered: false as const, reason: 'failed' as const };
    return this.target.sendDm(userId, message);
  }
}

/** The composition root: builds every adapter and service from the configuration and starts each role. */
export const startMotherlist = async (config: Config): Promise<void> => {
  const logger: Logger = createLogger(config.logLevel);
  registerEmojiFont(config.chartEmojiFont, logger);
  const keys = encryptionKeysOf(config);
  const pool = new ModelPool({ threads: config.mlThreads, backend: config.tfjsBackend });
  logger.info({ backend: await pool.ready(), threads: config.mlThreads }, 'model threads ready');
  const database: Database = await openDatabase({
    databaseUrl: config.databaseUrl,
    embeddedDirectory: embeddedDirectoryOf(config.dataDir),
    logger,
  });
  logger.info({ database: database.kind, keyId: keys[0]?.id }, 'database ready');

  const resources: { http?: RunningHttpServer; bot?: MotherlistBot; jobs?: RunningSortingJobs } = {};
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const deadline = setTimeout(() => {
      logger.error('shutdown took longer than 10 s; exiting');
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS);
    deadline.unref();
    const attempt = (what: string, step: Promise<unknown> | undefined) =>
      step?.catch((error: unknown) => logger.warn({ err: error }, `${what} failed`));
    await attempt('closing the gateway', resources.bot?.stop());
    await attempt('stopping the jobs', resources.jobs?.stop());
    await attempt('stopping the model threads', pool.close());
    await attempt('closing the web server', resources.http?.close(SHUTDOWN_DEADLINE_MS / 3));
    await database.close();
    logger.info('stopped');
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));

  const spotify = createSpotifySide(config, database, keys);
  const notifier = new LateNotifier();
  const link = new LinkAccountService({
    states: new OAuthStateRepository(database.dataSource),
    accounts: spotify.accounts,
    cipher: spotify.cipher,
    oauth: spotify.oauth,
    sessions: spotify.sessions,
    publicUrl: config.publicUrl,
    onLinked: async (discordUserId, displayName) => {
      await notifier.sendDm(discordUserId, { kind: 'text', text: `Linked as ${displayName} on Spotify.` });
      // Read the new library right away, so that /layer create finds the user's playlists.
      await resources.jobs?.jobs.queueSync(discordUserId);
    },
    logger,
  });

  const app = createWebApp({
    checkHealth: () => isDatabaseHealthy(database.dataSource),
    routers: [createLinkRouter({ linkAccount: link, logger })],
    logger,
  });
  resources.http = await startHttpServer(app, config.httpPort);
  logger.info({ port: resources.http.port, publicUrl: config.publicUrl }, 'web server listening');

  const library = new EnrichingLibrary(spotify.library, logger);
  resources.jobs = await startSortingJobs({
    database,
    logger,
    writer: spotify.writer,
    library,
    notifier,
    modelWork: pool,
    syncIntervalMinutes: config.syncIntervalMinutes,
    spotifyDailyBudget: config.spotifyDailyBudget,
    enrichment: true,
  });
  await library.start(config, database, resources.jobs.jobs.boss);

  const ports = createBotPorts({
    database,
    link,
    spotify: spotify.sessions,
    playlistReader: spotify.writer,
    sorting: resources.jobs.services,
    corrections: resources.jobs.keepSorted,
  });
  const bot = createBotServices(database, ports, {
    defaultSyncIntervalMinutes: config.syncIntervalMinutes,
    spotifyBudget: spotify.budget,
    modelBackend: () => pool.backend(),
  });
  resources.bot = await startMotherlistBot({
    token: config.discord.token,
    apiUrl: config.discord.apiUrl,
    logger,
    services: bot.services,
    dmStatus: bot.dmStatus,
  });
  notifier.target = resources.bot.notifier;
};
