import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testBackend } from '../../support/model-pool.js';

const root = join(import.meta.dirname, '..', '..', '..');
/** A folder without .env: the processes see only the environment given here. */
const folder = mkdtempSync(join(tmpdir(), 'motherlist-worker-'));

/** What an operator sets for the bot's and the workers' processes, pointed at the fakes. */
export interface WorkerEnvironment {
  /** DATABASE_URL; without it the process opens the embedded database on disk under `dataDir`. */
  databaseUrl?: string;
  /** DATA_DIR (default a folder of this test run). */
  dataDir?: string;
  /** TOKEN_ENCRYPTION_KEY: the key the test stored Spotify tokens under (one key, so its id is `k1`). */
  tokenKey: Buffer;
  discord: { apiUrl: string; token: string };
  /** The fake Spotify; without it the worker is pointed at a closed port (a test with no linked user). */
  spotify?: { apiUrl: string; accountsUrl: string; clientId: string; clientSecret: string };
  /** JOB_HEARTBEAT_SECONDS. */
  heartbeatSeconds?: number;
  /** SYNC_INTERVAL_MINUTES: a week keeps a user synced by the test out of the processes' cron ticks. */
  syncIntervalMinutes?: number;
  /** ML_THREADS (default 1) and TFJS_BACKEND (default the tests' backend). */
  modelThreads?: number;
  backend?: string;
  /** HTTP_PORT with METRICS=true, so that GET /metrics answers there (default: any free port, no metrics). */
  metricsPort?: number;
  /** JOB_POLL_MS (default pg-boss's least, 500). */
  jobPollMs?: number;
  /** SPOTIFY_DAILY_BUDGET (default the product's). */
  spotifyDailyBudget?: number;
}

export interface RunningProcess {
  child: ChildProcess;
  /** Everything it printed so far (pino's JSON lines). */
  output(): string;
  /** Resolves once it logged `readyLine`; rejects if it exits first. */
  ready: Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const CLOSED_PORT = 'http://127.0.0.1:9';

const environmentOf = (env: WorkerEnvironment): Record<string, string> => ({
  PATH: process.env.PATH ?? '',
  // tsx reads tsconfig.json (legacy decorators) from the working directory unless told where it is.
  TSX_TSCONFIG_PATH: join(root, 'tsconfig.json'),
  DATA_DIR: env.dataDir ?? join(folder, 'data'),
  ...(env.databaseUrl ? { DATABASE_URL: env.databaseUrl } : {}),
  TOKEN_ENCRYPTION_KEY: env.tokenKey.toString('base64'),
  DISCORD_TOKEN: env.discord.token,
  DISCORD_API_URL: env.discord.apiUrl,
  SPOTIFY_CLIENT_ID: env.spotify?.clientId ?? 'no-spotify',
  SPOTIFY_CLIENT_SECRET: env.spotify?.clientSecret ?? 'no-spotify',
  SPOTIFY_API_URL: env.spotify?.apiUrl ?? CLOSED_PORT,
  SPOTIFY_ACCOUNTS_URL: env.spotify?.accountsUrl ?? CLOSED_PORT,
  // Enrichment providers would be asked about the tracks a worker syncs: none here.
  RECCOBEATS_API_URL: CLOSED_PORT,
  MUSICBRAINZ_API_URL: CLOSED_PORT,
  TFJS_BACKEND: env.backend ?? testBackend(),
  ML_THREADS: String(env.modelThreads ?? 1),
  HTTP_PORT: String(env.metricsPort ?? 0),
  ...(env.metricsPort === undefined ? {} : { METRICS: 'true' }),
  LOG_LEVEL: 'info',
  // pg-boss's least: each job hop between the processes waits up to this long, not the production 2 s.
  JOB_POLL_MS: String(env.jobPollMs ?? 500),
  ...(env.heartbeatSeconds ? { JOB_HEARTBEAT_SECONDS: String(env.heartbeatSeconds) } : {}),
  ...(env.syncIntervalMinutes ? { SYNC_INTERVAL_MINUTES: String(env.syncIntervalMinutes) } : {}),
  ...(env.spotifyDailyBudget ? { SPOTIFY_DAILY_BUDGET: String(env.spotifyDailyBudget) } : {}),
});

const launch = (entry: string, readyLine: string, env: WorkerEnvironment): RunningProcess => {
  const child = spawn(
    process.execPath,
    // The main thread's young generation as package.json's start and worker scripts set it.
    [
      '--max-semi-space-size=8',
      '--import',
      join(root, 'node_modules/tsx/dist/esm/index.mjs'),
      join(root, entry),
    ],
    { cwd: folder, env: environmentOf(env), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const ready = new Promise<void>((resolve, reject) => {
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(readyLine)) resolve();
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    void exited.then(({ code, signal }) =>
      reject(new Error(`${entry} exited (${code ?? signal}) before it was ready:\n${output}`)),
    );
  });
  // A test that kills the process before it is ready does not wait for it.
  ready.catch(() => undefined);
  return { child, output: () => output, ready, exited };
};

/** `npm run worker` (src/worker.ts), configured by its environment as an operator would. */
export const startWorkerProcess = (env: WorkerEnvironment): RunningProcess =>
  launch('src/worker.ts', '"msg":"worker ready"', env);

/** `npm start` (src/main.ts: bot, web pages and job queues), ready once it is connected to Discord. */
export const startMainProcess = (env: WorkerEnvironment): RunningProcess =>
  launch('src/main.ts', '"msg":"connected to Discord"', env);

/** Stops it as a supervisor does (SIGTERM); it must shut down cleanly. */
export const stopProcess = async (running: RunningProcess): Promise<number | null> => {
  running.child.kill('SIGTERM');
  return (await running.exited).code;
};

/** Kills with SIGKILL (no shutdown of any kind) and waits until the process is gone. */
export const killHard = async (running: RunningProcess): Promise<void> => {
  running.child.kill('SIGKILL');
  await running.exited;
};
