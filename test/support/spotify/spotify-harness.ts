import { randomBytes } from 'node:crypto';
import Bottleneck from 'bottleneck';
import { createRepositories } from '../../../src/composition/repositories.js';
import { createSpotifySide } from '../../../src/composition/spotify-side.js';
import type { Database } from '../../../src/db/database.js';
import type { LibraryEntryRepository } from '../../../src/db/repositories/library-entry.repository.js';
import type { OAuthStateRepository } from '../../../src/db/repositories/oauth-state.repository.js';
import type { SpotifyAccountRepository } from '../../../src/db/repositories/spotify-account.repository.js';
import type { TrackRepository } from '../../../src/db/repositories/track.repository.js';
import type { UserPlaylistRepository } from '../../../src/db/repositories/user-playlist.repository.js';
import type { UserRepository } from '../../../src/db/repositories/user.repository.js';
import type { Metrics } from '../../../src/services/ports/metrics.js';
import type { LibrarySyncService } from '../../../src/spotify/library-sync.js';
import type { SpotifySessionService } from '../../../src/spotify/spotify-session.js';
import type { SpotifyOAuthClient } from '../../../src/spotify/oauth-client.js';
import type { SpotifyRequestBudget } from '../../../src/spotify/request-budget.js';
import type { SpotifyTransport, SpotifyTransportInit } from '../../../src/spotify/spotify-transport.js';
import { TokenCipher } from '../../../src/spotify/token-cipher.js';
import { FakeSpotify } from '../../fakes/spotify/index.js';

export const CLIENT_ID = 'motherlist-test-client';
export const CLIENT_SECRET = 'motherlist-test-secret';

export interface SpotifyHarness {
  fake: FakeSpotify;
  database: Database;
  cipher: TokenCipher;
  oauth: SpotifyOAuthClient;
  transport: SpotifyTransport;
  /** The daily request budget the transport counts against (in the harness's database). */
  budget: SpotifyRequestBudget;
  sessions: SpotifySessionService;
  /** The users rows (and the DM refusals a notifier records on them). */
  users: UserRepository;
  accounts: SpotifyAccountRepository;
  states: OAuthStateRepository;
  tracks: TrackRepository;
  entries: LibraryEntryRepository;
  playlists: UserPlaylistRepository;
  sync: LibrarySyncService;
  /** Links a Discord user to a fake Spotify user with tokens issued directly (no browser). */
  link(discordUserId: string, spotifyUserId: string): Promise<{ accessToken: string; refreshToken: string }>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  redirectUri?: string;
  /** Replaces the fast test back-off (FAST_TRANSPORT) entirely when given. */
  transport?: Partial<SpotifyTransportInit>;
  database?: Database;
  limiter?: Bottleneck;
  /** SPOTIFY_DAILY_BUDGET; default large enough that only the budget tests meet it. */
  dailyBudget?: number;
  /** The clock of the budget, the transport, token expiry, `link` and the fake it starts (default Date.now). */
  now?: () => number;
  /** The token keys (processes of one bot share TOKEN_ENCRYPTION_KEY); default a random key. */
  cipher?: TokenCipher;
  /** An existing fake Spotify (another "process" of the same bot); the harness then does not stop it. */
  fake?: FakeSpotify;
  /** Counts Spotify's answers and reads the budget (the process's Prometheus metrics). */
  metrics?: Metrics;
}

/** Fast back-off for tests: the behaviour is the same, the waits are milliseconds. */
export const FAST_TRANSPORT: Partial<SpotifyTransportInit> = {
  backoffBaseMs: 2,
  backoffMaxMs: 10,
  retryAfterOffsetMs: 0,
  retries: 8,
  timeoutMs: 5_000,
};

/** The fake Spotify, a fresh database and the Spotify side built as every process builds it (src/composition). */
export const startSpotifyHarness = async (options: HarnessOptions = {}): Promise<SpotifyHarness> => {
  const redirectUri = options.redirectUri ?? 'http://127.0.0.1/callback';
  const fake =
    options.fake ??
    (await FakeSpotify.start({
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      redirectUris: [redirectUri],
      // The fake's tokens and daily quota run on the bot's clock, not the system's.
      ...(options.now ? { clock: options.now } : {}),
    }));
  // Imported lazily: test-database needs vitest, and the benchmark brings its own database.
  const database = options.database ?? (await (await import('../test-database.js')).openTestDatabase());
  const repositories = createRepositories(database);
  const spotify = createSpotifySide(
    {
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      accountsUrl: fake.accountsUrl,
      apiUrl: fake.apiUrl,
      redirectUri,
      cipher: options.cipher ?? new TokenCipher([{ id: 'test', key: randomBytes(32) }]),
      limiter: options.limiter ?? new Bottleneck({ maxConcurrent: 4 }),
      dailyBudget: options.dailyBudget ?? 1_000_000,
      transport: options.transport ?? FAST_TRANSPORT,
      ...(options.now ? { now: options.now } : {}),
      metrics: options.metrics,
    },
    repositories,
  );
  const { accounts, cipher } = spotify;
  const now = options.now ?? Date.now;
  return {
    fake,
    database,
    cipher,
    oauth: spotify.oauth,
    transport: spotify.transport,
    budget: spotify.budget,
    sessions: spotify.sessions,
    users: repositories.users,
    accounts,
    states: repositories.states,
    tracks: repositories.tracks,
    entries: repositories.entries,
    playlists: repositories.playlists,
    sync: spotify.library,
    link: async (discordUserId, spotifyUserId) => {
      const issued = fake.issueTokens(spotifyUserId);
      await accounts.link(
        {
          userId: discordUserId,
          spotifyUserId,
          accountId: null,
          displayName: spotifyUserId,
          accessTokenCiphertext: cipher.encrypt(issued.accessToken),
          refreshTokenCiphertext: cipher.encrypt(issued.refreshToken),
          scopes: issued.scope,
          accessTokenExpiresAt: new Date(now() + issued.expiresIn * 1000),
        },
        new Date(now()),
      );
      return { accessToken: issued.accessToken, refreshToken: issued.refreshToken };
    },
    close: async () => {
      if (!options.fake) await fake.stop();
      if (!options.database) await database.close();
    },
  };
};
