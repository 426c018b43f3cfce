import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployCommands } from '../../src/bot/deploy-commands.js';
import { FakeDiscord, type FakeUser } from '../fakes/discord/index.js';

const root = join(import.meta.dirname, '..', '..');
const folder = mkdtempSync(join(tmpdir(), 'motherlist-escape-'));

interface Running {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/**
 * The bot process against the fake Discord (issue 24 item 4): one unreadable interaction is
 * answered and the bot goes on; an error that escapes every handler is logged with a reference
 * and ends the process non-zero for the supervisor, and the restarted process has lost nothing.
 */
describe('the bot process and errors that escape', () => {
  let discord: FakeDiscord;
  let alice: FakeUser;

  const launch = async (): Promise<Running> => {
    const child = spawn(
      process.execPath,
      ['--import', join(root, 'node_modules/tsx/dist/esm/index.mjs'), join(root, 'src/main.ts')],
      {
        cwd: folder,
        env: {
          PATH: process.env.PATH ?? '',
          TSX_TSCONFIG_PATH: join(root, 'tsconfig.json'),
          DISCORD_TOKEN: discord.token,
          DISCORD_API_URL: discord.apiUrl,
          SPOTIFY_CLIENT_ID: 'id',
          SPOTIFY_CLIENT_SECRET: 'secret',
          DATA_DIR: join(folder, 'data'),
          HTTP_PORT: '0',
        },
      },
    );
    let output = '';
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const ready = new Promise<void>((resolve, reject) => {
      child.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('connected to Discord')) resolve();
      });
      child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      void exited.then((code) => reject(new Error(`exited with ${code} before connecting:\n${output}`)));
    });
    await ready;
    return { child, output: () => output, exited };
  };

  const settingsText = async (options: Record<string, number> = {}) => {
    const reply = await discord.runSlashCommand({ user: alice, name: 'settings', options }).settled();
    return JSON.stringify([reply?.content, reply?.embeds]);
  };

  beforeAll(async () => {
    discord = await FakeDiscord.start({ waitTimeoutMs: 20_000 });
    alice = discord.user('alice');
    await deployCommands({ token: discord.token, apiUrl: discord.apiUrl, guildId: undefined });
  });

  afterAll(async () => {
    await discord?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('survives an unreadable interaction, exits 1 with a reference on an escaped error, restarts with nothing lost', async () => {
    const first = await launch();
    try {
      expect(await settingsText({ sync_interval: 30 })).toContain('every 30 minutes');

      const unreadable = discord.forgeComponent({
        user: alice,
        channel: discord.dmChannelOf(alice),
        customId: 'ml1:su:00000000000040008000000000000001',
        withoutMessage: true,
      });
      const answer = await unreadable.firstResponse();
      expect((answer.data as { content?: string }).content).toMatch(/reference: `[0-9a-f]{8}`/);
      expect(first.child.exitCode).toBeNull();
      expect(await settingsText()).toContain('every 30 minutes');

      // A broken event outside the interaction entry: discord.js throws in its gateway handler.
      discord.gateway.dispatch('GUILD_CREATE', null);
      expect(await first.exited).toBe(1);
      const fatal = first
        .output()
        .split('\n')
        .find((line) => line.includes('"level":60'));
      expect(fatal).toMatch(/"referenceId":"[0-9a-f]{8}"/);
      expect(fatal).toContain('exiting so that the supervisor restarts Motherlist');
    } finally {
      first.child.kill('SIGKILL');
    }

    const second = await launch();
    try {
      expect(await settingsText()).toContain('every 30 minutes');
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }
  }, 240_000);
});
