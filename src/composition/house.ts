import 'reflect-metadata';
import { startMotherlistBot, createDiscordSide, type MotherlistBot } from '../bot/start-bot.js';
import { DiscordTrainingAnnouncer } from '../bot/training-announcer.js';
import type { Config } from '../config.js';
import { embeddedDirectoryOf, isDatabaseHealthy, openDatabase } from '../db/database.js';
import { loadOrCreateEmbeddedKey } from '../db/embedded-key-file.js';
import { createJobQueue, type RunningJobs } from '../jobs/start-jobs.js';
import type { Logger } from '../logger.js';
import { ModelPool } from '../ml/model-pool.js';
import { LinkAccountService } from '../services/account/link-account.service.js';
import { registerEmojiFont } from '../bot/summary-chart.js';
import { TrainingRequests } from '../services/model/training-requests.service.js';
import { createWebApp } from '../web/app.js';
import { startHttpServer, type RunningHttpServer } from '../web/http-server.js';
import { createLinkRouter } from '../web/link.routes.js';
import { createBotPorts } from './bot-ports.js';
import { createBotServices } from './bot-services.js';
import { createEnrichmentWork, enrichingSync } from './enrichment.js';
import { createMetrics, measureThreads, metricsRouters } from './metrics.js';
import { createRepositories } from './repositories.js';
import { createSortingJobs } from './sorting-jobs.js';
import { createRunCharts } from './sorting.js';
import { createSpotifySide, spotifyOptionsOf } from './spotify-side.js';

/** What a process runs: the job queues, the web server (OAuth pages, health), the Discord gateway. */
export type Role = 'jobs' | 'web' | 'bot';

const SHUTDOWN_DEADLINE_MS = 10_000;

const encryptionKeysOf = (config: Config) =>
  config.tokenEncryptionKeys.length > 0
    ? config.tokenEncryptionKeys
    : [loadOrCreateEmbeddedKey(config.dataDir)];

/**
 * The composition root: builds every adapter and service of one process from the configuration,
 * then starts the roles it is asked for. Everything that sends jobs or DMs is built on the job
 * queue and the Discord client before either is started; pg-boss starts with the jobs role, the
 * gateway with the bot role.
 */
export const startHouse = async (config: Config, logger: Logger, roles: readonly Role[]): Promise<void> => {
  registerEmojiFont(config.chartEmojiFont, logger);
  const keys = encryptionKeysOf(config);
  const pool = new ModelPool({ threads: config.mlThreads, backend: config.tfjsBackend });
  logger.info({ backend: await pool.ready(), threads: config.mlThreads }, 'model threads ready');
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    embeddedDirectory: embeddedDirectoryOf(config.dataDir),
    logger,
  });
  logger.info({ database: database.kind, keyId: keys[0]?.id }, 'database ready');

  const metrics = createMetrics(config);
  measureThreads(metrics, pool, database);
  const repositories = createRepositories(database);
  const spotify = createSpotifySide({ ...spotifyOptionsOf(config, keys), metrics }, repositories);
  const queue = createJobQueue({
    databaseUrl: database.url,
    logger,
    heartbeatSeconds: config.jobHeartbeatSeconds,
    pollMs: config.jobPollMs,
    metrics,
  });
  const charts = createRunCharts(repositories);
  const enrichment = createEnrichmentWork(config, repositories, logger);
  const discord = createDiscordSide({
    token: config.discord.token,
    apiUrl: config.discord.apiUrl,
    logger,
    dmStatus: repositories.users,
    charts,
    metrics,
  });
  const sorting = createSortingJobs({
    database,
    logger,
    writer: spotify.writer,
    library: enrichingSync(spotify.library, queue, logger),
    notifier: discord.notifier,
    modelWork: pool,
    syncIntervalMinutes: config.syncIntervalMinutes,
    spotifyDailyBudget: config.spotifyDailyBudget,
    enrichment: true,
    repositories,
    queue,
    charts,
    enrich: enrichment,
    metrics,
  });
  const trainings = new TrainingRequests({
    queue,
    trainer: sorting.services.models,
    layers: repositories.layers,
    announcer: new DiscordTrainingAnnouncer(discord.client, logger),
    cipher: spotify.cipher,
  });
  const link = new LinkAccountService({
    states: repositories.states,
    accounts: spotify.accounts,
    cipher: spotify.cipher,
    spotify: spotify.authorization,
    publicUrl: config.publicUrl,
    onLinked: async (discordUserId, displayName) => {
      await discord.notifier.sendDm(discordUserId, {
        kind: 'text',
        text: `Linked as ${displayName} on Spotify.`,
      });
      // Read the new library right away, so that /layer create finds the user's playlists.
      await queue.queueSync(discordUserId);
    },
    logger,
  });
  const bot = createBotServices(
    repositories,
    createBotPorts({
      link,
      spotify: spotify.sessions,
      playlistReader: spotify.writer,
      sorting: sorting.services,
      trainings,
    }),
    {
      defaultSyncIntervalMinutes: config.syncIntervalMinutes,
      spotifyBudget: spotify.budget,
      enrichment: enrichment.health,
      modelBackend: () => pool.backend(),
    },
  );

  const running: { jobs?: RunningJobs; http?: RunningHttpServer; bot?: MotherlistBot } = {};
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
    // First, so that the jobs applying a run end at its next step instead of holding the stop up:
    // their runs are finished at the next start, the stop not counted as an apply cut short.
    await attempt('stopping the sort runs', sorting.services.sortRuns.stop(SHUTDOWN_DEADLINE_MS / 4));
    await attempt('closing the gateway', running.bot?.stop() ?? discord.client.destroy());
    await attempt('stopping the jobs', running.jobs?.stop());
    await attempt('releasing the run locks', sorting.services.close());
    await attempt('stopping the model threads', pool.close());
    await attempt('closing the web server', running.http?.close(SHUTDOWN_DEADLINE_MS / 3));
    await database.close();
    logger.info('stopped');
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));

  // The jobs first: the link page and the bot send to the queue.
  if (roles.includes('jobs')) running.jobs = await sorting.start({ trainings });
  // A worker serves only /healthz and /metrics, and only when metrics are on (README: Metrics).
  if (roles.includes('web') || metrics) {
    const app = createWebApp({
      checkHealth: () => isDatabaseHealthy(database.dataSource),
      routers: [
        ...(roles.includes('web') ? [createLinkRouter({ linkAccount: link, logger })] : []),
        ...metricsRouters(config, metrics),
      ],
      logger,
    });
    running.http = await startHttpServer(app, config.httpPort);
    logger.info({ port: running.http.port, publicUrl: config.publicUrl }, 'web server listening');
  }
  if (roles.includes('bot')) {
    running.bot = await startMotherlistBot({
      token: config.discord.token,
      apiUrl: config.discord.apiUrl,
      logger,
      services: bot.services,
      dmStatus: repositories.users,
      discord,
      metrics,
    });
  }
};
