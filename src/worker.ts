/**
 * `npm run worker`: a process that only works the job queues (sync, training, sort runs,
 * enrichment) on the shared PostgreSQL; start as many as needed. It sends DMs over Discord's
 * REST API without a gateway connection. (With the embedded database only one process can run:
 * use the main one.)
 */
import { startHouse } from './composition/house.js';
import { loadConfig, readEnvFile } from './config.js';
import { exitOnEscapedErrors } from './exit-on-escaped-errors.js';
import { createLogger } from './logger.js';

readEnvFile();
const config = loadConfig();
exitOnEscapedErrors(config.logLevel, 'worker');
const logger = createLogger(config.logLevel).child({ role: 'worker' });
await startHouse(config, logger, ['jobs']);
logger.info('worker ready');
