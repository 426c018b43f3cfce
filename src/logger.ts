import { pino, type DestinationStream, type Logger } from 'pino';
import { withoutSecrets } from './redaction.js';

export type { Logger };

/**
 * Logs are shipped to others, so a token in a log is a leaked credential. Whatever logs it (an
 * error's message, stack, causes, URL or request body, a field, the message, a child's bindings),
 * each line is scrubbed whole as it is written.
 */
export const createLogger = (level: string, destination?: DestinationStream): Logger =>
  pino(
    {
      level,
      base: { app: 'motherlist' },
      timestamp: pino.stdTimeFunctions.isoTime,
      hooks: { streamWrite: withoutSecrets },
    },
    destination,
  );
