import { z } from 'zod';

/** Where a person finds the value of each key, shown when it is missing or wrong. */
export const WHERE_TO_GET: Record<string, string> = {
  DISCORD_TOKEN: 'Discord developer portal → your application → Bot → Reset Token',
  SPOTIFY_CLIENT_ID: 'Spotify developer dashboard → your app → Settings → Client ID',
  SPOTIFY_CLIENT_SECRET: 'Spotify developer dashboard → your app → Settings → View client secret',
  PUBLIC_URL: 'the address people open in a browser to reach this server, e.g. http://127.0.0.1:3000',
  TOKEN_ENCRYPTION_KEY: 'generate one with: openssl rand -base64 32',
  DATABASE_URL: 'a postgres:// URL, or leave it unset for the embedded database',
};

const optionalString = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim()));

const url = (fallback: string) =>
  optionalString
    .pipe(z.url({ message: 'must be a full URL such as https://example.com' }).optional())
    .transform((value) => (value ?? fallback).replace(/\/+$/, ''));

const integer = (fallback: number, min: number, max: number) =>
  optionalString.transform((value, ctx) => {
    if (value === undefined) return fallback;
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
      ctx.addIssue({ code: 'custom', message: `must be a whole number from ${min} to ${max}` });
      return z.NEVER;
    }
    return parsed;
  });

/** `id:base64,id:base64` or a single base64 key (id `k1`); the first key encrypts, all of them decrypt. */
const encryptionKeys = optionalString.transform((value, ctx) => {
  if (value === undefined) return [];
  const keys: EncryptionKey[] = [];
  for (const [index, part] of value.split(',').entries()) {
    const [id, encoded] = part.includes(':') ? part.split(':', 2) : [`k${index + 1}`, part];
    const key = Buffer.from(encoded ?? '', 'base64');
    if (!id || key.length !== 32) {
      ctx.addIssue({
        code: 'custom',
        message: 'each key must be 32 bytes in base64 (optionally prefixed "id:")',
      });
      return z.NEVER;
    }
    keys.push({ id, key });
  }
  return keys;
});

const isLoopbackIp = (hostname: string): boolean =>
  hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);

/**
 * What Spotify would refuse in the redirect URI `PUBLIC_URL/callback`: HTTPS, or plain HTTP on a
 * loopback IP literal only, and never the name `localhost`.
 */
const publicUrlProblem = (value: string): string | undefined => {
  const url = new URL(value);
  const loopback = `http://127.0.0.1:${url.port || 'HTTP_PORT'}`;
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return 'must start with https:// (or http:// on a loopback IP such as 127.0.0.1)';
  }
  if (url.hostname === 'localhost' || url.hostname.endsWith('.localhost')) {
    return `uses "localhost", which Spotify refuses in redirect URIs; use the loopback IP instead: ${loopback}`;
  }
  if (url.protocol === 'http:' && !isLoopbackIp(url.hostname)) {
    return `uses http:// on ${url.hostname}, but Spotify accepts plain HTTP only on a loopback IP (127.0.0.1 or [::1]): serve the bot over https:// behind a reverse proxy (README: "A public address"), or use ${loopback} on one machine`;
  }
  if (url.search || url.hash)
    return 'must not carry a ?query or #fragment (the redirect URI is PUBLIC_URL/callback)';
  return undefined;
};

const required = (key: string) =>
  z.string({ message: 'is missing' }).trim().min(1, { message: 'is missing' }).describe(key);

const schema = z.object({
  DISCORD_TOKEN: required('DISCORD_TOKEN'),
  DISCORD_API_URL: url('https://discord.com/api'),
  DISCORD_DEV_GUILD_ID: optionalString,
  SPOTIFY_CLIENT_ID: required('SPOTIFY_CLIENT_ID'),
  SPOTIFY_CLIENT_SECRET: required('SPOTIFY_CLIENT_SECRET'),
  PUBLIC_URL: optionalString
    .pipe(z.url({ message: 'must be a full URL such as https://bot.example.com' }).optional())
    .superRefine((value, ctx) => {
      // Runs after a failed URL check too (zod reports every issue); that one has already said what is wrong.
      const problem = value === undefined || !URL.canParse(value) ? undefined : publicUrlProblem(value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
  SPOTIFY_API_URL: url('https://api.spotify.com/v1'),
  SPOTIFY_ACCOUNTS_URL: url('https://accounts.spotify.com'),
  DATABASE_URL: optionalString.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, { message: 'must start with postgres:// or postgresql://' })
      .optional(),
  ),
  DATA_DIR: optionalString.transform((value) => value ?? './data'),
  HTTP_PORT: integer(3000, 0, 65_535),
  TOKEN_ENCRYPTION_KEY: encryptionKeys,
  REDIS_URL: optionalString.pipe(
    z
      .string()
      .regex(/^rediss?:\/\//, { message: 'must start with redis:// or rediss://' })
      .optional(),
  ),
  RECCOBEATS_API_URL: url('https://api.reccobeats.com'),
  MUSICBRAINZ_API_URL: url('https://musicbrainz.org'),
  LASTFM_API_KEY: optionalString,
  LASTFM_API_URL: url('https://ws.audioscrobbler.com/2.0'),
  TFJS_BACKEND: optionalString
    .pipe(
      z
        .enum(['auto', 'gpu', 'node', 'wasm', 'cpu'], {
          message: 'must be one of auto, gpu, node, wasm, cpu',
        })
        .optional(),
    )
    .transform((v) => v ?? 'auto'),
  ML_THREADS: integer(2, 1, 64),
  SYNC_INTERVAL_MINUTES: integer(10, 1, 10_080),
  JOB_HEARTBEAT_SECONDS: integer(30, 10, 3_600),
  JOB_POLL_MS: integer(2_000, 500, 60_000),
  SPOTIFY_DAILY_BUDGET: integer(1_000, 50, 1_000_000),
  METRICS: optionalString
    .pipe(z.enum(['true', 'false'], { message: 'must be true or false' }).optional())
    .transform((value) => value === 'true'),
  METRICS_TOKEN: optionalString,
  CHART_EMOJI_FONT: optionalString.transform(
    (value) => value ?? '/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf',
  ),
  LOG_LEVEL: optionalString
    .pipe(
      z
        .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
          message: 'must be one of fatal, error, warn, info, debug, trace, silent',
        })
        .optional(),
    )
    .transform((v) => v ?? 'info'),
});

type SettingKey = keyof typeof schema.shape;

/**
 * One setting read as `loadConfig` reads it, for the setup guide, which checks each answer as it
 * is given, before the other settings exist.
 */
export const readSetting = <K extends SettingKey>(
  key: K,
  env: NodeJS.ProcessEnv,
): { ok: true; value: z.output<(typeof schema.shape)[K]> } | { ok: false; problems: string[] } => {
  const parsed = schema.shape[key].safeParse(env[key]);
  if (parsed.success) return { ok: true, value: parsed.data as z.output<(typeof schema.shape)[K]> };
  return { ok: false, problems: [...new Set(parsed.error.issues.map((issue) => issue.message))] };
};

export interface EncryptionKey {
  id: string;
  key: Buffer;
}

export type TfjsBackendName = 'auto' | 'gpu' | 'node' | 'wasm' | 'cpu';

export interface Config {
  discord: { token: string; apiUrl: string; devGuildId: string | undefined };
  spotify: { clientId: string; clientSecret: string; apiUrl: string; accountsUrl: string };
  publicUrl: string;
  httpPort: number;
  /** Unset: the embedded PGlite database under dataDir. */
  databaseUrl: string | undefined;
  dataDir: string;
  /** Empty when unset; the embedded mode may then generate one into dataDir. */
  tokenEncryptionKeys: EncryptionKey[];
  redisUrl: string | undefined;
  enrichment: {
    reccobeatsApiUrl: string;
    musicbrainzApiUrl: string;
    lastfmApiKey: string | undefined;
    lastfmApiUrl: string;
  };
  tfjsBackend: TfjsBackendName;
  /** Worker threads for model work (training, prediction); each runs its own tfjs backend. */
  mlThreads: number;
  syncIntervalMinutes: number;
  /**
   * A running /train reports alive this often (twice per period); a job silent for longer belonged
   * to a process that died, and is retried.
   */
  jobHeartbeatSeconds: number;
  /** An idle process asks the database for new jobs this often. */
  jobPollMs: number;
  /** Spotify requests per rolling 24 hours for the whole bot (every user, every process). */
  spotifyDailyBudget: number;
  /** `/metrics` for Prometheus (METRICS=true), behind `Authorization: Bearer <token>` when a token is set. */
  metrics: { enabled: boolean; token: string | undefined };
  /** The colour emoji font file the charts draw emoji in playlist names with. */
  chartEmojiFont: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `Motherlist cannot start; fix these settings (environment or .env):\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
    this.name = 'ConfigError';
  }
}

/** Parses the environment once; throws one ConfigError listing every problem. */
export const loadConfig = (env: NodeJS.ProcessEnv = process.env): Config => {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const key = String(issue.path[0] ?? '?');
      const hint = WHERE_TO_GET[key];
      return `${key} ${issue.message}${hint ? ` (${hint})` : ''}`;
    });
    throw new ConfigError([...new Set(problems)]);
  }
  const e = parsed.data;
  if (e.DATABASE_URL && e.TOKEN_ENCRYPTION_KEY.length === 0) {
    throw new ConfigError([
      `TOKEN_ENCRYPTION_KEY is missing; it is required with DATABASE_URL (${WHERE_TO_GET.TOKEN_ENCRYPTION_KEY})`,
    ]);
  }
  return {
    discord: { token: e.DISCORD_TOKEN, apiUrl: e.DISCORD_API_URL, devGuildId: e.DISCORD_DEV_GUILD_ID },
    spotify: {
      clientId: e.SPOTIFY_CLIENT_ID,
      clientSecret: e.SPOTIFY_CLIENT_SECRET,
      apiUrl: e.SPOTIFY_API_URL,
      accountsUrl: e.SPOTIFY_ACCOUNTS_URL,
    },
    publicUrl: (e.PUBLIC_URL ?? `http://127.0.0.1:${e.HTTP_PORT}`).replace(/\/+$/, ''),
    httpPort: e.HTTP_PORT,
    databaseUrl: e.DATABASE_URL,
    dataDir: e.DATA_DIR,
    tokenEncryptionKeys: e.TOKEN_ENCRYPTION_KEY,
    redisUrl: e.REDIS_URL,
    enrichment: {
      reccobeatsApiUrl: e.RECCOBEATS_API_URL,
      musicbrainzApiUrl: e.MUSICBRAINZ_API_URL,
      lastfmApiKey: e.LASTFM_API_KEY,
      lastfmApiUrl: e.LASTFM_API_URL,
    },
    tfjsBackend: e.TFJS_BACKEND,
    mlThreads: e.ML_THREADS,
    syncIntervalMinutes: e.SYNC_INTERVAL_MINUTES,
    jobHeartbeatSeconds: e.JOB_HEARTBEAT_SECONDS,
    jobPollMs: e.JOB_POLL_MS,
    spotifyDailyBudget: e.SPOTIFY_DAILY_BUDGET,
    metrics: { enabled: e.METRICS, token: e.METRICS_TOKEN },
    chartEmojiFont: e.CHART_EMOJI_FONT,
    logLevel: e.LOG_LEVEL,
  };
};

/** Loads `.env` from the working directory when there is one; real environment variables win. */
export const readEnvFile = (path = '.env'): void => {
  try {
    process.loadEnvFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
};
