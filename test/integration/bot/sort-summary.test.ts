import type { APIMessage, APIStringSelectComponent } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compactUuid } from '../../../src/bot/custom-id.js';
import type { MotherlistBot } from '../../../src/bot/start-bot.js';
import {
  allComponents,
  findButton,
  isEphemeral,
  ManualClock,
  startFakeDiscord,
  type FakeDiscord,
  type FakeUser,
} from '../../fakes/discord/index.js';
import {
  botServicesOver,
  genreSeedTracks,
  labelGenres,
  startSortingWorld,
  type SortingWorld,
} from '../../support/sorting-world.js';
import { deployAndStartBot } from '../../support/bot/bot-harness.js';
import { privateAnswer } from '../../support/bot/private-answer.js';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const TRACKS = genreSeedTracks(30, 'ss');
const LABELED = 12;

const menus = (message: APIMessage): APIStringSelectComponent[] =>
  allComponents(message).filter((c) => c.type === 3) as unknown as APIStringSelectComponent[];

/**
 * The /sort summary on the real services over the fake Spotify, through the real discord.js
 * client on the fake Discord: correction menus for its least certain placements, and its chart.
 */
describe('/sort summary: correction menus and the chart', () => {
  let discord: FakeDiscord;
  let world: SortingWorld;
  let bot: MotherlistBot;
  let alice: FakeUser;
  const clock = new ManualClock();

  const playlistOf = (sublistId: string) =>
    world.harness.fake.playlist(world.sublists.find((s) => s.id === sublistId)?.playlistId ?? '').trackIds;
  const sublistIdOf = (value: string) => world.sublists.find((s) => compactUuid(s.id) === value)?.id ?? '';
  const sort = async (options: Record<string, string | boolean>) => {
    const handle = discord.runSlashCommand({
      user: alice,
      name: 'sort',
      options: { layer: 'genres', ...options },
    });
    // A private summary is the reply; a public one is posted as a message of its own (the private
    // "thinking…" goes).
    const summaryOf = () => {
      const reply = handle.reply();
      if (reply && !reply.loading && reply.embeds.length > 0) return reply.message;
      return handle.followups().find((m) => m.embeds.length > 0);
    };
    return discord.waitFor(summaryOf, { timeoutMs: 120_000, what: 'the sort summary' });
  };
  /** Undoes alice's sorts, newest first, until none is left: the sublists are empty again. */
  const undoEverySort = async () => {
    for (;;) {
      const undone = await world.services.sortRuns.undoLast(alice.id, world.layer).catch(() => undefined);
      if (!undone) break;
    }
  };
  /** Alice's public results in the test server. */
  const publicResults = (on: boolean) =>
    discord.runSlashCommand({ user: alice, name: 'settings', options: { public_results: on } }).settled();
  /** Picks `value` in a summary's menu and waits until the summary says what happened. */
  const select = async (summary: APIMessage, customId: string, value: string, says: string) => {
    await discord.selectValues({ user: alice, message: summary, customId, values: [value] }).settled();
    return discord.waitFor(() => (discord.message(summary.id).content.includes(says) ? true : undefined), {
      what: `the summary saying “${says}”`,
    });
  };
  /** The first menu's track, the option it is on now, and another sublist to move it to. */
  const firstMenu = (message: APIMessage) => {
    const menu = menus(message)[0];
    if (!menu) throw new Error('no correction menu');
    const trackId = menu.custom_id.split(':')[3] ?? '';
    const now = menu.options.find((o) => o.description === 'where it is now');
    const other = menu.options.find((o) => o !== now);
    if (!now || !other) throw new Error('no options');
    return { menu, trackId, from: sublistIdOf(now.value), to: sublistIdOf(other.value), value: other.value };
  };

  // A fresh database, the fake Spotify's library read, a trained model and the bot: 18 s alone (nice 10,
  // load 17-19), past the default 60 s beside two other files at load 23. The model is the test's: the
  // summary's menus are its least certain placements.
  beforeAll(async () => {
    discord = await startFakeDiscord({ waitTimeoutMs: 60_000, clock });
    alice = discord.user('alice');
    world = await startSortingWorld(alice.id, 'spotify-sort-summary', TRACKS, TRACKS.length);
    await labelGenres(world, TRACKS.slice(0, LABELED));
    expect((await world.services.models.train(alice.id, world.layer)).activated).toBe(true);
    bot = await deployAndStartBot(discord, botServicesOver(world));
  }, 180_000);

  afterAll(async () => {
    await bot?.stop();
    await discord?.close();
    await world?.close();
  });

  it('a dry run’s menus store a correction label and change nothing in Spotify; the next /sort follows it', async () => {
    const summary = await sort({ dry_run: true });
    expect(summary.embeds[0]?.title).toBe('Dry run for genres: nothing was changed');
    // Five least certain placements, five label-only menus; no Undo button.
    expect(menus(summary)).toHaveLength(5);
    expect(menus(summary).every((m) => m.custom_id.endsWith(':l'))).toBe(true);
    expect(() => findButton(summary, 'Undo')).toThrow();
    const { menu, trackId, to, value } = firstMenu(summary);

    await select(summary, menu.custom_id, value, 'the next `/sort` puts it there');
    const label = await world.services.repositories.labels.get(world.layer.id, trackId);
    expect(label).toMatchObject({ sublistIds: [to], source: 'correction' });
    expect(world.sublists.every((s) => playlistOf(s.id).length === 0)).toBe(true);

    await sort({});
    expect(playlistOf(to)).toContain(trackId);
    discord.assertNoViolations();
  });

  it('a dry run’s menu naming a sublist whose playlist left the library says the next /sort holds the song back', async () => {
    await undoEverySort();
    const summary = await sort({ dry_run: true });
    const { menu, trackId, to, value } = firstMenu(summary);
    const target = world.sublists.find((s) => s.id === to)!;
    world.harness.fake.deletePlaylistByHand('spotify-sort-summary', target.playlistId);
    await world.keepSorted.syncUser(alice.id);
    try {
      await select(summary, menu.custom_id, value, 'Noted:');
      expect(discord.message(summary.id).content).toContain(
        `belongs in **${target.name}**, but **${target.name}**'s playlist is no longer in your Spotify library (deleted or unfollowed, or owned by another Spotify account than the one linked): the next \`/sort\` holds the song back until it is back.`,
      );
      expect(discord.message(summary.id).content).not.toContain('puts it there');
      const label = await world.services.repositories.labels.get(world.layer.id, trackId);
      expect(label).toMatchObject({ sublistIds: [to], source: 'correction' });
      // As said: the next /sort writes nothing to the playlist out of the library.
      await sort({});
      expect(playlistOf(to)).not.toContain(trackId);
    } finally {
      world.harness.fake.restorePlaylistByHand('spotify-sort-summary', target.playlistId);
      await world.keepSorted.syncUser(alice.id);
    }
    discord.assertNoViolations();
  });

  it('a real run’s menus move the track in Spotify and store a correction label; the chart is attached', async () => {
    const summary = await sort({});
    expect(summary.embeds[0]?.title).toBe('Sorted genres');
    // The Undo row and four menus: Discord's five rows.
    expect(summary.components).toHaveLength(5);
    expect(findButton(summary, 'Undo').custom_id).toMatch(/^ml1:su:/);
    expect(menus(summary)).toHaveLength(4);

    // The chart: a PNG attachment the embed shows.
    const [chart] = discord.attachments(summary.id);
    expect(chart?.contentType).toBe('image/png');
    expect(chart?.data.subarray(0, 8)).toEqual(PNG_SIGNATURE);
    expect(summary.embeds[0]?.image?.url).toBe(`attachment://${chart?.filename}`);
    expect(summary.attachments.map((a) => a.filename)).toEqual([chart?.filename]);

    const { menu, trackId, from, to, value } = firstMenu(summary);
    expect(playlistOf(from)).toContain(trackId);
    await select(summary, menu.custom_id, value, 'Motherlist will remember it');
    expect(playlistOf(from)).not.toContain(trackId);
    expect(playlistOf(to)).toContain(trackId);
    const label = await world.services.repositories.labels.get(world.layer.id, trackId);
    expect(label).toMatchObject({ sublistIds: [to], source: 'correction' });
    const updated = discord.message(summary.id);
    // The edit keeps the chart and the other components.
    expect(discord.attachments(summary.id).map((a) => a.filename)).toEqual([chart?.filename]);
    expect(updated.components).toHaveLength(5);
    discord.assertNoViolations();
  });

  it('Undo: a stranger’s press is “someone else’s”, also for a run that is gone; the owner’s says what it removed', async () => {
    const bob = discord.user('bob');
    // Empty playlists first, so that this sort changes something and is the one its Undo reverts.
    await undoEverySort();
    // A summary others can see (and press): posted in the channel for all.
    await publicResults(true);
    const summary = await sort({});
    expect(summary.flags ?? 0).toBe(0);
    const undo = findButton(summary, 'Undo').custom_id;
    const before = world.sublists.map((s) => playlistOf(s.id));
    const pressed = discord.pressButton({ user: bob, message: summary.id, customId: undo });
    expect((await privateAnswer(discord, bob, pressed)).content).toContain('belongs to someone else');
    // A button whose run no longer exists: a stranger still hears only that it is not theirs.
    const gone = `ml1:su:${'0'.repeat(31)}1`;
    const forged = discord.forgeComponent({ user: bob, message: summary.id, customId: gone });
    expect((await privateAnswer(discord, bob, forged)).content).toContain('belongs to someone else');
    const ownGone = discord.forgeComponent({ user: alice, message: summary.id, customId: gone });
    expect((await privateAnswer(discord, alice, ownGone)).content).toContain('no longer exists');
    expect(world.sublists.map((s) => playlistOf(s.id))).toEqual(before);

    const own = discord.pressButton({ user: alice, message: summary.id, customId: undo });
    const said = (await privateAnswer(discord, alice, own)).content;
    expect(said).toMatch(/^Undid the sort of \*\*genres\*\*/);
    const removed = before.reduce((sum, tracks) => sum + tracks.length, 0);
    expect(removed).toBeGreaterThan(0);
    for (const [i, sublist] of world.sublists.entries()) {
      const count = before[i]?.length ?? 0;
      if (count > 0)
        expect(said).toContain(`took ${count} song${count === 1 ? '' : 's'} out of **${sublist.name}**`);
    }
    expect(said).not.toMatch(/[−+]\d/);
    expect(world.sublists.every((s) => playlistOf(s.id).length === 0)).toBe(true);
    discord.assertNoViolations();
  });

  it('says how much it placed, how sure the model is, and how many songs wait for an answer', async () => {
    const layer = world.layer;
    await world.services.repositories.layers.setPrecisionTarget(layer.id, 0.99);
    try {
      const summary = await sort({ dry_run: false });
      const text = summary.embeds[0]?.description ?? '';
      const waiting = await world.services.repositories.waiting.countFor(layer.id);
      const answered = (await world.services.repositories.labels.listFor(layer.id)).length;
      expect(text).toMatch(new RegExp(`Placed \\d+ of ${TRACKS.length} \\(${answered} by your answers\\)`));
      if (waiting > 0) {
        expect(text).toContain(
          `; ${waiting} wait for your answers (the model is less than 99% sure of them)`,
        );
        expect(text).toContain('`/label` asks about them first');
      }
    } finally {
      await world.services.repositories.layers.setPrecisionTarget(layer.id, 0.8);
    }
  });

  it('past the summary’s 15 minutes, a menu choice and Undo answer in a fresh private message', async () => {
    await publicResults(false);
    await undoEverySort();
    const summary = await sort({});
    expect(isEphemeral(summary)).toBe(true);
    const undo = findButton(summary, 'Undo').custom_id;
    // 13 minutes on Discord's clock: too close to the 15 of the token that made the summary.
    clock.advance(13 * 60_000);
    const { menu, trackId, to, value } = firstMenu(summary);
    await discord
      .selectValues({ user: alice, message: summary, customId: menu.custom_id, values: [value] })
      .settled();
    const fresh = await discord.waitFor(
      () =>
        discord
          .ephemeral(alice)
          .find(
            (m) => m.content.startsWith('Continued in a new message') && m.content.includes('remember it'),
          ),
      { what: 'the correction in a fresh message' },
    );
    expect(playlistOf(to)).toContain(trackId);
    // The fresh message carries the menus (and the Undo) on; the old summary is left as it was.
    expect(menus(fresh)).toHaveLength(4);
    expect(discord.message(summary.id).content).not.toContain('remember it');

    discord.pressButton({ user: alice, message: summary.id, customId: undo });
    await discord.waitFor(
      () =>
        discord
          .ephemeral(alice)
          .find(
            (m) => m.content.startsWith('Continued in a new message') && m.content.includes('Undid the sort'),
          ),
      { what: 'the undo in a fresh message' },
    );
    expect(world.sublists.every((s) => playlistOf(s.id).length === 0)).toBe(true);
    discord.assertNoViolations();
  });

  it('everything:true warns with the expected share of wrong placements and writes only after Confirm', async () => {
    const before = world.sublists.map((s) => [...playlistOf(s.id)]);
    const warning = await sort({ everything: true });
    expect(warning.embeds[0]?.title).toBe('Place every song of genres?');
    expect(warning.embeds[0]?.description).toMatch(
      new RegExp(
        `^This puts all ${TRACKS.length} songs of \\*\\*genres\\*\\* where the model guesses, sure or not: (about \\*\\*\\d+%\\*\\* of the model's placements are expected to be wrong|the model cannot say)`,
      ),
    );
    // Only a dry run so far: nothing written.
    expect(world.sublists.map((s) => [...playlistOf(s.id)])).toEqual(before);
    const confirm = findButton(warning, 'Place everything').custom_id;
    expect(confirm).toBe(`ml1:se:${compactUuid(world.layer.id)}`);
    // A stranger's forged Confirm: once the bot answered it (a refusal, before any work), nothing
    // of it can still be written.
    const bob = discord.user('bob');
    const forged = discord.forgeComponent({ user: bob, message: warning.id, customId: confirm });
    expect((await privateAnswer(discord, bob, forged)).content).toContain('belongs to someone else');
    expect(world.sublists.map((s) => [...playlistOf(s.id)])).toEqual(before);

    await discord.pressButton({ user: alice, message: warning.id, customId: confirm }).settled();
    const summary = await discord.waitFor(() => {
      const message = discord.message(warning.id);
      return message.embeds[0]?.title === 'Sorted genres' ? message : undefined;
    });
    expect(summary.embeds[0]?.description).toContain(
      `Placed all ${TRACKS.length} songs as the model guesses`,
    );
    // A mutual, complete layer: every liked song sits in exactly one sublist.
    const placed = world.sublists.flatMap((s) => playlistOf(s.id));
    expect(placed).toHaveLength(TRACKS.length);
    expect(new Set(placed).size).toBe(TRACKS.length);
    discord.assertNoViolations();
  });

  it('with public results, the warning before placing everything is private; the summary after the press is public', async () => {
    await publicResults(true);
    try {
      const posted = discord.messages().length;
      const warning = await sort({ everything: true });
      expect(warning.embeds[0]?.title).toBe('Place every song of genres?');
      expect(isEphemeral(warning)).toBe(true);
      // Nothing of the library went to the channel: no "thinking…", no warning.
      expect(discord.messages()).toHaveLength(posted);

      const confirm = findButton(warning, 'Place everything').custom_id;
      await discord.pressButton({ user: alice, message: warning.id, customId: confirm }).settled();
      const summary = await discord.waitFor(() =>
        discord
          .messages()
          .slice(posted)
          .find((m) => m.embeds[0]?.title === 'Sorted genres'),
      );
      expect(isEphemeral(summary)).toBe(false);
      expect(summary.embeds[0]?.description).toContain(
        `Placed all ${TRACKS.length} songs as the model guesses`,
      );
      expect(discord.message(warning.id).content).toBe(
        'Placed every song of **genres**: the summary is in the channel.',
      );
      expect(discord.message(warning.id).components).toEqual([]);
      discord.assertNoViolations();
    } finally {
      await publicResults(false);
    }
  });

  it('with public results, a correction menu on the summary answers its owner alone: the channel sees only the menu change', async () => {
    await undoEverySort();
    await publicResults(true);
    try {
      const summary = await sort({});
      expect(isEphemeral(summary)).toBe(false);
      const { menu, trackId, to, value } = firstMenu(summary);
      const pick = discord.selectValues({
        user: alice,
        message: summary,
        customId: menu.custom_id,
        values: [value],
      });
      expect((await privateAnswer(discord, alice, pick)).content).toContain('Motherlist will remember it');
      expect(playlistOf(to)).toContain(trackId);
      const shown = discord.message(summary.id);
      expect(shown.content).toBe('');
      expect(menus(shown).find((m) => m.custom_id === menu.custom_id)?.placeholder).not.toBe(
        menu.placeholder,
      );
      discord.assertNoViolations();
    } finally {
      await publicResults(false);
    }
  });

  it('with public results, songs held back for a sublist out of the library are counted in the channel; why and the remedy come to alice alone', async () => {
    await undoEverySort();
    const rock = world.sublists[0]!;
    world.harness.fake.deletePlaylistByHand('spotify-sort-summary', rock.playlistId);
    await world.keepSorted.syncUser(alice.id);
    await publicResults(true);
    try {
      const handle = discord.runSlashCommand({
        user: alice,
        name: 'sort',
        options: { layer: 'genres', dry_run: true },
      });
      const summary = await discord.waitFor(() => handle.followups().find((m) => m.embeds.length > 0));
      expect(isEphemeral(summary)).toBe(false);
      const posted = JSON.stringify(discord.message(summary.id));
      expect(posted).toMatch(/⚠️ \d+ songs? not placed in \*\*rock\*\*\./);
      expect(posted).not.toContain('Spotify');
      const note = await discord.waitFor(() => handle.followups().find((m) => m.embeds.length === 0));
      expect(isEphemeral(note)).toBe(true);
      expect(note.content).toMatch(
        /⚠️ \d+ songs? not placed: \*\*rock\*\*'s playlist is no longer in your Spotify library \(deleted or unfollowed, or owned by another Spotify account than the one linked\)\. Put it back in your library/,
      );
      discord.assertNoViolations();
    } finally {
      await publicResults(false);
      world.harness.fake.restorePlaylistByHand('spotify-sort-summary', rock.playlistId);
      await world.keepSorted.syncUser(alice.id);
    }
  });

  // Last: it un-likes one of the 30 songs the tests before count.
  it('a dry run’s menu of a song un-liked since is refused: no answer stored, the next /sort does not put it back', async () => {
    await undoEverySort();
    const summary = await sort({ dry_run: true });
    const { menu, trackId, value } = firstMenu(summary);
    const before = await world.services.repositories.labels.get(world.layer.id, trackId);
    world.harness.fake.unlikeTrack('spotify-sort-summary', trackId);
    await world.keepSorted.syncUser(alice.id);

    const pick = discord.selectValues({
      user: alice,
      message: summary,
      customId: menu.custom_id,
      values: [value],
    });

    expect((await privateAnswer(discord, alice, pick)).content).toContain(
      'is no longer in **Liked Songs**, so Motherlist no longer sorts it: nothing was moved.',
    );
    expect(await world.services.repositories.labels.get(world.layer.id, trackId)).toEqual(before);
    await sort({});
    expect(world.sublists.some((s) => playlistOf(s.id).includes(trackId))).toBe(false);
    discord.assertNoViolations();
  });
});
