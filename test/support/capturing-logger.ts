import { pino } from 'pino';

/** A pino logger at debug that keeps each line as an object. */
export const capturingLogger = () => {
  const lines: { level: number; msg: string; [key: string]: unknown }[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  return { logger, lines };
};
