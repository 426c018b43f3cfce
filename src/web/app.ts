import express, { type Express, type Router } from 'express';

export interface WebAppDependencies {
  /** True when the database answers. */
  checkHealth: () => Promise<boolean>;
  /** Feature routers (OAuth linking, metrics...), mounted at the root. */
  routers?: Router[];
}

export const createWebApp = ({ checkHealth, routers = [] }: WebAppDependencies): Express => {
  const app = express();
  app.disable('x-powered-by');
  app.get('/healthz', async (_request, response) => {
    const healthy = await checkHealth();
    response.status(healthy ? 200 : 503).json({ status: healthy ? 'ok' : 'database unavailable' });
  });
  for (const router of routers) app.use(router);
  app.use((_request, response) => {
    response.status(404).type('text/plain').send('Not found');
  });
  return app;
};
