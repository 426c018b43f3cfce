import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { FakeContext } from './context.js';
import { DiscordHttpError, discordErrors, invalidFormBody } from './errors.js';
import type { InjectedRateLimits } from './rate-limits.js';
import type { RequestLog } from './request-log.js';
import { matchRoute, type Route, type RouteRequest, type RouteResponse } from './route.js';
import { sharedSpecValidator } from './spec-validator.js';
import { checkWellFormedText } from './well-formed-text.js';
import { parseMultipart, type ParsedBody, type UploadedFile } from './uploads.js';

const API_PREFIX = ['api', 'v10'];
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/** Turns HTTP requests into route calls: decoding, auth, limits, spec validation, recording. */
export function createRestHandler(
  context: FakeContext,
  routes: readonly Route[],
  log: RequestLog,
  rateLimits: InjectedRateLimits,
) {
  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const arrival = { clock: context.clock.now(), real: performance.now() };
    const method = request.method ?? 'GET';
    const url = new URL(request.url ?? '/', 'http://fake.invalid');
    // discord-api-types percent-encodes route arguments such as '@original'; Discord decodes them.
    const allSegments = url.pathname
      .split('/')
      .filter((s) => s !== '')
      .map((s) => decodeURIComponent(s));
    const hasPrefix = API_PREFIX.every((part, index) => allSegments[index] === part);
    const segments = hasPrefix ? allSegments.slice(API_PREFIX.length) : allSegments;
    const path = '/' + segments.join('/');
    let body: unknown;
    let files: readonly UploadedFile[] = [];
    let params: Record<string, string> = {};
    let matched: Route | null = null;
    let answer: RouteResponse;
    try {
      ({ body, files } = await readBody(request));
      const match = hasPrefix ? matchRoute(routes, method, segments) : null;
      if (match === null) {
        throw discordErrors
          .unknownRoute()
          .asViolation('unknown-route', `the fake has no route for ${method} ${url.pathname}`);
      }
      matched = match.route;
      params = match.params;
      if (matched.auth && request.headers.authorization !== `Bot ${context.token}`) {
        throw discordErrors
          .unauthorized()
          .asViolation('auth', 'missing or wrong "Authorization: Bot <token>" header');
      }
      if (files.length > 0 && matched.uploads !== true) {
        throw invalidFormBody(
          [
            {
              path: ['files'],
              code: 'FILES_NOT_ALLOWED',
              message: `${matched.pattern} takes no file uploads`,
            },
          ],
          'spec',
        );
      }
      const routeRequest = { context, arrival, params, query: url.searchParams, body, files };
      const limited = rateLimits.take(method, matched.pattern, Date.now());
      if (limited !== null) {
        answer = limited;
      } else {
        if (BODY_METHODS.has(method)) checkBody(matched, method, routeRequest);
        answer = await matched.handle(routeRequest);
      }
    } catch (error) {
      answer = errorAnswer(error, method, path, body, log);
    }
    log.record({
      method,
      path,
      route: matched?.pattern ?? null,
      params,
      query: Object.fromEntries(url.searchParams),
      body,
      files: files.map((f) => ({
        field: f.field,
        filename: f.filename,
        contentType: f.contentType,
        size: f.data.length,
      })),
      status: answer.status,
      response: answer.body,
      at: arrival.clock,
    });
    send(response, answer);
    context.changes.notify();
  };
}

function checkBody(route: Route, method: string, request: RouteRequest): void {
  const textErrors = checkWellFormedText(request.body);
  if (textErrors.length > 0) throw invalidFormBody(textErrors, 'spec');
  const limitErrors = route.limits?.(request) ?? [];
  if (limitErrors.length > 0) throw invalidFormBody(limitErrors, 'limit');
  if (route.specPath === undefined) return;
  const specErrors = sharedSpecValidator().validate(route.specPath, method, request.body);
  if (specErrors.length > 0) {
    throw invalidFormBody(
      specErrors.map((e) => ({
        path: e.instancePath.split('/').filter((p) => p !== ''),
        code: 'SPEC_VIOLATION',
        message: e.message,
      })),
      'spec',
    );
  }
}

function errorAnswer(
  error: unknown,
  method: string,
  path: string,
  body: unknown,
  log: RequestLog,
): RouteResponse {
  if (error instanceof DiscordHttpError) {
    if (error.violation !== null) {
      log.recordViolation({
        kind: error.violation.kind,
        method,
        path,
        status: error.status,
        code: error.code,
        detail: error.violation.detail,
        body,
      });
    }
    return { status: error.status, body: error.toBody() };
  }
  // A 5xx would make @discordjs/rest retry three times; a 4xx fails the bot's call at once.
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  console.error(`[fake-discord] the fake itself failed on ${method} ${path}:`, detail);
  log.recordViolation({ kind: 'fake-error', method, path, status: 400, code: 0, detail, body });
  return { status: 400, body: { message: `Fake Discord failed: ${String(error)}`, code: 0 } };
}

async function readBody(request: IncomingMessage): Promise<ParsedBody> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  if (chunks.length === 0) return { body: undefined, files: [] };
  const raw = Buffer.concat(chunks);
  const contentType = request.headers['content-type'] ?? '';
  // payload_json is validated against the spec like a JSON body; the files are stored on the message.
  if (contentType.startsWith('multipart/form-data')) return parseMultipart(raw, contentType);
  const text = raw.toString('utf8');
  if (text === '') return { body: undefined, files: [] };
  try {
    return { body: JSON.parse(text) as unknown, files: [] };
  } catch {
    throw new DiscordHttpError(400, 50109, 'The request body contains invalid JSON.');
  }
}

function send(response: ServerResponse, answer: RouteResponse): void {
  if (answer.status === 204 || answer.body === undefined) {
    response.writeHead(answer.status === 200 ? 204 : answer.status, answer.headers);
    response.end();
    return;
  }
  const text = JSON.stringify(answer.body);
  response.writeHead(answer.status, {
    ...answer.headers,
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}
