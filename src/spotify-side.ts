import type { Config, EncryptionKey } from './config.js';
import type { Database } from './db/database.js';
import { LibraryEntryRepository } from './db/repositories/library-entry.repository.js';
import { SpotifyAccountRepository } from './db/repositories/spotify-account.repository.js';
import { SpotifyBudgetRepository } from './db/repositories/spotify-budget.repository.js';
import { TrackRepository } from './db/repositories/track.repository.js';
import { UserPlaylistRepository } from './db/repositories/user-playlist.repository.js';
import { LibrarySyncService } from './services/library-sync.service.js';
import { SpotifyPlaylistWriter } from './spotify/playlist-writer.js';
import { SpotifySessionService } from './services/spotify-session.service.js';
import { SpotifyOAuthClient } from './spotify/oauth-client.js';
import { createSpotifyLimiter } from './spotify/rate-limiter.js';
import { SpotifyRequestBudget } from './spotify/request-budget.js';
import { SpotifyTransport } from './spotify/spotify-transport.js';
import { TokenCipher } from './spotify/token-cipher.js';
import { CALLBACK_PATH } from './web/link.routes.js';

export interface SpotifySide {
  accounts: SpotifyAccountRepository;
  cipher: TokenCipher;
  oauth: SpotifyOAuthClient;
  sessions: SpotifySessionService;
  library: LibrarySyncService;
  writer: SpotifyPlaylistWriter;
  /** The daily request budget every process shares through the database. */
  budget: SpotifyRequestBudget;
}

/** The Spotify adapter and the services on it, as the bot process and the job workers both build them. */
export const createSpotifySide = (config: Config, database: Database, keys: EncryptionKey[]): SpotifySide => {
  const { dataSource } = database;
  const accounts = new SpotifyAccountRepository(dataSource);
  const cipher = new TokenCipher(keys);
  const oauth = new SpotifyOAuthClient({
    clientId: config.spotify.clientId,
    clientSecret: config.spotify.clientSecret,
    accountsUrl: config.spotify.accountsUrl,
    redirectUri: `${config.publicUrl}${CALLBACK_PATH}`,
  });
  const budget = new SpotifyRequestBudget({
    store: new SpotifyBudgetRepository(dataSource),
    dailyBudget: config.spotifyDailyBudget,
  });
  const sessions = new SpotifySessionService({
    accounts,
    cipher,
    oauth,
    transport: new SpotifyTransport({
      apiUrl: config.spotify.apiUrl,
      limiter: createSpotifyLimiter({ clientId: config.spotify.clientId, redisUrl: config.redisUrl }),
      budget,
    }),
  });
  const library = new LibrarySyncService({
    sessions,
    accounts,
    tracks: new TrackRepository(dataSource),
    entries: new LibraryEntryRepository(dataSource),
    playlists: new UserPlaylistRepository(dataSource),
  });
  return { accounts, cipher, oauth, sessions, library, writer: new SpotifyPlaylistWriter(sessions), budget };
};
