/**
 * `npm run worker`: a process that only works the job queues (sync, training, sort runs,
 * enrichment) on the shared PostgreSQL; start as many as needed. It sends DMs over Discord's
 * REST API without a gateway connection. (With the embedded database only one process can run:
 * use the main one.)
 */
import 'reflect-metadata';
import { encryptionKeysOf } from '../app.js';
import { createRestNotifier } from '../bot/rest-notifier.js';
import { loadConfig, readEnvFile } from '../config.js';
import { embeddedDirectoryOf, openDatabase } from '../db/database.js';
import { UserRepository } from '../db/repositories/user.repository.js';
import { EnrichingLibrary } from '../enrichment-side.js';
import { createLogger } from '../logger.js';
import { ModelPool } from '../ml/model-pool.js';
import { registerEmojiFont } from '../services/summary-chart.js';
import { createSpotifySide } from '../spotify-side.js';
import { startSortingJobs } from './start-sorting-jobs.js';

readEnvFile();
const config = loadConfig();
const logger = createLogger(config.logLevel).child({ role: 'worker' });
registerEmojiFont(config.chartEmojiFont, logger);
const database = await openDatabase({
  databaseUrl: config.databaseUrl,
  embeddedDirectory: embeddedDirectoryOf(config.dataDir),
  logger,
});
const pool = new ModelPool({ threads: config.mlThreads, backend: config.tfjsBackend });
logger.info(
  { database: database.kind, backend: await pool.ready(), threads: config.mlThreads },
  'worker starting',
);

const spotify = createSpotifySide(config, database, encryptionKeysOf(config));
const library = new EnrichingLibrary(spotify.library, logger);
// The chart service is built with the jobs below, after the notifier that attaches its charts.
const started: { jobs?: Awaited<ReturnType<typeof startSortingJobs>> } = {};
const discord = createRestNotifier({
  token: config.discord.token,
  apiUrl: config.discord.apiUrl,
  dmStatus: new UserRepository(database.dataSource),
  logger,
  charts: {
    chartOf: (userId, runId) => {
      if (!started.jobs) throw new Error('the sorting jobs are not started yet');
      return started.jobs.services.charts.chartOf(userId, runId);
    },
  },
});

const running = await startSortingJobs({
  database,
  logger,
  writer: spotify.writer,
  library,
  notifier: discord.notifier,
  modelWork: pool,
  syncIntervalMinutes: config.syncIntervalMinutes,
  spotifyDailyBudget: config.spotifyDailyBudget,
  enrichment: true,
});
started.jobs = running;
await library.start(config, database, running.jobs.boss);
logger.info('worker ready');

let stopping = false;
const stop = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'worker stopping');
  await running.stop();
  await pool.close();
  await discord.close();
  await database.close();
  process.exit(0);
};
process.once('SIGTERM', () => void stop('SIGTERM'));
process.once('SIGINT', () => void stop('SIGINT'));
