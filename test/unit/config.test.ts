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
    expect(config.tokenEncryptionKeys).toEqual([]);
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
});
