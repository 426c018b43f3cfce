import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeDiscord, type FakeDiscord } from '../fakes/discord/index.js';
import { FakeSpotify } from '../fakes/spotify/index.js';

const root = join(import.meta.dirname, '..', '..');
const CLIENT_ID = 'e2e-client-id';
const CLIENT_SECRET = 'e2e-client-secret-value';

let discord: FakeDiscord;
let spotify: FakeSpotify;
let folder: string;

beforeAll(async () => {
  discord = await startFakeDiscord();
  spotify = await FakeSpotify.start({
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    redirectUris: ['http://127.0.0.1:3000/callback'],
  });
});

afterAll(async () => {
  await discord.close();
  await spotify.stop();
  await rm(folder, { recursive: true, force: true });
});

beforeEach(async () => {
  if (folder) await rm(folder, { recursive: true, force: true });
  folder = await mkdtemp(join(tmpdir(), 'motherlist-setup-e2e-'));
});

/** Runs `npm run setup` (src/cli/setup.ts under tsx) in the folder, the answers piped to its stdin. */
const runSetup = (
  answers: string[],
  args: string[] = [],
  env: Record<string, string> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> =>
  new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        join(root, 'node_modules/tsx/dist/esm/index.mjs'),
        join(root, 'src/cli/setup.ts'),
        ...args,
      ],
      {
        cwd: folder,
        env: {
          PATH: process.env.PATH ?? '',
          TSX_TSCONFIG_PATH: join(root, 'tsconfig.json'),
          DISCORD_API_URL: discord.apiUrl,
          SPOTIFY_ACCOUNTS_URL: spotify.accountsUrl,
          ...env,
        },
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(answers.map((answer) => `${answer}\n`).join(''));
  });

describe('npm run setup as a process', () => {
  it('reads the answers from stdin, asks again after a wrong token, writes .env 0600 and registers the commands', async () => {
    await writeFile(join(folder, '.env'), 'LOG_LEVEL=warn\n');
    const { code, stdout, stderr } = await runSetup([
      'MTIz.wrong.token',
      discord.token,
      discord.applicationId,
      CLIENT_ID,
      CLIENT_SECRET,
      '',
      '',
    ]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('Discord refused this token');
    expect(stdout).toContain('http://127.0.0.1:3000/callback');
    expect(stdout).toContain(`client_id=${discord.applicationId}`);
    for (const secret of [discord.token, CLIENT_SECRET, 'MTIz.wrong.token'])
      expect(stdout).not.toContain(secret);
    const envPath = join(folder, '.env');
    expect((await stat(envPath)).mode & 0o777).toBe(0o600);
    const text = await readFile(envPath, 'utf8');
    expect(text).toContain('LOG_LEVEL=warn\n');
    expect(text).toContain(`DISCORD_TOKEN=${discord.token}\n`);
    expect(text).toContain(`SPOTIFY_CLIENT_SECRET=${CLIENT_SECRET}\n`);
    expect(discord.commands().length).toBeGreaterThan(0);
  });

  it('runs without questions from flags and the environment, writing where --env-path says', async () => {
    const { code, stdout } = await runSetup(
      [],
      [
        '--non-interactive',
        '--env-path',
        'bot.env',
        '--application-id',
        discord.applicationId,
        '--spotify-client-id',
        CLIENT_ID,
        '--public-url',
        'http://127.0.0.1:3000',
      ],
      { DISCORD_TOKEN: discord.token, SPOTIFY_CLIENT_SECRET: CLIENT_SECRET },
    );
    expect(code).toBe(0);
    expect(stdout).toContain('Registered');
    const text = await readFile(join(folder, 'bot.env'), 'utf8');
    expect(text).toContain(`SPOTIFY_CLIENT_ID=${CLIENT_ID}\n`);
    await expect(stat(join(folder, '.env'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('exits 1 without writing when a non-interactive run has a wrong secret', async () => {
    const { code, stdout } = await runSetup(
      [],
      [
        '--non-interactive',
        `--application-id=${discord.applicationId}`,
        `--spotify-client-id=${CLIENT_ID}`,
        '--public-url=http://127.0.0.1:3000',
      ],
      { DISCORD_TOKEN: discord.token, SPOTIFY_CLIENT_SECRET: 'not-the-secret' },
    );
    expect(code).toBe(1);
    expect(stdout).toContain('Spotify refused this client secret');
    await expect(stat(join(folder, '.env'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('exits 1 when the input ends before the last question', async () => {
    const { code, stderr } = await runSetup([discord.token]);
    expect(code).toBe(1);
    expect(stderr).toContain('The input ended before every question was answered.');
    await expect(stat(join(folder, '.env'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
