import { randomBytes } from 'node:crypto';
import { loadConfig, readEnvFile } from './config.js';
import { createLogger } from './logger.js';

/** Errors whose message is the whole story for the person starting the process: no stack. */
const isStartupProblem = (error: unknown): error is Error =>
  error instanceof Error &&
  ['ConfigError', 'DatabaseUnreachableError', 'EmbeddedDatabaseError', 'BotLoginError'].includes(error.name);

/**
 * An error that escapes every handler (a throw inside discord.js's gateway handling, a promise
 * nobody awaited) leaves the process in a state nobody planned for: it is logged with a reference
 * and the process exits non-zero, so that the supervisor (compose's `restart: unless-stopped`)
 * starts a fresh one. A restart loses nothing: sort and undo runs are journaled and resume at
 * start, label sessions and owed DMs live in the database.
 */
const exitOnEscapedErrors = (logLevel: string): void => {
  const logger = createLogger(logLevel);
  const exit = (kind: string) => (error: unknown) => {
    const referenceId = randomBytes(4).toString('hex');
    logger.fatal({ err: error, referenceId }, `${kind}; exiting so that the supervisor restarts Motherlist`);
    process.exit(1);
  };
  process.on('uncaughtException', exit('uncaught exception'));
  process.on('unhandledRejection', exit('unhandled rejection'));
};

const run = async (): Promise<void> => {
  readEnvFile();
  const config = loadConfig();
  exitOnEscapedErrors(config.logLevel);
  // Loaded only once the configuration is valid, so that a bad one is reported at once.
  const { startMotherlist } = await import('./app.js');
  await startMotherlist(config);
};

run().catch((error: unknown) => {
  if (isStartupProblem(error)) {
    console.error(error.message);
  } else {
    console.error('Motherlist failed to start:', error);
  }
  process.exit(1);
});
