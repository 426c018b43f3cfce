import { createHash, timingSafeEqual } from 'node:crypto';
import { Router, type Request } from 'express';

export const METRICS_PATH = '/metrics';

export interface MetricsRoutesDeps {
  /** The Prometheus text of this process's metrics, or of only those named. */
  scrape: (names?: readonly string[]) => Promise<{ contentType: string; body: string }>;
  /** METRICS_TOKEN: when set, a scrape must send `Authorization: Bearer <token>`. */
  token: string | undefined;
}

// Hashed first so that the comparison takes the same time whatever the length of the guess.
const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

const bearerOf = (request: Request): string | undefined =>
  /^Bearer (.+)$/.exec(request.get('authorization') ?? '')?.[1];

/** `?name=a&name=b`: only those metrics. */
const namesOf = (request: Request): string[] | undefined => {
  const { name } = request.query;
  if (name === undefined) return undefined;
  return (Array.isArray(name) ? name : [name]).filter((n): n is string => typeof n === 'string');
};

/**
 * GET /metrics for Prometheus, mounted only when METRICS=true. `?name=` picks metrics: a frequent
 * look at a few gauges (a benchmark's memory readings) leaves the others alone, e.g. the event-loop
 * delay histogram that every full scrape reads and resets.
 */
export const createMetricsRouter = ({ scrape, token }: MetricsRoutesDeps): Router => {
  const router = Router();
  const expected = token === undefined ? undefined : digest(token);
  router.get(METRICS_PATH, async (request, response) => {
    const sent = bearerOf(request);
    if (expected && (sent === undefined || !timingSafeEqual(digest(sent), expected))) {
      response.status(401).set('WWW-Authenticate', 'Bearer').type('text/plain').send('Unauthorized');
      return;
    }
    const { contentType, body } = await scrape(namesOf(request));
    response.type(contentType).send(body);
  });
  return router;
};
