import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/logger.js';
import { UserError } from '../../../src/services/errors.js';
import { userErrorText } from '../../../src/bot/views/user-error.view.js';
import { ManualClock, type FakeUser, type InteractionHandle } from '../../fakes/discord/index.js';
import { startBotHarness, type BotHarness } from '../../support/bot/bot-harness.js';
import { seedSortableLayer } from '../../support/bot/sortable-layer.js';
import { SpotifySideDouble } from '../../support/bot/spotify-side-double.js';
import { waitFor } from '../../support/wait-for.js';

/**
 * The real bot against the fake Discord: a /sort shows its private "thinking…" placeholder, then
 * fails (a refusal the user can fix, or an unexpected error). The error's answer edits that
 * placeholder; when the placeholder was deleted or the interaction's token died meanwhile, the
 * user must still learn what happened: a follow-up of its own, else a DM.
 */
describe("a user's error answer when its placeholder is gone", () => {
  const clock = new ManualClock();
  const lines: string[] = [];
  const spotify = new SpotifySideDouble();
  let harness: BotHarness;
  let alice: FakeUser;
  /** Each /sort waits for `release` and then fails with `failure`. */
  let held: Promise<void> = Promise.resolve();
  let release: () => void = () => {};
  let failure: Error = new Error('unset');

  const logged = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  const lineOf = (msg: string) => logged().find((line) => line.msg === msg);
  /** The last line reportError writes, whichever way the answer went (or did not). */
  const settled = () =>
    waitFor(() =>
      logged().some((line) =>
        /^(told the user about an error|could not tell the user about an error)/.test(String(line.msg)),
      ),
    );

  const sortDeferred = async (): Promise<InteractionHandle> => {
    const handle = harness.fake.runSlashCommand({ user: alice, name: 'sort', options: { layer: 'Genres' } });
    expect((await handle.firstResponse()).type).toBe(5);
    return handle;
  };

  /** A /sort that fails with `error` once its token died; returns how many DMs Alice had before. */
  const sortFailingPastTokenLife = async (error: Error): Promise<number> => {
    failure = error;
    const dmsBefore = harness.fake.dms(alice).length;
    await sortDeferred();
    clock.advance(16 * 60_000);
    release();
    await settled();
    harness.fake.takeViolations();
    return dmsBefore;
  };

  beforeAll(async () => {
    const ports = spotify.ports();
    ports.sorter.sort = async () => {
      await held;
      throw failure;
    };
    harness = await startBotHarness(ports, {
      fake: { clock },
      logger: createLogger('debug', { write: (line: string) => lines.push(line) }),
    });
    alice = harness.fake.user('alice');
    await seedSortableLayer(harness, spotify, alice.id);
  });

  beforeEach(() => {
    lines.length = 0;
    held = new Promise<void>((resolve) => (release = resolve));
    harness.fake.setDmsClosed(alice, false);
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('sends the refusal as a follow-up of its own when the placeholder was deleted', async () => {
    failure = new UserError({ code: 'nothing-to-undo', in: 'layer', layerName: 'Genres' });
    const handle = await sortDeferred();
    // Someone deletes the "thinking…" message before the sort's answer is ready.
    harness.fake.deleteMessage(handle.reply()!.message.id);
    release();
    await settled();

    const words = userErrorText(failure as UserError);
    const shown = harness.fake.ephemeral(alice).filter((message) => message.content === words);
    expect(shown).toHaveLength(1);
    expect(harness.fake.dms(alice).filter((message) => message.content.includes(words))).toHaveLength(0);
    expect(lineOf('told the user about an error in a follow-up')).toMatchObject({
      where: '/sort',
      user: alice.id,
      code: 'nothing-to-undo',
    });
    harness.fake.assertNoViolations();
  });

  it("DMs the unexpected error's reference when the interaction's token died", async () => {
    const dmsBefore = await sortFailingPastTokenLife(new Error('the sort crashed'));

    const failed = lineOf('interaction failed');
    const referenceId = String(failed?.referenceId);
    expect(referenceId).toMatch(/^[0-9a-f]{8}$/);
    const dms = harness.fake.dms(alice).slice(dmsBefore);
    expect(dms).toHaveLength(1);
    expect(dms[0]!.content).toContain('/sort');
    expect(dms[0]!.content).toContain(referenceId);
    expect(lineOf('told the user about an error by DM')).toMatchObject({
      where: '/sort',
      user: alice.id,
      referenceId,
    });
  });

  it('logs the reference it could not tell when the token died and the DMs are closed', async () => {
    harness.fake.setDmsClosed(alice);
    const dmsBefore = await sortFailingPastTokenLife(new Error('the sort crashed again'));

    const referenceId = String(lineOf('interaction failed')?.referenceId);
    expect(harness.fake.dms(alice)).toHaveLength(dmsBefore);
    expect(lineOf('could not tell the user about an error')).toMatchObject({
      where: '/sort',
      user: alice.id,
      referenceId,
      err: { code: 50007 },
    });
  });
});
