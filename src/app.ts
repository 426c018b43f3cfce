import 'reflect-metadata';
import { startBot, type RunningBot } from './bot/client.js';
import type { Config } from './config.js';
import { embeddedDirectoryOf, isDatabaseHealthy, openDatabase, type Database } from './db/database.js';
import { loadOrCreateEmbeddedKey } from './db/embedded-key-file.js';
import { createLogger, type Logger } from './logger.js';
import { createWebApp } from './web/app.js';
import { startHttpServer, type RunningHttpServer } from './web/http-server.js';

const SHUTDOWN_DEADLINE_MS = 10_000;

const encryptionKeys = (config: Config) =>
  config.tokenEncryptionKeys.length > 0
    ? config.tokenEncryptionKeys
    : [loadOrCreateEmbeddedKey(config.dataDir)];

/** The composition root: builds every adapter and service from the configuration and starts each role. */
export const startMotherlist = async (config: Config): Promise<void> => {
  const logger: Logger = createLogger(config.logLevel);
  const keys = encryptionKeys(config);
  const database: Database = await openDatabase({
    databaseUrl: config.databaseUrl,
    embeddedDirectory: embeddedDirectoryOf(config.dataDir),
  });
  logger.info({ database: database.kind, keyId: keys[0]?.id }, 'database ready');

  const resources: { http?: RunningHttpServer; bot?: RunningBot } = {};
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
    await resources.bot
      ?.stop()
      .catch((error: unknown) => logger.warn({ err: error }, 'closing the gateway failed'));
    await resources.http?.close(SHUTDOWN_DEADLINE_MS / 2);
    await database.close();
    logger.info('stopped');
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));

  const app = createWebApp({ checkHealth: () => isDatabaseHealthy(database.dataSource) });
  resources.http = await startHttpServer(app, config.httpPort);
  logger.info({ port: resources.http.port, publicUrl: config.publicUrl }, 'web server listening');

  resources.bot = await startBot({ token: config.discord.token, apiUrl: config.discord.apiUrl, logger });
};
