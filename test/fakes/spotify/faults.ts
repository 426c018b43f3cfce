import type { SeededRandom } from './ids.js';

export type FaultStatus = 403 | 404 | 429 | 500 | 502 | 503 | 504 | 'reset' | 'hang';

export interface FaultSpec {
  /** HTTP method to match (any when absent). */
  method?: string;
  /**
   * Which requests: a string equal to the endpoint template (`/playlists/{playlist_id}/items`,
   * `/api/token`) or to the concrete path (with or without `/v1`); a RegExp tested against
   * both the concrete path and the template. Any path when absent.
   */
  path?: string | RegExp;
  /**
   * 429, a 5xx, a refusal (403, 404), `reset` (destroy the connection without answering) or `hang`
   * (never answer, for client timeouts).
   */
  status: FaultStatus;
  /** Retry-After header for 429/503 (default 1 for 429). */
  retryAfterSeconds?: number;
  /** `QUOTA_EXCEEDED`: the July 2026 quota 429 body. */
  reason?: 'QUOTA_EXCEEDED';
  /** How many matching requests to fail (default: unlimited). */
  times?: number;
  /** Fail each matching request with this probability (seeded RNG). Default 1. */
  probability?: number;
  /** Skip this many matching requests before failing (e.g. fail the 3rd page). Default 0. */
  after?: number;
  /** Run the operation (e.g. apply the write), then answer with the fault anyway. */
  applyBeforeFailing?: boolean;
  /** Extra delay before answering, in ms. */
  delayMs?: number;
  /**
   * With `hang`: stay silent this long, then carry the request out as if nothing happened (the
   * write is applied even when the client gave up waiting, as a slow server does) and answer it
   * if the client is still there. Without it a hang lasts until the client leaves.
   */
  hangMs?: number;
}

export interface Fault extends FaultSpec {
  id: number;
  /** How many requests this fault failed so far. */
  fired: number;
  /** How many requests matched (including skipped ones). */
  matched: number;
}

export interface FaultTarget {
  method: string;
  /** Concrete path as requested, e.g. `/v1/me/tracks`. */
  fullPath: string;
  /** Without the API prefix, e.g. `/me/tracks`. */
  path: string;
  template: string | undefined;
}

/** Rules that make the fake answer 429/5xx/403/404 (or drop the connection) on chosen requests. */
export class FaultInjector {
  private readonly faults: Fault[] = [];
  private nextId = 1;

  constructor(private readonly random: SeededRandom) {}

  add(spec: FaultSpec): Fault {
    const fault: Fault = { ...spec, id: this.nextId++, fired: 0, matched: 0 };
    this.faults.push(fault);
    return fault;
  }

  remove(fault: Fault | number): void {
    const id = typeof fault === 'number' ? fault : fault.id;
    const index = this.faults.findIndex((f) => f.id === id);
    if (index !== -1) this.faults.splice(index, 1);
  }

  clear(): void {
    this.faults.length = 0;
  }

  list(): readonly Fault[] {
    return this.faults;
  }

  /** The fault to apply to this request, if any (consumes one `times`). */
  pick(target: FaultTarget): Fault | undefined {
    for (const fault of this.faults) {
      if (fault.times !== undefined && fault.fired >= fault.times) continue;
      if (fault.method && fault.method.toUpperCase() !== target.method) continue;
      if (!matchesPath(fault.path, target)) continue;
      fault.matched += 1;
      if (fault.matched <= (fault.after ?? 0)) continue;
      if (fault.probability !== undefined && this.random.next() >= fault.probability) continue;
      fault.fired += 1;
      return fault;
    }
    return undefined;
  }
}

function matchesPath(pattern: string | RegExp | undefined, target: FaultTarget): boolean {
  if (pattern === undefined) return true;
  if (typeof pattern === 'string')
    return pattern === target.template || pattern === target.path || pattern === target.fullPath;
  const test = (s: string | undefined): boolean => {
    if (s === undefined) return false;
    pattern.lastIndex = 0;
    return pattern.test(s);
  };
  return test(target.fullPath) || test(target.path) || test(target.template);
}

export function faultBody(fault: Fault): Record<string, unknown> {
  const status = typeof fault.status === 'number' ? fault.status : 503;
  if (status === 429) {
    return fault.reason === 'QUOTA_EXCEEDED'
      ? { error: { status: 429, message: 'Too many requests', reason: 'QUOTA_EXCEEDED' } }
      : { error: { status: 429, message: 'API rate limit exceeded' } };
  }
  const messages: Record<number, string> = {
    403: 'Forbidden',
    404: 'Resource not found',
    500: 'Server error.',
    502: 'Bad gateway.',
    503: 'Service unavailable',
    504: 'Gateway timeout',
  };
  return { error: { status, message: messages[status] ?? 'Server error.' } };
}
