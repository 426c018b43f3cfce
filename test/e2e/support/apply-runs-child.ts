/**
 * A separate process that applies journaled sort runs against the fake Spotify, built like a worker
 * (src/composition):
 * `tsx apply-runs-child.ts` with CHILD_* variables. With CHILD_RUN_ID it applies that run; with
 * CHILD_UNDO_LAYER_ID it undoes that layer's last sort (/undo); without, it finishes every
 * unfinished run (what a worker does at start). The DMs it sends are printed as `dm <json>` lines.
 */
import 'reflect-metadata';
import Bottleneck from 'bottleneck';
import { createRepositories } from '../../../src/composition/repositories.js';
import { createSortingServices } from '../../../src/composition/sorting.js';
import { createSpotifySide } from '../../../src/composition/spotify-side.js';
import { openDatabase } from '../../../src/db/database.js';
import { TokenCipher } from '../../../src/spotify/token-cipher.js';
import { startTestModelPool } from '../../support/model-pool.js';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

const database = await openDatabase({ databaseUrl: env('CHILD_DATABASE_URL'), embeddedDirectory: undefined });
const repositories = createRepositories(database);
const spotify = createSpotifySide(
  {
    clientId: env('CHILD_CLIENT_ID'),
    clientSecret: env('CHILD_CLIENT_SECRET'),
    accountsUrl: env('CHILD_ACCOUNTS_URL'),
    apiUrl: env('CHILD_API_URL'),
    redirectUri: 'http://127.0.0.1/callback',
    cipher: new TokenCipher([{ id: 'test', key: Buffer.from(env('CHILD_TOKEN_KEY'), 'base64') }]),
    limiter: new Bottleneck({ maxConcurrent: 1 }),
    dailyBudget: 1_000_000,
  },
  repositories,
);
const pool = startTestModelPool();
const services = createSortingServices(
  database,
  {
    writer: spotify.writer,
    modelWork: pool,
    notifier: {
      sendDm: async (userId, message) => {
        console.log(`dm ${JSON.stringify({ userId, message })}`);
        return { delivered: true };
      },
    },
  },
  repositories,
);
const runId = process.env.CHILD_RUN_ID;
const undoLayerId = process.env.CHILD_UNDO_LAYER_ID;
if (runId) await services.sortRuns.apply(env('CHILD_USER_ID'), runId);
else if (undoLayerId) {
  const layer = await services.repositories.layers.byId(undoLayerId);
  if (!layer) throw new Error(`no layer ${undoLayerId}`);
  await services.sortRuns.undoLast(env('CHILD_USER_ID'), layer);
} else console.log(`resumed ${await services.sortRuns.resumeAll()}`);
await services.close();
await pool.close();
await database.close();
