import { createLogger } from '../../src/logger.js';

/** The app's logger at debug, keeping each line as an object. */
export const capturingLogger = () => {
  const lines: { level: number; msg: string; [key: string]: unknown }[] = [];
  const logger = createLogger('debug', { write: (line: string) => lines.push(JSON.parse(line)) });
  return { logger, lines };
};
