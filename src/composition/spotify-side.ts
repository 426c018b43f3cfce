import type Bottleneck from 'bottleneck';
import type { Config, EncryptionKey } from '../config.js';
import { RequestPriority } from '../core/request-priority.js';
import type { Metrics } from '../services/ports/metrics.js';
import { LibrarySyncService } from '../spotify/library-sync.js';
import { SpotifyLinkAuthorization } from '../spotify/spotify-authorization.js';
import { SpotifySessionService } from '../spotify/spotify-session.js';
import { SpotifyOAuthClient } from '../spotify/oauth-client.js';
import { SpotifyPlaylistWriter } from '../spotify/playlist-writer.js';
import { createSpotifyLimiter } from '../spotify/rate-limiter.js';
import { SpotifyRequestBudget } from '../spotify/request-budget.js';
import { SpotifyTransport, type SpotifyTransportInit } from '../spotify/spotify-transport.js';
import { TokenCipher } from '../spotify/token-cipher.js';
import { CALLBACK_PATH } from '../web/link.routes.js';
import type { Repositories } from './repositories.js';

/** What the Spotify side is built from: the configuration in production, a fake Spotify in tests. */
export interface SpotifySideOptions {
  clientId: string;
  clientSecret: string;
  accountsUrl: string;
  apiUrl: string;
  redirectUri: string;
  cipher: TokenCipher;
  /** One per Spotify app (createSpotifyLimiter), shared by every user's client. */
  limiter: Bottleneck;
  /** SPOTIFY_DAILY_BUDGET. */
  dailyBudget: number;
  /** Back-off and timeouts of the transport (tests make them milliseconds). */
  transport?: Partial<SpotifyTransportInit>;
  /** The clock of the budget, the transport and token expiry (default Date.now). */
  now?: () => number;
  /** Counts each answer by endpoint template and status, and reads the budget at each scrape. */
  metrics?: Metrics;
}

export const spotifyOptionsOf = (config: Config, keys: EncryptionKey[]): SpotifySideOptions => ({
  clientId: config.spotify.clientId,
  clientSecret: config.spotify.clientSecret,
  accountsUrl: config.spotify.accountsUrl,
  apiUrl: config.spotify.apiUrl,
  redirectUri: `${config.publicUrl}${CALLBACK_PATH}`,
  cipher: new TokenCipher(keys),
  limiter: createSpotifyLimiter({ clientId: config.spotify.clientId, redisUrl: config.redisUrl }),
  dailyBudget: config.spotifyDailyBudget,
});

/** The Spotify adapter and the services on it, as every process (and every test harness) builds them. */
export const createSpotifySide = (
  options: SpotifySideOptions,
  repositories: Pick<Repositories, 'accounts' | 'budget' | 'tracks' | 'entries' | 'playlists'>,
) => {
  const { accounts } = repositories;
  const { cipher } = options;
  const now = options.now ? { now: options.now } : {};
  /** The daily request budget every process shares through the database. */
  const budget = new SpotifyRequestBudget({
    store: repositories.budget,
    dailyBudget: options.dailyBudget,
    ...now,
  });
  const oauth = new SpotifyOAuthClient({
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    accountsUrl: options.accountsUrl,
    redirectUri: options.redirectUri,
    budget,
    ...now,
  });
  const { metrics } = options;
  const transport = new SpotifyTransport({
    apiUrl: options.apiUrl,
    limiter: options.limiter,
    budget,
    ...now,
    ...options.transport,
    events: {
      ...options.transport?.events,
      ...(metrics
        ? { answered: (a) => metrics.spotifyAnswered(a.method, a.endpointTemplate, a.status) }
        : {}),
    },
  });
  metrics?.readBudgetWith(async () => {
    const use = await budget.use();
    return { ...use, left: use.left[RequestPriority.Interactive] };
  });
  const sessions = new SpotifySessionService({ accounts, cipher, oauth, transport, ...now });
  const library = new LibrarySyncService({
    sessions,
    accounts,
    tracks: repositories.tracks,
    entries: repositories.entries,
    playlists: repositories.playlists,
    ...(options.now ? { now: () => new Date(options.now!()) } : {}),
  });
  return {
    accounts,
    cipher,
    oauth,
    transport,
    budget,
    sessions,
    authorization: new SpotifyLinkAuthorization(oauth, sessions),
    library,
    writer: new SpotifyPlaylistWriter(sessions),
  };
};
