import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

const minimal = { DISCORD_TOKEN: 'token', SPOTIFY_CLIENT_ID: 'client', SPOTIFY_CLIENT_SECRET: 'secret' };
const key = (fill: number) => Buffer.alloc(32, fill).toString('base64');

const problemsOf = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
};

describe('loadConfig', () => {
  it('lists every missing key with where to get it', () => {
    const problems = problemsOf({});
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/^DISCORD_TOKEN is missing \(Discord developer portal/);
    expect(problems[1]).toMatch(/^SPOTIFY_CLIENT_ID is missing \(Spotify developer dashboard/);
    expect(problems[2]).toMatch(/^SPOTIFY_CLIENT_SECRET is missing/);
  });

  it('reports every bad value at once', () => {
    const problems = problemsOf({
      ...minimal,
      HTTP_PORT: 'eighty',
      DATABASE_URL: 'mysql://db',
      PUBLIC_URL: 'not a url',
      TFJS_BACKEND: 'tpu',
      TOKEN_ENCRYPTION_KEY: 'short',
      SYNC_INTERVAL_MINUTES: '0',
      ML_THREADS: '0',
    });
    expect(problems.map((problem) => problem.split(' ')[0]).sort()).toEqual([
      'DATABASE_URL',
      'HTTP_PORT',
      'ML_THREADS',
      'PUBLIC_URL',
      'SYNC_INTERVAL_MINUTES',
      'TFJS_BACKEND',
      'TOKEN_ENCRYPTION_KEY',
    ]);
  });

  it('fills defaults for an embedded install', () => {
    const config = loadConfig(minimal);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.dataDir).toBe('./data');
    expect(config.httpPort).toBe(3000);
    expect(config.publicUrl).toBe('http://127.0.0.1:3000');
    expect(config.spotify.apiUrl).toBe('https://api.spotify.com/v1');
    expect(config.discord.apiUrl).toBe('https://discord.com/api');
    expect(config.tfjsBackend).toBe('auto');
    expect(config.mlThreads).toBe(2);
    expect(config.syncIntervalMinutes).toBe(10);
    expect(config.jobHeartbeatSeconds).toBe(30);
    expect(config.jobPollMs).toBe(2_000);
    expect(config.tokenEncryptionKeys).toEqual([]);
  });

  it('takes a job heartbeat from 10 s, the shortest pg-boss accepts', () => {
    expect(loadConfig({ ...minimal, JOB_HEARTBEAT_SECONDS: '10' }).jobHeartbeatSeconds).toBe(10);
    expect(problemsOf({ ...minimal, JOB_HEARTBEAT_SECONDS: '5' })).toEqual([
      'JOB_HEARTBEAT_SECONDS must be a whole number from 10 to 3600',
    ]);
  });

  it('polls for jobs from every 500 ms, the most often pg-boss accepts', () => {
    expect(loadConfig({ ...minimal, JOB_POLL_MS: '500' }).jobPollMs).toBe(500);
    expect(problemsOf({ ...minimal, JOB_POLL_MS: '100' })).toEqual([
      'JOB_POLL_MS must be a whole number from 500 to 60000',
    ]);
  });

  it('requires an encryption key with PostgreSQL', () => {
    expect(problemsOf({ ...minimal, DATABASE_URL: 'postgres://localhost/motherlist' })[0]).toMatch(
      /^TOKEN_ENCRYPTION_KEY is missing/,
    );
  });

  it('reads rotating encryption keys, the first one current', () => {
    const config = loadConfig({ ...minimal, TOKEN_ENCRYPTION_KEY: `new:${key(2)},old:${key(1)}` });
    expect(config.tokenEncryptionKeys.map((entry) => entry.id)).toEqual(['new', 'old']);
    expect(config.tokenEncryptionKeys[0]?.key.equals(Buffer.alloc(32, 2))).toBe(true);
  });

  it('trims trailing slashes from base URLs', () => {
    const config = loadConfig({
      ...minimal,
      SPOTIFY_API_URL: 'http://127.0.0.1:9000/v1/',
      PUBLIC_URL: 'https://bot.example/',
    });
    expect(config.spotify.apiUrl).toBe('http://127.0.0.1:9000/v1');
    expect(config.publicUrl).toBe('https://bot.example');
  });

  describe('PUBLIC_URL (the redirect URI is PUBLIC_URL/callback)', () => {
    it.each([
      ['a loopback IPv4 over http', 'http://127.0.0.1:3000'],
      ['another loopback IPv4', 'http://127.0.0.2:8080'],
      ['the loopback IPv6 over http', 'http://[::1]:3000'],
      ['a public name over https', 'https://bot.example.com'],
      ['https with a path', 'https://example.com/motherlist'],
    ])('accepts %s', (_what, value) => {
      expect(loadConfig({ ...minimal, PUBLIC_URL: value }).publicUrl).toBe(value);
    });

    it.each([
      ['localhost over http', 'http://localhost:3000', 'uses "localhost"', 'http://127.0.0.1:3000'],
      ['localhost over https', 'https://localhost', 'uses "localhost"', 'http://127.0.0.1:HTTP_PORT'],
      ['a name under localhost', 'http://bot.localhost:3000', 'uses "localhost"', 'http://127.0.0.1:3000'],
      ['http on a public name', 'http://bot.example.com', 'uses http:// on bot.example.com', 'reverse proxy'],
      [
        'http on a LAN address',
        'http://192.168.1.5:3000',
        'uses http:// on 192.168.1.5',
        'http://127.0.0.1:3000',
      ],
      ['another scheme', 'ftp://bot.example.com', 'must start with https://', 'loopback IP'],
      ['a query', 'https://bot.example.com/?from=discord', 'must not carry a ?query', 'PUBLIC_URL/callback'],
    ])('refuses %s and says why', (_what, value, problem, advice) => {
      const [message, ...others] = problemsOf({ ...minimal, PUBLIC_URL: value });
      expect(others).toEqual([]);
      expect(message).toContain(`PUBLIC_URL ${problem}`);
      expect(message).toContain(advice);
    });
  });
});
