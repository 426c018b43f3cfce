import type { FakeContext } from './context.js';
import type { FieldError } from './errors.js';
import type { UploadedFile } from './uploads.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** When the request arrived, so the fake's own work never counts against the bot's deadlines. */
export interface ArrivalTime {
  /** On the fake's clock. */
  readonly clock: number;
  /** performance.now(), for real elapsed times. */
  readonly real: number;
}

export interface RouteRequest {
  readonly context: FakeContext;
  readonly arrival: ArrivalTime;
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly body: unknown;
  /** The `files[n]` parts of a multipart request (empty for JSON bodies). */
  readonly files: readonly UploadedFile[];
}

export interface RouteResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface Route {
  readonly method: HttpMethod;
  /** Path after `/api/v10`, with `:name` parameters, e.g. `/channels/:channelId/messages`. */
  readonly pattern: string;
  /** The same operation in the OpenAPI document, for body validation. */
  readonly specPath?: string;
  /** Interaction callbacks and interaction webhooks carry no Authorization header. */
  readonly auth: boolean;
  /** Discord's limits on the body, checked before the spec so errors name the exact rule broken. */
  readonly limits?: (request: RouteRequest) => FieldError[];
  /** The route takes file uploads (multipart `files[n]`); elsewhere they are a violation. */
  readonly uploads?: boolean;
  handle(request: RouteRequest): RouteResponse | Promise<RouteResponse>;
}

export function route(definition: Route): Route {
  return definition;
}

export const noContent = (): RouteResponse => ({ status: 204 });
export const ok = (body: unknown): RouteResponse => ({ status: 200, body });

/** Matches decoded path segments against the route table; literal segments win over parameters. */
export function matchRoute(
  routes: readonly Route[],
  method: string,
  segments: readonly string[],
): { route: Route; params: Record<string, string> } | null {
  let best: { route: Route; params: Record<string, string>; literals: number } | null = null;
  for (const candidate of routes) {
    if (candidate.method !== method) continue;
    const parts = candidate.pattern.split('/').filter((p) => p !== '');
    if (parts.length !== segments.length) continue;
    const params: Record<string, string> = {};
    let literals = 0;
    let matches = true;
    parts.forEach((part, index) => {
      const segment = segments[index] ?? '';
      if (part.startsWith(':')) params[part.slice(1)] = segment;
      else if (part === segment) literals += 1;
      else matches = false;
    });
    if (matches && (best === null || literals > best.literals)) best = { route: candidate, params, literals };
  }
  return best === null ? null : { route: best.route, params: best.params };
}
