import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/logger.js';
import { ManualClock, type FakeUser } from '../../fakes/discord/index.js';
import { startBotHarness, type BotHarness } from '../../support/bot/bot-harness.js';
import { SpotifySideDouble } from '../../support/bot/spotify-side-double.js';
import { waitFor } from '../../support/wait-for.js';

/**
 * The real bot, with the logger the app builds, against the fake Discord: an interaction answered
 * past Discord's 3 s fails with a REST error whose URL holds the interaction's token.
 */
describe("the bot's log when Discord refuses an answer", () => {
  const clock = new ManualClock();
  const lines: string[] = [];
  let harness: BotHarness;
  let alice: FakeUser;

  beforeAll(async () => {
    harness = await startBotHarness(new SpotifySideDouble().ports(), {
      fake: { clock },
      logger: createLogger('debug', { write: (line: string) => lines.push(line) }),
    });
    alice = harness.fake.user('alice');
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('logs the failure with its reference, status and route, without the interaction token', async () => {
    const handle = harness.fake.runSlashCommand({ user: alice, name: 'settings' });
    // Discord's clock passes the first-response window before the bot can answer.
    clock.advance(5_000);
    await waitFor(() => lines.some((line) => line.includes('could not tell the user about an error')));
    expect(harness.fake.takeViolations().map((v) => v.kind)).toContain('interaction');

    // discord.js puts the token in the URL percent-encoded; the part after its colon is the secret.
    const secret = handle.token.split(':').at(-1) ?? '';
    expect(secret.length).toBeGreaterThan(10);
    for (const line of lines) expect(line).not.toContain(secret);
    const failed = lines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .find((line) => line.msg === 'interaction failed');
    expect(failed).toMatchObject({
      where: '/settings',
      referenceId: expect.stringMatching(/^[0-9a-f]{8}$/),
      err: {
        code: 10062,
        status: 404,
        method: 'POST',
        url: expect.stringContaining(`/interactions/${handle.id}/[redacted]/callback`),
      },
    });
  });
});
