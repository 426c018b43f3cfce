import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';

export interface RunningHttpServer {
  port: number;
  /** Stops accepting, lets requests in flight finish for up to `drainMs`, then cuts the rest. */
  close(drainMs?: number): Promise<void>;
}

export const startHttpServer = async (
  app: Express,
  port: number,
  host = '0.0.0.0',
): Promise<RunningHttpServer> => {
  const server: Server = createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: (drainMs = 5_000) =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(() => server.closeAllConnections(), drainMs);
        server.close(() => {
          clearTimeout(timer);
          resolve();
        });
        server.closeIdleConnections();
      }),
  };
};
