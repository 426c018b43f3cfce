import { createHash, timingSafeEqual } from 'node:crypto';
import { Router, type Request } from 'express';

export const METRICS_PATH = '/metrics';

export interface MetricsRoutesDeps {
  /** The Prometheus text of this process's metrics. */
  scrape: () => Promise<{ contentType: string; body: string }>;
  /** METRICS_TOKEN: when set, a scrape must send `Authorization: Bearer <token>`. */
  token: string | undefined;
}

// Hashed first so that the comparison takes the same time whatever the length of the guess.
const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

const bearerOf = (request: Request): string | undefined =>
  /^Bearer (.+)$/.exec(request.get('authorization') ?? '')?.[1];

/** GET /metrics for Prometheus, mounted only when METRICS=true. */
export const createMetricsRouter = ({ scrape, token }: MetricsRoutesDeps): Router => {
  const router = Router();
  const expected = token === undefined ? undefined : digest(token);
  router.get(METRICS_PATH, async (request, response) => {
    const sent = bearerOf(request);
    if (expected && (sent === undefined || !timingSafeEqual(digest(sent), expected))) {
      response.status(401).set('WWW-Authenticate', 'Bearer').type('text/plain').send('Unauthorized');
      return;
    }
    const { contentType, body } = await scrape();
    response.type(contentType).send(body);
  });
  return router;
};
