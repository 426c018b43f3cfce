/**
 * `npm run worker`: a process that only works the job queues (sync, training, sort runs) on the
 * shared PostgreSQL; start as many as needed. It sends DMs over Discord's REST API without a
 * gateway connection. (With the embedded database only one process can run: use the main one.)
 */
import 'reflect-metadata';
import { loadConfig, readEnvFile } from '../config.js';
import { embeddedDirectoryOf, openDatabase } from '../db/database.js';
import { loadOrCreateEmbeddedKey } from '../db/embedded-key-file.js';
import { LibraryEntryRepository } from '../db/repositories/library-entry.repository.js';
import { SpotifyAccountRepository } from '../db/repositories/spotify-account.repository.js';
import { TrackRepository } from '../db/repositories/track.repository.js';
import { UserPlaylistRepository } from '../db/repositories/user-playlist.repository.js';
import { DmStatusRepository } from '../db/repositories/dm-status.repository.js';
import { createLogger } from '../logger.js';
import { selectBackend, type BackendPreference } from '../ml/backend.js';
import { createRestNotifier } from '../bot/rest-notifier.js';
import { LibrarySyncService } from '../services/library-sync.service.js';
import { SpotifyPlaylistWriter } from '../services/spotify-playlist-writer.js';
import { SpotifySessionService } from '../services/spotify-session.service.js';
import { SpotifyOAuthClient } from '../spotify/oauth-client.js';
import { createSpotifyLimiter } from '../spotify/rate-limiter.js';
import { SpotifyTransport } from '../spotify/spotify-transport.js';
import { TokenCipher } from '../spotify/token-cipher.js';
import { startSortingJobs } from './start-sorting-jobs.js';

readEnvFile();
const config = loadConfig();
const logger = createLogger(config.logLevel).child({ role: 'worker' });
const database = await openDatabase({
  databaseUrl: config.databaseUrl,
  embeddedDirectory: embeddedDirectoryOf(config.dataDir),
});
const keys =
  config.tokenEncryptionKeys.length > 0
    ? config.tokenEncryptionKeys
    : [loadOrCreateEmbeddedKey(config.dataDir)];
const backend = await selectBackend(config.tfjsBackend as BackendPreference);
logger.info({ database: database.kind, backend: backend.name }, 'worker starting');

const { dataSource } = database;
const accounts = new SpotifyAccountRepository(dataSource);
const sessions = new SpotifySessionService({
  accounts,
  cipher: new TokenCipher(keys),
  oauth: new SpotifyOAuthClient({
    clientId: config.spotify.clientId,
    clientSecret: config.spotify.clientSecret,
    accountsUrl: config.spotify.accountsUrl,
    redirectUri: `${config.publicUrl}/callback`,
  }),
  transport: new SpotifyTransport({
    apiUrl: config.spotify.apiUrl,
    limiter: createSpotifyLimiter({ clientId: config.spotify.clientId, redisUrl: config.redisUrl }),
  }),
});
const library = new LibrarySyncService({
  sessions,
  accounts,
  tracks: new TrackRepository(dataSource),
  entries: new LibraryEntryRepository(dataSource),
  playlists: new UserPlaylistRepository(dataSource),
});
const discord = createRestNotifier({
  token: config.discord.token,
  apiUrl: config.discord.apiUrl,
  dmStatus: new DmStatusRepository(dataSource),
  logger,
});

const running = await startSortingJobs({
  database,
  logger,
  writer: new SpotifyPlaylistWriter(sessions),
  library,
  notifier: discord.notifier,
  backendName: () => backend.name,
  syncIntervalMinutes: config.syncIntervalMinutes,
});
logger.info('worker ready');

let stopping = false;
const stop = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'worker stopping');
  await running.stop();
  await discord.close();
  await database.close();
  process.exit(0);
};
process.once('SIGTERM', () => void stop('SIGTERM'));
process.once('SIGINT', () => void stop('SIGINT'));
