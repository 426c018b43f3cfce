import express, { type Express, type NextFunction, type Request, type Response, type Router } from 'express';
import helmet from 'helmet';
import type { Logger } from '../logger.js';

export interface WebAppDeps {
  /** True when the database answers. */
  checkHealth: () => Promise<boolean>;
  /** Feature routers (OAuth linking, metrics...), mounted at the root. */
  routers?: Router[];
  logger?: Pick<Logger, 'error'>;
}

/**
 * Every answer is a plain page or JSON that loads nothing, and the OAuth callback's URL carries
 * the code: no caching, no Referer, no framing, no script.
 */
const securityHeaders = [
  helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        styleSrc: ["'unsafe-inline'"],
        baseUri: ["'none'"],
        formAction: ["'none'"],
        frameAncestors: ["'none'"],
      },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
  }),
  (_request: Request, response: Response, next: NextFunction) => {
    response.set('Cache-Control', 'no-store');
    next();
  },
];

const statusOf = (error: unknown): number => {
  const status = (error as { status?: unknown } | undefined)?.status;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : 500;
};

export const createWebApp = ({ checkHealth, routers = [], logger }: WebAppDeps): Express => {
  const app = express();
  app.disable('x-powered-by');
  app.use(securityHeaders);
  app.get('/healthz', async (_request, response) => {
    const healthy = await checkHealth();
    response.status(healthy ? 200 : 503).json({ status: healthy ? 'ok' : 'database unavailable' });
  });
  for (const router of routers) app.use(router);
  app.use((_request, response) => {
    response.status(404).type('text/plain').send('Not found');
  });
  // Express's own handler shows the stack trace outside production.
  app.use((error: unknown, _request: Request, response: Response, _next: NextFunction) => {
    const status = statusOf(error);
    if (status === 500) logger?.error({ err: error }, 'unexpected error in the web app');
    response
      .status(status)
      .type('text/plain')
      .send(status === 500 ? 'Internal error' : 'Bad request');
  });
  return app;
};
