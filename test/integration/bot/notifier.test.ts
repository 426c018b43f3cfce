import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customId } from '../../../src/bot/custom-id.js';
import { createDiscordSide } from '../../../src/bot/start-bot.js';
import { findStringSelect, type FakeUser } from '../../fakes/discord/index.js';
import { quietLogger, startBotHarness, type BotHarness } from '../../support/bot/bot-harness.js';
import { SpotifySideDouble } from '../../support/bot/spotify-side-double.js';

describe('DMs through the Discord notifier', () => {
  let harness: BotHarness;
  const spotify = new SpotifySideDouble();
  let alice: FakeUser;
  let bob: FakeUser;

  beforeAll(async () => {
    harness = await startBotHarness(spotify.ports());
    alice = harness.fake.user('alice');
    bob = harness.fake.user('bob');
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('sends the new-songs summary and the relink request as DMs', async () => {
    const { notifier } = harness.bot;
    expect(
      await notifier.sendDm(alice.id, {
        kind: 'new-songs',
        layerName: 'Genres',
        placements: [{ sublistName: 'Rock', trackNames: ['A – One', 'B – Two'] }],
        voidCount: 1,
      }),
    ).toEqual({ delivered: true });
    expect(await notifier.sendDm(alice.id, { kind: 'relink', reason: 'the refresh token expired' })).toEqual({
      delivered: true,
    });
    const dms = harness.fake.dms(alice);
    expect(dms[0]?.embeds[0]?.title).toBe('New songs sorted in Genres');
    expect(dms[0]?.embeds[0]?.description).toBe('**Rock** (2): A – One, B – Two\nvoid: 1');
    expect(dms[1]?.content).toContain('Please link again with `/link`');
    harness.fake.assertNoViolations();
  });

  it('sends the DM to a user whose Spotify link the bot removed, with its Link again button', async () => {
    expect(await harness.bot.notifier.sendDm(bob.id, { kind: 'link-removed' })).toEqual({ delivered: true });
    const dm = harness.fake.dms(bob).at(-1);
    expect(dm?.content).toContain('Motherlist removed your Spotify link');
    expect(JSON.stringify(dm?.components)).toContain('"label":"Link again"');
    harness.fake.assertNoViolations();
  });

  it('a non-mutual waiting song guessed for many long-named sublists: each sublist with its own figure, within Discord’s limits', async () => {
    const { notifier } = harness.bot;
    const sublists = Array.from({ length: 20 }, (_, i) => ({
      id: `00000000-0000-4000-8000-${String(100 + i).padStart(12, '0')}`,
      name: `Mood ${i + 1}: ${'a sublist with a very long name '.repeat(4)}`.slice(0, 100),
    }));
    const ids = sublists.map((s) => s.id);
    expect(
      await notifier.sendDm(alice.id, {
        kind: 'new-songs',
        layerName: 'Moods',
        placements: [],
        voidCount: 0,
        layerId: '00000000-0000-4000-8000-000000000001',
        sublists,
        mode: { mutual: false, complete: false },
        waiting: [
          {
            trackId: '4uLU6hMCjMI75M1A2tKUQC',
            trackName: 'Maybe',
            sublistIds: ids,
            confidence: 0.6,
            memberships: Object.fromEntries(ids.map((id, i) => [id, 0.7 - i / 100])),
          },
        ],
        waitingCount: 1,
      }),
    ).toEqual({ delivered: true });
    const dm = harness.fake.dms(alice).at(-1);
    expect(dm?.embeds[0]?.description).toMatch(
      /Maybe \(best guess: 70% sure of \*\*Mood 1: .+ and \d+ more\)/,
    );
    if (!dm) throw new Error('no DM');
    const { options } = findStringSelect(
      dm,
      customId('pw', '00000000000040008000000000000001', '4uLU6hMCjMI75M1A2tKUQC', 'c'),
    );
    expect(options[1]?.description).toMatch(/^best guess: 69% sure of Mood 2: a sublist .+…$/);
    harness.fake.assertNoViolations();
  });

  it('records a refusal (50007), does not retry it at the next sync, and /status shows it', async () => {
    harness.fake.setDmsClosed(bob);
    const { notifier } = harness.bot;
    expect(await notifier.sendDm(bob.id, { kind: 'text', text: 'hello' })).toEqual({
      delivered: false,
      reason: 'dms-closed',
    });
    const attempts = harness.fake.requestsTo('POST', '/channels/:channelId/messages').length;
    expect(await notifier.sendDm(bob.id, { kind: 'text', text: 'again' })).toEqual({
      delivered: false,
      reason: 'suppressed',
    });
    expect(harness.fake.requestsTo('POST', '/channels/:channelId/messages')).toHaveLength(attempts);
    const failure = await harness.set.dmStatus.failureOf(bob.id);
    expect(failure?.reason).toContain('50007');

    const status = await harness.fake.runSlashCommand({ user: bob, name: 'status' }).settled();
    expect(status?.embeds[0]?.description).toContain('Discord refused my last DM');
  });

  it('/status’s Try a DM: still refused, it says so; once Bob opens his DMs, it delivers one and DMs flow again at once', async () => {
    const { notifier } = harness.bot;
    const tryDm = async () => {
      const status = await harness.fake.runSlashCommand({ user: bob, name: 'status' }).settled();
      if (!status) throw new Error('no /status');
      const press = harness.fake.pressButton({
        user: bob,
        message: status.message,
        customId: customId('dt'),
      });
      return harness.fake.waitFor(() =>
        harness.fake.ephemeral(bob).find((m) => m.interaction_metadata?.id === press.id && m.content !== ''),
      );
    };
    const refused = await tryDm();
    expect(refused.content).toContain('Discord still refuses');
    expect((await harness.set.dmStatus.failureOf(bob.id))?.reason).toContain('50007');

    harness.fake.setDmsClosed(bob, false);
    const delivered = await tryDm();
    expect(delivered.content).toContain('Delivered');
    expect(harness.fake.dms(bob).at(-1)?.content).toContain('DMs from Motherlist work');
    expect(await harness.set.dmStatus.failureOf(bob.id)).toBeUndefined();
    // No 24-hour pause left: the next summary goes out.
    expect(await notifier.sendDm(bob.id, { kind: 'text', text: 'new songs' })).toEqual({ delivered: true });
    harness.fake.assertNoViolations();
  });

  it('sends DMs from a client that never logged in, as an npm run worker process has', async () => {
    const worker = createDiscordSide({
      token: harness.fake.token,
      apiUrl: harness.fake.apiUrl,
      logger: quietLogger,
      dmStatus: harness.set.dmStatus,
    });
    try {
      const before = harness.fake.dms(alice).length;
      expect(await worker.notifier.sendDm(alice.id, { kind: 'text', text: 'from a worker' })).toEqual({
        delivered: true,
      });
      expect(
        await worker.notifier.sendDm(alice.id, {
          kind: 'new-songs',
          layerName: 'Genres',
          placements: [{ sublistName: 'Rock', trackNames: ['C – Three'] }],
          voidCount: 0,
        }),
      ).toEqual({ delivered: true });
      const dms = harness.fake.dms(alice).slice(before);
      expect(dms[0]?.content).toBe('from a worker');
      expect(dms[1]?.embeds[0]?.description).toBe('**Rock** (1): C – Three');
      harness.fake.assertNoViolations();
    } finally {
      await worker.client.destroy();
    }
  });
});
