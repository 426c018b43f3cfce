import { pino, type DestinationStream, type Logger } from 'pino';
import { withoutSecrets } from './redaction.js';

export type { Logger };

const isBytes = (value: unknown): value is ArrayBufferView | ArrayBuffer =>
  ArrayBuffer.isView(value) || value instanceof ArrayBuffer || value instanceof SharedArrayBuffer;

const sizeOf = (value: unknown): string => {
  if (isBytes(value)) return `[${value.byteLength} bytes]`;
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? '');
  return `[${Buffer.byteLength(text)} bytes]`;
};

/**
 * A request's body as its size: discord.js's REST errors carry the message the bot tried to send
 * (`requestBody: { json, files }`), which holds one person's library (songs, sublists, layers).
 * Operators read the log, not that person, so only the sizes stay.
 */
const bodySize = (body: unknown): unknown => {
  if (typeof body !== 'object' || body === null || isBytes(body))
    return body === undefined ? body : sizeOf(body);
  const { json, files } = body as { json?: unknown; files?: unknown };
  return {
    ...(json !== undefined ? { json: sizeOf(json) } : {}),
    ...(Array.isArray(files)
      ? { files: files.map((file: unknown) => sizeOf((file as { data?: unknown } | null)?.data ?? file)) }
      : {}),
  };
};

/**
 * `value` as JSON would write it, but every byte array in it (a Buffer, a Uint8Array, an
 * ArrayBuffer) replaced by its length, and every `requestBody` by its size: Discord's errors hold
 * the request's message and files, a summary chart's PNG among them, which JSON writes as one
 * number a byte. What holds none is returned as it is; a copy is made only along the way to one.
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
      const replaced = key === 'requestBody' ? bodySize(inner) : withoutBytes(inner, within);
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
 * fields, a child's bindings) are written as their length, and a REST error's request body (a
 * person's songs, sublists and layers) as its size: method, route, status, code and Discord's
 * message stay.
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
