import type { RouteResponse } from './route.js';

export interface RateLimitRule {
  method: string;
  /** Route pattern as in `fake.requestsTo`, e.g. '/channels/:channelId/messages'. */
  route: string;
  /** How long the client must wait. Default 100 ms. */
  retryAfterMs?: number;
  /** How many matching requests get a 429. Default 1. */
  times?: number;
  /** A global rate limit (X-RateLimit-Global) instead of a per-route one. */
  global?: boolean;
}

/**
 * 429 answers a test asks for. @discordjs/rest reads only the headers (it ignores the body's
 * retry_after) and retries a header-less 429 at once, so the headers must be complete.
 */
export class InjectedRateLimits {
  private readonly rules: (RateLimitRule & { remaining: number })[] = [];

  add(rule: RateLimitRule): void {
    this.rules.push({ ...rule, remaining: rule.times ?? 1 });
  }

  /** A 429 for this request if a rule matches (consuming one of its uses), else null. */
  take(method: string, route: string, nowMs: number): RouteResponse | null {
    const rule = this.rules.find((r) => r.remaining > 0 && r.method === method && r.route === route);
    if (rule === undefined) return null;
    rule.remaining -= 1;
    const seconds = (rule.retryAfterMs ?? 100) / 1000;
    const headers: Record<string, string> = {
      // Discord sends whole seconds; fractions keep tests fast and @discordjs/rest parses them.
      'retry-after': String(seconds),
      'x-ratelimit-limit': '1',
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset': String((nowMs / 1000 + seconds).toFixed(3)),
      'x-ratelimit-reset-after': seconds.toFixed(3),
      'x-ratelimit-bucket': `fake-${route}`,
      'x-ratelimit-scope': rule.global === true ? 'global' : 'user',
    };
    if (rule.global === true) headers['x-ratelimit-global'] = 'true';
    return {
      status: 429,
      headers,
      body: { message: 'You are being rate limited.', retry_after: seconds, global: rule.global === true },
    };
  }
}
