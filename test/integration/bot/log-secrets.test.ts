import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/logger.js';
import { ManualClock, type FakeUser } from '../../fakes/discord/index.js';
import { startBotHarness, type BotHarness } from '../../support/bot/bot-harness.js';
import { seedSortableLayer } from '../../support/bot/sortable-layer.js';
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
    await waitFor(() =>
      lines.some((line) => /told the user about an error|could not tell the user/.test(line)),
    );
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
    // The interaction is dead, so the reference the user needs comes by DM.
    expect(harness.fake.dms(alice).at(-1)?.content).toContain(String(failed?.referenceId));
  });
});

/**
 * A /sort whose summary (with its chart attached) reaches Discord after the interaction's token
 * died: discord.js's error holds the request's body (the summary: the layer's, sublists' and
 * songs' names) and files, the chart's PNG among them.
 */
describe("the bot's log when Discord refuses a summary with its chart", () => {
  const [LAYER, SUBLIST, SONG] = ['Midnight Drives', 'Quiet Storm Classics', 'Velvet Hours Theme'];
  const clock = new ManualClock();
  const lines: string[] = [];
  const spotify = new SpotifySideDouble();
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  let harness: BotHarness;
  let alice: FakeUser;

  beforeAll(async () => {
    const ports = spotify.ports();
    const sort = ports.sorter.sort;
    // The sort takes longer than the interaction's 15 minutes.
    ports.sorter.sort = async (...args) => {
      await held;
      return sort(...args);
    };
    harness = await startBotHarness(ports, {
      fake: { clock },
      logger: createLogger('debug', { write: (line: string) => lines.push(line) }),
    });
    alice = harness.fake.user('alice');
    await seedSortableLayer(harness, spotify, alice.id, { layer: LAYER, sublist: SUBLIST, song: SONG });
  });

  afterAll(async () => {
    await harness?.close();
  });

  it("logs the failure with the summary's and the chart's sizes, never their content", async () => {
    const handle = harness.fake.runSlashCommand({ user: alice, name: 'sort', options: { layer: LAYER } });
    await handle.firstResponse();
    clock.advance(16 * 60_000);
    release();
    await waitFor(() =>
      lines.some((line) => /told the user about an error|could not tell the user/.test(line)),
    );
    harness.fake.takeViolations();

    const failed = lines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .find((line) => line.msg === 'interaction failed');
    expect(failed).toMatchObject({ where: '/sort', err: { code: 50027, status: 401 } });
    // The PNG's signature as JSON numbers (a Buffer) or as an indexed object (a Uint8Array).
    for (const line of lines) {
      expect(line).not.toMatch(/\[137,80,78,71/);
      expect(line).not.toMatch(/"0":137,"1":80/);
      expect(line.length).toBeLessThan(20_000);
    }
    // The summary named the layer, its sublist and the song: none of them is in any line.
    for (const line of lines) for (const name of [LAYER, SUBLIST, SONG]) expect(line).not.toContain(name);
    const size = expect.stringMatching(/^\[\d+ bytes\]$/);
    expect(failed).toMatchObject({
      err: {
        method: 'PATCH',
        url: expect.stringContaining('/webhooks/'),
        message: 'Invalid Webhook Token',
        requestBody: { json: size, files: [size] },
      },
    });
  });
});
