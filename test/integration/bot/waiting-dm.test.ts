import type { APIMessage } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compactUuid, customId } from '../../../src/bot/custom-id.js';
import type { MotherlistBot } from '../../../src/bot/start-bot.js';
import type { KeepSortedService } from '../../../src/services/sync/keep-sorted.service.js';
import {
  buttons,
  findStringSelect,
  startFakeDiscord,
  type FakeDiscord,
  type FakeUser,
  type InteractionHandle,
} from '../../fakes/discord/index.js';
import { privateAnswer } from '../../support/bot/private-answer.js';
import { newLikesDm, startBotOverWorld } from '../../support/bot/world-bot.js';
import {
  genreSeedTracks,
  labelGenres,
  startSortingWorld,
  type SortingWorld,
} from '../../support/sorting-world.js';

const TRACKS = genreSeedTracks(30, 'wd');
const LIKED = 24;
/** Fewer than the 8 labels a calibration needs: the model promises nothing, so every new like waits. */
const LABELED = 6;

/**
 * The new-songs DM of a sync on the real services over the fake Spotify, sent and answered through
 * the real discord.js client on the fake Discord: new likes the model is not sure of wait, each with
 * a Place button (the best guess) and a menu (another sublist).
 */
describe('waiting songs in the new-songs DM: Place buttons and menus', () => {
  let discord: FakeDiscord;
  let world: SortingWorld;
  let bot: MotherlistBot;
  let keepSorted: KeepSortedService;
  let alice: FakeUser;
  let dm: APIMessage;

  const playlistOf = (sublistId: string) =>
    world.harness.fake.playlist(world.sublists.find((s) => s.id === sublistId)?.playlistId ?? '').trackIds;
  const allPlaylists = () => world.sublists.map((s) => [...playlistOf(s.id)]);
  const layer32 = () => compactUuid(world.layer.id);
  const waitingRow = async (trackId: string) =>
    (await world.harness.database.dataSource.query(
      `select track_id from waiting_tracks where layer_id = $1 and track_id = $2`,
      [world.layer.id, trackId],
    )) as unknown[];
  const answerTo = (user: FakeUser, handle: InteractionHandle) => privateAnswer(discord, user, handle);
  const dmSays = (text: string) =>
    discord.waitFor(() => (discord.message(dm.id).content.includes(text) ? true : undefined), {
      what: `the DM saying “${text}”`,
    });

  beforeAll(async () => {
    discord = await startFakeDiscord({ waitTimeoutMs: 60_000 });
    alice = discord.user('alice');
    world = await startSortingWorld(alice.id, 'spotify-waiting-dm', TRACKS, LIKED);
    const { settings } = world.services.repositories;
    await labelGenres(world, TRACKS.slice(0, LABELED));
    expect((await world.services.models.train(alice.id, world.layer)).activated).toBe(true);
    ({ bot, keepSorted } = await startBotOverWorld(discord, world));
    expect((await settings.get(alice.id)).dmSummaries).toBe(true);
    const news = await newLikesDm(
      { discord, keepSorted, world },
      alice,
      'spotify-waiting-dm',
      TRACKS.slice(LIKED, LIKED + 3).map((t) => t.id),
    );
    expect(news.report).toMatchObject({ newTracks: 3, placed: 0, dm: true });
    dm = news.dm;
  }, 180_000);

  afterAll(async () => {
    await bot?.stop();
    await discord?.close();
    await world?.close();
  });

  it('lists each waiting new like with a Place button for its best guess and a menu of the sublists', async () => {
    const waiting = await world.services.repositories.waiting.listFor(world.layer.id);
    expect(waiting.map((w) => w.trackId).sort()).toEqual(
      TRACKS.slice(LIKED, LIKED + 3)
        .map((t) => t.id)
        .sort(),
    );
    // One row of Place buttons and one menu per song: the new likes were all left where they were.
    expect(dm.components).toHaveLength(4);
    expect(allPlaylists().flat()).toEqual([]);
    const names = await world.services.repositories.motherlist.namesOf(waiting.map((w) => w.trackId));
    const nameOf = new Map(world.sublists.map((s) => [s.id, s.name]));
    for (const w of waiting) {
      const place = buttons(dm).find((b) => b.custom_id === customId('pw', layer32(), w.trackId));
      expect(place?.label).toBe(
        `${names.get(w.trackId)} → ${w.guess.map((id) => nameOf.get(id)).join(', ')}`,
      );
      const menu = findStringSelect(dm, customId('pw', layer32(), w.trackId, 'c'));
      expect(menu.options.map((o) => o.label)).toEqual(['rock', 'jazz', 'folk']);
      const guessed = menu.options.filter((o) => o.description?.startsWith('best guess'));
      expect(guessed.map((o) => o.value)).toEqual(w.guess.map(compactUuid));
    }
    expect(dm.embeds[0]?.description).toContain('**Place** puts a song where the model guessed');
    discord.assertNoViolations();
  });

  let placed: string;

  it('Place puts the song where the model guessed, as an answer, and the DM says so', async () => {
    const [first] = await world.services.repositories.waiting.listFor(world.layer.id);
    if (!first) throw new Error('nothing waits');
    placed = first.trackId;
    const guess = first.guess[0] as string;
    const name = (await world.services.repositories.motherlist.namesOf([placed])).get(placed);
    discord.pressButton({ user: alice, message: dm.id, customId: customId('pw', layer32(), placed) });
    await dmSays(`Placed **${name}** in **${world.sublists.find((s) => s.id === guess)?.name}**`);
    expect(playlistOf(guess)).toEqual([placed]);
    const label = await world.services.repositories.labels.get(world.layer.id, placed);
    expect(label).toMatchObject({ sublistIds: [guess], source: 'correction' });
    expect(await waitingRow(placed)).toEqual([]);
    // Its button and menu are gone; the other songs keep theirs.
    const updated = discord.message(dm.id);
    const ids = updated.components?.flatMap((row) =>
      'components' in row ? row.components.map((c) => ('custom_id' in c ? c.custom_id : '')) : [],
    );
    expect(ids?.some((id) => id.includes(placed))).toBe(false);
    expect(updated.components).toHaveLength(3);
    expect(buttons(updated)).toHaveLength(2);
    discord.assertNoViolations();
  });

  it('a menu puts the song in the sublist picked there', async () => {
    const [next] = await world.services.repositories.waiting.listFor(world.layer.id);
    if (!next) throw new Error('nothing waits');
    const other = world.sublists.find((s) => !next.guess.includes(s.id));
    if (!other) throw new Error('no other sublist');
    const before = allPlaylists();
    discord.selectValues({
      user: alice,
      message: dm.id,
      customId: customId('pw', layer32(), next.trackId, 'c'),
      values: [compactUuid(other.id)],
    });
    const name = (await world.services.repositories.motherlist.namesOf([next.trackId])).get(next.trackId);
    await dmSays(`Placed **${name}** in **${other.name}**; Motherlist will remember it.`);
    expect(playlistOf(other.id)).toContain(next.trackId);
    expect(allPlaylists().flat()).toHaveLength(before.flat().length + 1);
    const label = await world.services.repositories.labels.get(world.layer.id, next.trackId);
    expect(label).toMatchObject({ sublistIds: [other.id], source: 'correction' });
    // Both answers stay in the DM, and its list says where both songs went: one song still waits.
    expect(discord.message(dm.id).content.split('\n')).toHaveLength(2);
    const placedName = (await world.services.repositories.motherlist.namesOf([placed])).get(placed);
    const text = discord.message(dm.id).embeds[0]?.description ?? '';
    expect(text).toContain('**Waiting for your answer** (1;');
    expect(text).toContain(`**Placed by you**:\n• ${placedName} → **`);
    expect(text).toContain(`\n• ${name} → **${other.name}**`);
    expect(text).not.toContain(`${name} (best guess`);
    discord.assertNoViolations();
  });

  it('a Place Spotify refuses for good says the song was not placed, with the reference; it still waits, unanswered', async () => {
    const [next] = await world.services.repositories.waiting.listFor(world.layer.id);
    if (!next) throw new Error('nothing waits');
    const before = allPlaylists();
    const refusal = world.harness.fake.faults.add({
      method: 'POST',
      path: '/playlists/{playlist_id}/items',
      status: 403,
    });
    try {
      discord.pressButton({ user: alice, message: dm.id, customId: customId('pw', layer32(), next.trackId) });
      await dmSays(
        '⚠️ The song was not placed: Spotify refused the change, so Motherlist did not keep this answer.',
      );
    } finally {
      world.harness.fake.faults.clear();
    }
    expect(refusal.fired).toBeGreaterThan(0);
    expect(discord.message(dm.id).content).toMatch(/reference: `[0-9a-f]{8}`/);
    expect(allPlaylists()).toEqual(before);
    expect(await world.services.repositories.labels.get(world.layer.id, next.trackId)).toBeUndefined();
    expect(await waitingRow(next.trackId)).toHaveLength(1);
    // Its button and menu stay, to try again.
    const ids = JSON.stringify(discord.message(dm.id).components);
    expect(ids).toContain(customId('pw', layer32(), next.trackId));
    discord.assertNoViolations();
  });

  it('a song that no longer waits (placed, or answered in /label since) is answered privately and nothing moves', async () => {
    const [last] = await world.services.repositories.waiting.listFor(world.layer.id);
    if (!last) throw new Error('nothing waits');
    await world.services.repositories.labels.put(world.layer.id, last.trackId, last.guess, 'session');
    const before = allPlaylists();
    const content = discord.message(dm.id).content;
    for (const trackId of [last.trackId, placed]) {
      const press = discord.forgeComponent({
        user: alice,
        message: dm.id,
        customId: customId('pw', layer32(), trackId),
      });
      expect((await answerTo(alice, press)).content).toContain('no longer waits');
    }
    expect(allPlaylists()).toEqual(before);
    expect(discord.message(dm.id).content).toBe(content);
    discord.assertNoViolations();
  });

  it('/sort with this weak model (6 answers, unmeasured) warns the same way and suggests how many more answers', async () => {
    const reply = await discord
      .runSlashCommand({ user: alice, name: 'sort', options: { layer: 'genres', dry_run: true } })
      .waitForReply((r) => !r.loading && r.embeds.length > 0, { timeoutMs: 120_000 });
    const text = reply.embeds[0]?.description ?? '';
    // 6 answers (rock 2, jazz 2, folk 2) and the three placed from the DM and /label: 3 each.
    expect(text).toContain(
      '⚠️ **This model of genres is weak**: there are too few answers to test how often it is right. Label about **21** more songs with `/label layer:genres`',
    );
    expect(reply.embeds[0]?.color).toBe(0xfaa61a);
    discord.assertNoViolations();
  });

  it('a Place pressed while Spotify’s quota blocks the bot says the answer is kept and the move is made when the block lifts', async () => {
    const liked = TRACKS[LIKED + 3]?.id as string;
    world.harness.fake.likeTrack('spotify-waiting-dm', liked);
    expect((await keepSorted.syncUser(alice.id)).layers[0]).toMatchObject({ newTracks: 1, dm: true });
    const newDm = discord.dms(alice).at(-1) as APIMessage;
    const waiting = await world.services.repositories.waiting.byTrack(world.layer.id, liked);
    if (!waiting) throw new Error('the new like does not wait');
    const before = allPlaylists();
    await world.harness.budget.quotaExceeded(3_600_000);
    const press = discord.pressButton({
      user: alice,
      message: newDm.id,
      customId: customId('pw', layer32(), liked),
    });
    const said = (await answerTo(alice, press)).content;
    const name = (await world.services.repositories.motherlist.namesOf([liked])).get(liked);
    const where = world.sublists.find((s) => s.id === waiting.guess[0])?.name;
    expect(said).toContain(
      `Spotify's daily limit for this bot is used up, so moving **${name}** to **${where}**`,
    );
    expect(said).toContain('Your answer is kept and the move is saved: it will be applied by itself');
    expect(said).toMatch(/<t:\d+:R>/);
    // The answer is kept by the held run, which stores it as a label once the song is moved.
    const held = await world.services.repositories.runs.unfinishedFor(world.layer.id);
    expect(held.map((r) => r.kind)).toEqual(['correction']);
    expect(held[0]?.summary).toMatchObject({ answer: { trackId: liked, sublistIds: waiting.guess } });
    expect(allPlaylists()).toEqual(before);
    discord.assertNoViolations();
  });

  it('a mangled id is refused before any handler; someone else’s press and a deleted layer’s button say so', async () => {
    const before = allPlaylists();
    const mangled = discord.forgeComponent({
      user: alice,
      message: dm.id,
      customId: `ml1:pw:${layer32()}:${placed}:x`,
    });
    expect((await answerTo(alice, mangled)).content).toContain('could not be read');
    const next = customId('pw', layer32(), TRACKS[LIKED + 2]?.id as string);
    const bob = discord.user('bob');
    const stranger = discord.forgeComponent({ user: bob, message: dm.id, customId: next });
    expect((await answerTo(bob, stranger)).content).toContain('belongs to someone else');
    await world.services.repositories.layers.delete(world.layer.id);
    const gone = discord.forgeComponent({ user: alice, message: dm.id, customId: next });
    expect((await answerTo(alice, gone)).content).toContain(
      'That layer no longer exists; nothing was placed.',
    );
    expect(allPlaylists()).toEqual(before);
    discord.assertNoViolations();
  });
});
