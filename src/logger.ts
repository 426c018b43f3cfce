import { pino, type DestinationStream, type Logger } from 'pino';
import { withoutSecrets } from './redaction.js';

export type { Logger };

const isBytes = (value: unknown): value is ArrayBufferView | ArrayBuffer =>
  ArrayBuffer.isView(value) || value instanceof ArrayBuffer || value instanceof SharedArrayBuffer;

/**
 * `value` as JSON would write it, but every byte array in it (a Buffer, a Uint8Array, an
 * ArrayBuffer) replaced by its length: Discord's errors hold the request's files, a summary
 * chart's PNG among them, which JSON writes as one number a byte. What holds none is returned as
 * it is; a copy is made only along the way to one.
 */
const withoutBytes = (value: unknown, within: Set<object> = new Set()): unknown => {
  if (isBytes(value)) return `[${value.byteLength} bytes]`;
  if (typeof value !== 'object' || value === null || within.has(value)) return value;
  // A Date and the like write themselves.
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return value;
  within.add(value);
  try {
    if (Array.isArray(value)) {
      const items = value.map((item: unknown) => withoutBytes(item, within));
      return items.some((item, i) => item !== value[i]) ? items : value;
    }
    let copy: Record<string, unknown> | undefined;
    for (const [key, inner] of Object.entries(value)) {
      const replaced = withoutBytes(inner, within);
      if (replaced !== inner) (copy ??= { ...value })[key] = replaced;
    }
    return copy ?? value;
  } finally {
    within.delete(value);
  }
};

const fieldsWithoutBytes = (fields: Record<string, unknown>, except?: string): Record<string, unknown> => {
  let copy: Record<string, unknown> | undefined;
  for (const [key, value] of Object.entries(fields)) {
    if (key === except) continue;
    const replaced = withoutBytes(value);
    if (replaced !== value) (copy ??= { ...fields })[key] = replaced;
  }
  return copy ?? fields;
};

/**
 * Logs are shipped to others, so a token in a log is a leaked credential. Whatever logs it (an
 * error's message, stack, causes, URL or request body, a field, the message, a child's bindings),
 * each line is scrubbed whole as it is written. Byte arrays anywhere in a line (fields, an error's
 * fields, a child's bindings) are written as their length.
 */
export const createLogger = (level: string, destination?: DestinationStream): Logger => {
  const logger = pino(
    {
      level,
      base: { app: 'motherlist' },
      timestamp: pino.stdTimeFunctions.isoTime,
      serializers: { err: (error: unknown) => withoutBytes(pino.stdSerializers.err(error as Error)) },
      // `err` is left to its serializer, which needs the error itself (its message and stack).
      formatters: { log: (fields) => fieldsWithoutBytes(fields, 'err') },
      hooks: { streamWrite: withoutSecrets },
    },
    destination,
  );
  // A child's bindings are written once, when it is made; children inherit this `child`.
  const child = logger.child;
  logger.child = function (this: Logger, bindings, options) {
    return child.call(this, fieldsWithoutBytes(bindings), options);
  } as Logger['child'];
  return logger;
};
