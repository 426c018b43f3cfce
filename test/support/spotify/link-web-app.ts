import { Router } from 'express';
import { isDatabaseHealthy } from '../../../src/db/database.js';
import { LinkAccountService } from '../../../src/services/account/link-account.service.js';
import type { SpotifyLinkStore } from '../../../src/services/ports/account.ports.js';
import { SpotifyOAuthClient } from '../../../src/spotify/oauth-client.js';
import { SpotifyLinkAuthorization } from '../../../src/spotify/spotify-authorization.js';
import { createWebApp } from '../../../src/web/app.js';
import { startHttpServer, type RunningHttpServer } from '../../../src/web/http-server.js';
import { CALLBACK_PATH, createLinkRouter } from '../../../src/web/link.routes.js';
import { CLIENT_ID, CLIENT_SECRET, startSpotifyHarness, type SpotifyHarness } from './spotify-harness.js';

export interface LinkWebApp {
  harness: SpotifyHarness;
  service: LinkAccountService;
  server: RunningHttpServer;
  publicUrl: string;
  linked: Array<{ discordUserId: string; displayName: string }>;
  errors: unknown[];
  /** Moves the link service's clock (state expiry). */
  advance(ms: number): void;
  /** Makes the next onLinked notifications throw. */
  failNotifications(on: boolean): void;
  /**
   * Holds the next `count` holder checks of the link service until all of them have answered, so
   * that that many links race: each checks before any of them links.
   */
  raceHolderChecks(count: number): void;
  close(): Promise<void>;
}

/** The web app with the link routes, on a random loopback port, over the fake Spotify and a fresh database. */
export const startLinkWebApp = async (): Promise<LinkWebApp> => {
  // Spotify lets a loopback redirect URI registered without a port match any port.
  const harness = await startSpotifyHarness({ redirectUri: `http://127.0.0.1${CALLBACK_PATH}` });
  const lateRouter = Router();
  const server = await startHttpServer(
    createWebApp({
      checkHealth: () => isDatabaseHealthy(harness.database.dataSource),
      routers: [lateRouter],
    }),
    0,
    '127.0.0.1',
  );
  const publicUrl = `http://127.0.0.1:${server.port}`;
  const linked: LinkWebApp['linked'] = [];
  const errors: unknown[] = [];
  let offset = 0;
  let failing = false;
  let race: { waiting: number; checked: Promise<void>; allChecked: () => void } | undefined;
  const accounts: SpotifyLinkStore = {
    linkedUserOf: async (spotifyUserId, accountId) => {
      const holder = await harness.accounts.linkedUserOf(spotifyUserId, accountId);
      const current = race;
      if (current) {
        if (--current.waiting === 0) {
          race = undefined;
          current.allChecked();
        }
        await current.checked;
      }
      return holder;
    },
    byUserId: (userId) => harness.accounts.byUserId(userId),
    link: (link, at) => harness.accounts.link(link, at),
  };
  const service = new LinkAccountService({
    states: harness.states,
    accounts,
    cipher: harness.cipher,
    spotify: new SpotifyLinkAuthorization(
      new SpotifyOAuthClient({
        clientId: CLIENT_ID,
        clientSecret: CLIENT_SECRET,
        accountsUrl: harness.fake.accountsUrl,
        redirectUri: `${publicUrl}${CALLBACK_PATH}`,
        // As the composition builds it: the code exchange counts against the daily budget too.
        budget: harness.budget,
      }),
      harness.sessions,
    ),
    publicUrl,
    onLinked: (discordUserId, displayName) => {
      if (failing) throw new Error('Discord refused the DM');
      linked.push({ discordUserId, displayName });
    },
    logger: { info: () => {}, warn: () => {}, error: () => {} },
    now: () => new Date(Date.now() + offset),
  });
  lateRouter.use(
    createLinkRouter({ linkAccount: service, logger: { error: (context: unknown) => errors.push(context) } }),
  );
  return {
    harness,
    service,
    server,
    publicUrl,
    linked,
    errors,
    advance: (ms) => {
      offset += ms;
    },
    failNotifications: (on) => {
      failing = on;
    },
    raceHolderChecks: (count) => {
      let allChecked = () => {};
      const checked = new Promise<void>((resolve) => (allChecked = resolve));
      race = { waiting: count, checked, allChecked };
    },
    close: async () => {
      await server.close(0);
      await harness.close();
    },
  };
};
