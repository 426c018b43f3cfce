import { randomBytes } from 'node:crypto';
import { createLogger } from './logger.js';

/**
 * An error that escapes every handler (a throw inside discord.js's gateway handling, a promise
 * nobody awaited) leaves the process in a state nobody planned for: it is logged with a reference
 * and the process exits non-zero, so that the supervisor (compose's `restart: unless-stopped`)
 * starts a fresh one. A restart loses nothing: sort and undo runs are journaled and resume at
 * start, label sessions and owed DMs live in the database, queued jobs live in pg-boss.
 */
export const exitOnEscapedErrors = (logLevel: string, role: string): void => {
  const logger = createLogger(logLevel).child({ role });
  const exit = (kind: string) => (error: unknown) => {
    const referenceId = randomBytes(4).toString('hex');
    logger.fatal({ err: error, referenceId }, `${kind}; exiting so that the supervisor restarts Motherlist`);
    process.exit(1);
  };
  process.on('uncaughtException', exit('uncaught exception'));
  process.on('unhandledRejection', exit('unhandled rejection'));
};
