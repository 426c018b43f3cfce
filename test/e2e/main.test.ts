import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FakeDiscord } from '../fakes/discord/index.js';

const root = join(import.meta.dirname, '..', '..');
const emptyFolder = mkdtempSync(join(tmpdir(), 'motherlist-start-'));
afterAll(() => rmSync(emptyFolder, { recursive: true, force: true }));

interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `src/main.ts` as `npm start` does, in a folder without .env, with only the given environment. */
const launch = (env: Record<string, string>) =>
  spawn(
    process.execPath,
    ['--import', join(root, 'node_modules/tsx/dist/esm/index.mjs'), join(root, 'src/main.ts')],
    {
      cwd: emptyFolder,
      // tsx reads tsconfig.json (legacy decorators) from the working directory unless told where it is.
      env: { PATH: process.env.PATH ?? '', TSX_TSCONFIG_PATH: join(root, 'tsconfig.json'), ...env },
    },
  );

const start = (env: Record<string, string>): Promise<Exit> =>
  new Promise((resolve) => {
    const child = launch(env);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });

const credentials = { DISCORD_TOKEN: 'token', SPOTIFY_CLIENT_ID: 'id', SPOTIFY_CLIENT_SECRET: 'secret' };

describe('process start', () => {
  it('without configuration lists the missing keys and exits non-zero, no stack trace', async () => {
    const { code, stderr } = await start({});
    expect(code).toBe(1);
    expect(stderr).toContain('DISCORD_TOKEN is missing');
    expect(stderr).toContain('SPOTIFY_CLIENT_ID is missing');
    expect(stderr).toContain('SPOTIFY_CLIENT_SECRET is missing');
    expect(stderr).not.toMatch(/^\s+at /m);
  });

  it('with an unreachable DATABASE_URL says so in one line naming the host', async () => {
    const { code, stderr } = await start({
      ...credentials,
      DATABASE_URL: 'postgres://motherlist@127.0.0.1:1/motherlist',
      TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
    });
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^Cannot reach PostgreSQL at 127\.0\.0\.1:1 /),
    ]);
  });

  it('starts web server and bot, then stops cleanly on SIGTERM within 10 s', async () => {
    const discord = await FakeDiscord.start();
    const dataDir = join(emptyFolder, 'data');
    try {
      const child = launch({
        ...credentials,
        DISCORD_TOKEN: discord.token,
        DISCORD_API_URL: discord.apiUrl,
        DATA_DIR: dataDir,
        HTTP_PORT: '0',
      });
      let output = '';
      const ready = new Promise<void>((resolve) => {
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          if (output.includes('connected to Discord')) resolve();
        });
      });
      const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
      await ready;
      const port = Number(/"port":(\d+)/.exec(output)?.[1]);
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);

      const stopAsked = Date.now();
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(Date.now() - stopAsked).toBeLessThan(10_000);
      expect(output).toContain('"msg":"stopped"');
      expect(existsSync(join(dataDir, 'pgdata.lock'))).toBe(false);
    } finally {
      await discord.close();
    }
  }, 120_000);
});
