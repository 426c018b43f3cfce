/**
 * What kind of bot mistake a rejected request reveals. Violations are collected by the fake so
 * that a test can assert there were none; plain 4xx answers (closed DMs, unknown message)
 * are normal Discord behaviour the bot must handle and are not violations.
 */
export type ViolationKind = 'spec' | 'limit' | 'interaction' | 'unknown-route' | 'auth' | 'fake-error';

/** An error answer the fake gives, in Discord's shape: `{ message, code, errors? }`. */
export class DiscordHttpError extends Error {
  violation: { kind: ViolationKind; detail: string } | null = null;

  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    readonly errors?: Record<string, unknown>,
  ) {
    super(message);
  }

  /** Marks this answer as a bot mistake to be reported in `fake.violations`. */
  asViolation(kind: ViolationKind, detail: string): this {
    this.violation = { kind, detail };
    return this;
  }

  toBody(): Record<string, unknown> {
    return this.errors === undefined
      ? { message: this.message, code: this.code }
      : { message: this.message, code: this.code, errors: this.errors };
  }
}

/** One problem inside a request body, located by its path (e.g. `['data', 'components', 0]`). */
export interface FieldError {
  path: (string | number)[];
  code: string;
  message: string;
}

/** Builds Discord's nested `errors` object: `{ data: { components: { 0: { _errors: [...] } } } }`. */
export function nestFieldErrors(fieldErrors: FieldError[]): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const { path, code, message } of fieldErrors) {
    let node = root;
    for (const key of path) {
      const name = String(key);
      const child = node[name];
      if (typeof child === 'object' && child !== null) {
        node = child as Record<string, unknown>;
      } else {
        const created: Record<string, unknown> = {};
        node[name] = created;
        node = created;
      }
    }
    const list = (node['_errors'] as { code: string; message: string }[] | undefined) ?? [];
    list.push({ code, message });
    node['_errors'] = list;
  }
  return root;
}

export function invalidFormBody(fieldErrors: FieldError[], kind: ViolationKind = 'limit'): DiscordHttpError {
  const detail = fieldErrors.map((e) => `${e.path.join('.') || '(body)'}: ${e.message}`).join('; ');
  return new DiscordHttpError(400, 50035, 'Invalid Form Body', nestFieldErrors(fieldErrors)).asViolation(
    kind,
    detail,
  );
}

/** Throws 50035 when the list is not empty. */
export function assertNoFieldErrors(fieldErrors: FieldError[]): void {
  if (fieldErrors.length > 0) throw invalidFormBody(fieldErrors);
}

export const discordErrors = {
  unknownRoute: () => new DiscordHttpError(404, 0, '404: Not Found'),
  unauthorized: () => new DiscordHttpError(401, 0, '401: Unauthorized'),
  unknownChannel: () => new DiscordHttpError(404, 10003, 'Unknown Channel'),
  unknownMessage: () => new DiscordHttpError(404, 10008, 'Unknown Message'),
  unknownUser: () => new DiscordHttpError(404, 10013, 'Unknown User'),
  unknownWebhook: () => new DiscordHttpError(404, 10015, 'Unknown Webhook'),
  unknownApplicationCommand: () => new DiscordHttpError(404, 10063, 'Unknown application command'),
  unknownInteraction: () => new DiscordHttpError(404, 10062, 'Unknown interaction'),
  alreadyAcknowledged: () => new DiscordHttpError(400, 40060, 'Interaction has already been acknowledged.'),
  emptyMessage: () => new DiscordHttpError(400, 50006, 'Cannot send an empty message'),
  cannotMessageUser: () => new DiscordHttpError(403, 50007, 'Cannot send messages to this user'),
  invalidWebhookToken: () => new DiscordHttpError(401, 50027, 'Invalid Webhook Token'),
  unknownGuild: () => new DiscordHttpError(404, 10004, 'Unknown Guild'),
  unknownMember: () => new DiscordHttpError(404, 10007, 'Unknown Member'),
};
