import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runSetup, type SetupRequest } from '../../../src/cli/setup/setup-guide.js';
import type { SetupIo } from '../../../src/cli/setup/setup-io.js';
import { startFakeDiscord, type FakeDiscord } from '../../fakes/discord/index.js';
import { FakeSpotify } from '../../fakes/spotify/index.js';

const CLIENT_ID = 'setup-client-id';
const CLIENT_SECRET = 'setup-client-secret-value';

let discord: FakeDiscord;
let spotify: FakeSpotify;
let folder: string;
let envPath: string;

beforeAll(async () => {
  spotify = await FakeSpotify.start({
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    redirectUris: ['http://127.0.0.1:3000/callback', 'https://bot.example.com/callback'],
  });
});

afterAll(async () => {
  await spotify.stop();
});

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'motherlist-setup-'));
  envPath = join(folder, '.env');
  discord = await startFakeDiscord();
});

afterEach(async () => {
  await discord.close();
  await rm(folder, { recursive: true, force: true });
});

/** Answers the questions in order and keeps everything the guide said and asked. */
const scripted = (answers: string[]): SetupIo & { transcript: string[]; unanswered: () => string[] } => {
  const transcript: string[] = [];
  const left = [...answers];
  return {
    transcript,
    unanswered: () => left,
    ask(question) {
      transcript.push(`? ${question}`);
      const answer = left.shift();
      if (answer === undefined) return Promise.reject(new Error(`unexpected question: ${question}`));
      return Promise.resolve(answer);
    },
    say(text) {
      transcript.push(text);
    },
  };
};

const setup = (io: SetupIo, overrides: Partial<SetupRequest> = {}): Promise<boolean> =>
  runSetup({
    interactive: true,
    envPath,
    env: { DISCORD_API_URL: discord.apiUrl, SPOTIFY_ACCOUNTS_URL: spotify.accountsUrl },
    given: {},
    io,
    ...overrides,
  });

const GOOD = () => [discord.token, discord.applicationId, CLIENT_ID, CLIENT_SECRET, '', ''];

const envFile = async (): Promise<Record<string, string>> => {
  const { parseEnv } = await import('node:util');
  return parseEnv(await readFile(envPath, 'utf8')) as Record<string, string>;
};

const secretsShown = (transcript: string[]): boolean =>
  transcript.some((line) => line.includes(discord.token) || line.includes(CLIENT_SECRET));

describe('npm run setup against the fake Discord and the fake Spotify', () => {
  it('checks good values, writes a private .env, prints the redirect URI and invite, registers the commands', async () => {
    const io = scripted(GOOD());
    expect(await setup(io)).toBe(true);
    expect(io.unanswered()).toEqual([]);

    expect(await envFile()).toMatchObject({
      DISCORD_TOKEN: discord.token,
      SPOTIFY_CLIENT_ID: CLIENT_ID,
      SPOTIFY_CLIENT_SECRET: CLIENT_SECRET,
      PUBLIC_URL: 'http://127.0.0.1:3000',
    });
    expect((await stat(envPath)).mode & 0o777).toBe(0o600);
    const said = io.transcript.join('\n');
    expect(said).toContain('http://127.0.0.1:3000/callback');
    expect(said).toContain(
      `https://discord.com/oauth2/authorize?client_id=${discord.applicationId}&scope=bot%20applications.commands&permissions=2147534848`,
    );
    expect(said).toContain(
      `https://discord.com/oauth2/authorize?client_id=${discord.applicationId}&integration_type=1&scope=applications.commands`,
    );
    expect(secretsShown(io.transcript)).toBe(false);
    const names = discord.commands().map((command) => command.name);
    expect(names).toEqual(expect.arrayContaining(['label', 'link', 'sort', 'help']));
    expect(said).toContain(`Registered ${names.length} slash commands globally`);
    expect(spotify.tokenRequests.at(-1)).toMatchObject({ grantType: 'client_credentials', status: 200 });
  });

  it('with DISCORD_DEV_GUILD_ID waits for the invite, then registers the commands in that server only', async () => {
    const io = scripted([...GOOD(), '']);
    const env = {
      DISCORD_API_URL: discord.apiUrl,
      SPOTIFY_ACCOUNTS_URL: spotify.accountsUrl,
      DISCORD_DEV_GUILD_ID: discord.guild.id,
    };
    expect(await setup(io, { env })).toBe(true);
    expect(io.unanswered()).toEqual([]);
    expect(io.transcript.join('\n')).toContain(`invite the bot to the server ${discord.guild.id}`);
    expect(discord.commands()).toEqual([]);
    expect(discord.commands(discord.guild.id).length).toBeGreaterThan(0);
    expect(io.transcript.join('\n')).toContain(`slash commands in the server ${discord.guild.id} only`);
  });

  it('keeps the other lines of an existing .env and offers its values as defaults', async () => {
    await writeFile(
      envPath,
      `# mine\nLOG_LEVEL=debug\nDISCORD_TOKEN=replaced.by.later\nSPOTIFY_CLIENT_ID=${CLIENT_ID}\nSPOTIFY_CLIENT_SECRET=${CLIENT_SECRET}\nDISCORD_TOKEN=${discord.token}\n`,
      { mode: 0o644 },
    );
    const io = scripted(['', discord.applicationId, '', '', 'https://bot.example.com/', '']);
    expect(await setup(io)).toBe(true);
    const text = await readFile(envPath, 'utf8');
    expect(text.startsWith('# mine\nLOG_LEVEL=debug\n')).toBe(true);
    expect(text.match(/^DISCORD_TOKEN=/gm)).toHaveLength(1);
    expect(await envFile()).toMatchObject({
      DISCORD_TOKEN: discord.token,
      PUBLIC_URL: 'https://bot.example.com',
    });
    expect((await stat(envPath)).mode & 0o777).toBe(0o600);
    expect(secretsShown(io.transcript)).toBe(false);
  });

  it('writes .env but stops before registering when another setting would keep the bot from starting', async () => {
    await writeFile(envPath, 'LOG_LEVEL=loud\n');
    const io = scripted(GOOD());
    expect(await setup(io)).toBe(false);
    expect(io.transcript.at(-1)).toContain('LOG_LEVEL must be one of');
    expect(await envFile()).toMatchObject({ LOG_LEVEL: 'loud', DISCORD_TOKEN: discord.token });
    expect(discord.commands()).toEqual([]);
  });

  it('says when a key in the environment will win over the .env it wrote, and registers with the checked token', async () => {
    const io = scripted(GOOD());
    const env = {
      DISCORD_API_URL: discord.apiUrl,
      SPOTIFY_ACCOUNTS_URL: spotify.accountsUrl,
      DISCORD_TOKEN: 'MTIz.stale.token',
    };
    expect(await setup(io, { env })).toBe(true);
    expect(io.transcript.join('\n')).toContain('DISCORD_TOKEN is also set in the environment');
    expect(discord.commands().length).toBeGreaterThan(0);
  });

  it('asks again after a wrong bot token and after a value that is no bot token', async () => {
    const io = scripted(['MTIz.wrong.token', 'an-oauth2-client-secret', ...GOOD()]);
    expect(await setup(io)).toBe(true);
    const said = io.transcript.join('\n');
    expect(said).toContain('Discord refused this token');
    expect(said).toContain('That is not a bot token');
    expect(said).not.toContain('MTIz.wrong.token');
    expect((await envFile()).DISCORD_TOKEN).toBe(discord.token);
  });

  it('names the application a token belongs to when the application id is another one', async () => {
    const [token, applicationId, ...rest] = GOOD();
    const io = scripted([token!, '123456789012345678', '', applicationId!, ...rest]);
    expect(await setup(io)).toBe(true);
    expect(io.transcript.join('\n')).toContain(
      `belongs to the application "${discord.bot.username}" (${discord.applicationId}), not to 123456789012345678`,
    );
  });

  it('asks again after a wrong Spotify client id and after a wrong client secret', async () => {
    const [token, applicationId, , , ...rest] = GOOD();
    const io = scripted([
      token!,
      applicationId!,
      'someone-elses-id',
      'not-the-secret',
      CLIENT_ID,
      '',
      CLIENT_SECRET,
      ...rest,
    ]);
    expect(await setup(io)).toBe(true);
    const said = io.transcript.join('\n');
    expect(said).toContain('Spotify knows no app with this client ID');
    expect(said).toContain('Spotify refused this client secret');
    expect(said).not.toContain('not-the-secret');
    expect(await envFile()).toMatchObject({
      SPOTIFY_CLIENT_ID: CLIENT_ID,
      SPOTIFY_CLIENT_SECRET: CLIENT_SECRET,
    });
  });

  it('asks again for a PUBLIC_URL the bot would refuse and for a redirect URI Spotify has not registered', async () => {
    const io = scripted([
      discord.token,
      discord.applicationId,
      CLIENT_ID,
      CLIENT_SECRET,
      '127.0.0.1:3000',
      'http://localhost:3000',
      'http://bot.example.com',
      'https://elsewhere.example.com',
      '',
      'http://127.0.0.1:3000',
      '',
    ]);
    expect(await setup(io)).toBe(true);
    const said = io.transcript.join('\n');
    expect(said).toContain('PUBLIC_URL must be a full URL');
    expect(said).toContain('PUBLIC_URL uses "localhost", which Spotify refuses');
    expect(said).toContain('PUBLIC_URL uses http:// on bot.example.com');
    expect(said).toContain('Spotify does not accept https://elsewhere.example.com/callback for this app yet');
    expect((await envFile()).PUBLIC_URL).toBe('http://127.0.0.1:3000');
  });

  describe('non-interactive (flags, the environment, the env file)', () => {
    const environment = () => ({
      DISCORD_API_URL: discord.apiUrl,
      SPOTIFY_ACCOUNTS_URL: spotify.accountsUrl,
      DISCORD_TOKEN: discord.token,
      SPOTIFY_CLIENT_SECRET: CLIENT_SECRET,
    });
    const given = () => ({
      applicationId: discord.applicationId,
      spotifyClientId: CLIENT_ID,
      publicUrl: 'http://127.0.0.1:3000',
    });

    it('sets up without a question when every value is right', async () => {
      const io = scripted([]);
      expect(await setup(io, { interactive: false, env: environment(), given: given() })).toBe(true);
      expect(await envFile()).toMatchObject({ DISCORD_TOKEN: discord.token, SPOTIFY_CLIENT_ID: CLIENT_ID });
      expect(discord.commands().length).toBeGreaterThan(0);
      expect(secretsShown(io.transcript)).toBe(false);
    });

    it.each([
      ['a wrong token', { env: { DISCORD_TOKEN: 'MTIz.wrong.token' } }, 'Discord refused this token'],
      [
        'a wrong application id',
        { given: { applicationId: '123456789012345678' } },
        'belongs to the application',
      ],
      [
        'a wrong client id',
        { given: { spotifyClientId: 'nobody' } },
        'Spotify knows no app with this client ID',
      ],
      [
        'a wrong client secret',
        { env: { SPOTIFY_CLIENT_SECRET: 'nope' } },
        'Spotify refused this client secret',
      ],
      [
        'a PUBLIC_URL that is no URL',
        { given: { publicUrl: 'bot.example.com' } },
        'PUBLIC_URL must be a full URL',
      ],
      [
        'a localhost PUBLIC_URL',
        { given: { publicUrl: 'http://localhost:3000' } },
        'PUBLIC_URL uses "localhost"',
      ],
      [
        'an http PUBLIC_URL on a public host',
        { given: { publicUrl: 'http://bot.example.com' } },
        'PUBLIC_URL uses http:// on bot.example.com',
      ],
      [
        'an unregistered redirect URI',
        { given: { publicUrl: 'http://127.0.0.1:3000/motherlist' } },
        'Spotify does not accept http://127.0.0.1:3000/motherlist/callback',
      ],
      ['a missing secret', { env: { SPOTIFY_CLIENT_SECRET: '' } }, 'Spotify client secret is missing'],
      [
        'a Discord that does not answer',
        { env: { DISCORD_API_URL: 'http://127.0.0.1:9/api' } },
        'Discord did not answer at http://127.0.0.1:9/api',
      ],
      [
        'a Spotify that does not answer',
        { env: { SPOTIFY_ACCOUNTS_URL: 'http://127.0.0.1:9' } },
        'Spotify did not answer at http://127.0.0.1:9',
      ],
    ])('stops on %s, says why and writes nothing', async (_name, change, words) => {
      const io = scripted([]);
      const ok = await setup(io, {
        interactive: false,
        env: { ...environment(), ...('env' in change ? change.env : {}) },
        given: { ...given(), ...('given' in change ? change.given : {}) },
      });
      expect(ok).toBe(false);
      expect(io.transcript.at(-1)).toContain(words);
      await expect(stat(envPath)).rejects.toMatchObject({ code: 'ENOENT' });
      expect(discord.commands()).toEqual([]);
    });
  });
});
