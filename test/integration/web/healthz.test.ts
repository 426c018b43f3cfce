import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDatabaseHealthy, type Database } from '../../../src/db/database.js';
import { createWebApp } from '../../../src/web/app.js';
import { startHttpServer, type RunningHttpServer } from '../../../src/web/http-server.js';
import { openTestDatabase } from '../../support/test-database.js';

describe('GET /healthz', () => {
  let database: Database;
  let server: RunningHttpServer;
  beforeAll(async () => {
    database = await openTestDatabase();
    server = await startHttpServer(
      createWebApp({ checkHealth: () => isDatabaseHealthy(database.dataSource) }),
      0,
      '127.0.0.1',
    );
  });
  afterAll(async () => {
    await server.close();
    await database.close();
  });

  it('answers ok while the database answers', async () => {
    const response = await fetch(`http://127.0.0.1:${server.port}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('answers 503 once the database is gone', async () => {
    await database.close();
    const response = await fetch(`http://127.0.0.1:${server.port}/healthz`);
    expect(response.status).toBe(503);
  });

  it('answers 404 in plain text for unknown paths', async () => {
    const response = await fetch(`http://127.0.0.1:${server.port}/nope`);
    expect(response.status).toBe(404);
    expect(await response.text()).toBe('Not found');
  });
});
