import { ComponentType, type APIMessage, type APIStringSelectComponent } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compactUuid, customId } from '../../src/bot/custom-id.js';
import type { MotherlistBot } from '../../src/bot/start-bot.js';
import type { Sublist } from '../../src/core/layer-records.js';
import { dmView, statusView } from '../../src/bot/views/account.view.js';
import { layerListView } from '../../src/bot/views/layer.view.js';
import { sortSummaryView } from '../../src/bot/views/model.view.js';
import { undoText } from '../../src/bot/views/undo.view.js';
import type { BotServiceSet } from '../../src/composition/bot-services.js';
import type { KeepSortedService } from '../../src/services/sync/keep-sorted.service.js';
import { toSortOutcome } from '../../src/services/sorting/sort-outcome.js';
import {
  allComponents,
  startFakeDiscord,
  type FakeDiscord,
  type FakeUser,
  type InteractionHandle,
} from '../fakes/discord/index.js';
import { privateAnswer } from '../support/bot/private-answer.js';
import { newLikesDm, startBotOverWorld } from '../support/bot/world-bot.js';
import {
  botServicesOver,
  genreOf,
  genreSeedTracks,
  labelGenres,
  startSortingWorld,
  type SortingWorld,
} from '../support/sorting-world.js';

const USER = 'discord-vanished-sublist';
const SPOTIFY_USER = 'spotify-vanished-sublist';
const TRACKS = genreSeedTracks(24, 'vs');

/** What a press naming rock says while rock's playlist is out of the library. */
const ROCK_GONE =
  "“rock”'s playlist is no longer in your Spotify library (deleted or unfollowed, or owned by another Spotify account than the one linked), so the song wasn't placed. Put it back in your library (or `/link` the Spotify account that owns it), or remove the sublist with `/sublist remove`.";

/**
 * The user deletes a sublist's playlist in Spotify: that is not the answer "not in rock" for each
 * of its songs. No hand edit, no label dropped, and /status says the playlist is gone.
 */
describe('a sublist whose playlist left the library, end to end on the fake Spotify', () => {
  let world: SortingWorld;
  let bot: BotServiceSet;
  const rock = () => world.sublists[0]!;
  const songs = TRACKS.slice(0, 4).map((t) => t.id);

  beforeAll(async () => {
    world = await startSortingWorld(USER, SPOTIFY_USER, TRACKS, TRACKS.length);
    bot = botServicesOver(world);
    await world.keepSorted.syncUser(USER);
    world.harness.fake.addToPlaylistByHand(rock().playlistId, songs);
    expect((await world.keepSorted.syncUser(USER)).layers[0]).toMatchObject({
      handEdits: 4,
      labelsFromHandEdits: 4,
    });
  });
  afterAll(async () => {
    await world?.close();
  });

  const rockLabels = async () =>
    Promise.all(
      songs.map(async (id) => (await world.services.repositories.labels.get(world.layer.id, id))?.sublistIds),
    );
  const removals = async () =>
    (await world.services.repositories.handEdits.listFor(world.layer.id)).filter(
      (e) => e.action === 'remove',
    );
  const statusField = async () =>
    statusView(await bot.services.status.statusOf(USER)).embeds[0]?.fields?.[0]?.value ?? '';
  const layerListField = async () =>
    layerListView(await bot.services.layers.listLinked(USER)).embeds[0]?.fields?.[0]?.value ?? '';

  it('deleted: no hand edits, labels kept, /status and /layer list say so; restored: read afresh, no edits either', async () => {
    expect(await statusField()).not.toContain('no longer');
    expect(await layerListField()).not.toContain('no longer');

    world.harness.fake.deletePlaylistByHand(SPOTIFY_USER, rock().playlistId);
    for (let sync = 0; sync < 2; sync++) {
      expect((await world.keepSorted.syncUser(USER)).layers[0]).toMatchObject({
        handEdits: 0,
        labelsFromHandEdits: 0,
        answersFromHandRemovals: 0,
        waitingFromHandRemovals: 0,
      });
    }
    expect(await removals()).toEqual([]);
    expect(await rockLabels()).toEqual(songs.map(() => [rock().id]));
    const status = (await bot.services.status.statusOf(USER)).layers[0];
    expect(status?.unlistedSublists.map((s) => s.name)).toEqual(['rock']);
    expect(status?.handRemovalCount).toBe(0);
    const warning =
      "⚠️ **rock**'s playlist is no longer in your Spotify library (deleted or unfollowed, or owned by another Spotify account than the one linked) or can't be read: syncs take no hand edits from it until it is back in your library.";
    expect(await statusField()).toContain(warning);
    expect(await layerListField()).toContain(warning);

    // Restored in Spotify, a song taken out meanwhile: the playlist is read afresh, not compared
    // with what it held before it went.
    world.harness.fake.removeFromPlaylistByHand(rock().playlistId, [songs[0]!]);
    world.harness.fake.restorePlaylistByHand(SPOTIFY_USER, rock().playlistId);
    expect((await world.keepSorted.syncUser(USER)).layers[0]).toMatchObject({ handEdits: 0 });
    expect(await removals()).toEqual([]);
    expect((await bot.services.status.statusOf(USER)).layers[0]?.unlistedSublists).toEqual([]);
    expect(await statusField()).not.toContain('no longer');
    expect(await layerListField()).not.toContain('no longer');

    // Listed again, it is compared as before: a song taken out by hand now is an answer.
    world.harness.fake.removeFromPlaylistByHand(rock().playlistId, [songs[1]!]);
    expect((await world.keepSorted.syncUser(USER)).layers[0]).toMatchObject({
      handEdits: 1,
      answersFromHandRemovals: 1,
    });
    expect((await removals()).map((e) => e.trackId)).toEqual([songs[1]]);
  });
});

/**
 * In a non-mutual layer a song may be in several sublists: while one of them is out of the library,
 * a hand edit of the song in the others changes its label there only, not in the vanished one.
 */
describe('hand edits beside a vanished sublist of a non-mutual layer, end to end on the fake Spotify', () => {
  const MOODS_USER = 'discord-vanished-moods';
  const MOODS_SPOTIFY = 'spotify-vanished-moods';
  const MOODS_TRACKS = genreSeedTracks(6, 'vn');
  const song = MOODS_TRACKS[0]!.id;
  let world: SortingWorld;
  let layerId: string;
  const moods: Sublist[] = [];

  beforeAll(async () => {
    world = await startSortingWorld(MOODS_USER, MOODS_SPOTIFY, MOODS_TRACKS, MOODS_TRACKS.length);
    const { layers, sublists } = world.services.repositories;
    layerId = (
      await layers.create({
        userId: MOODS_USER,
        name: 'moods',
        motherlistId: 'liked',
        mutual: false,
        complete: false,
      })
    ).id;
    for (const name of ['calm', 'loud', 'night']) {
      const playlistId = world.harness.fake.createPlaylistByHand(MOODS_SPOTIFY, { name, trackIds: [] });
      moods.push(await sublists.add(layerId, name, playlistId));
    }
    await world.keepSorted.syncUser(MOODS_USER);
  });
  afterAll(async () => {
    await world?.close();
  });

  const calm = () => moods[0]!;
  const loud = () => moods[1]!;
  const night = () => moods[2]!;
  const labelOf = async () =>
    [...((await world.services.repositories.labels.get(layerId, song))?.sublistIds ?? [])].sort();
  const sync = async () =>
    (await world.keepSorted.syncUser(MOODS_USER)).layers.find((l) => l.layerId === layerId);

  it('adding it to one, or taking it out of another, keeps the vanished sublist in its label', async () => {
    world.harness.fake.addToPlaylistByHand(calm().playlistId, [song]);
    world.harness.fake.addToPlaylistByHand(loud().playlistId, [song]);
    expect(await sync()).toMatchObject({ handEdits: 2, labelsFromHandEdits: 1 });
    expect(await labelOf()).toEqual([calm().id, loud().id].sort());

    world.harness.fake.deletePlaylistByHand(MOODS_SPOTIFY, calm().playlistId);
    expect(await sync()).toMatchObject({ handEdits: 0 });
    world.harness.fake.addToPlaylistByHand(night().playlistId, [song]);
    expect(await sync()).toMatchObject({ handEdits: 1, labelsFromHandEdits: 1 });
    expect(await labelOf()).toEqual([calm().id, loud().id, night().id].sort());
    world.harness.fake.removeFromPlaylistByHand(loud().playlistId, [song]);
    expect(await sync()).toMatchObject({ handEdits: 1, labelsFromHandEdits: 1 });
    expect(await labelOf()).toEqual([calm().id, night().id].sort());

    world.harness.fake.restorePlaylistByHand(MOODS_SPOTIFY, calm().playlistId);
    expect(await sync()).toMatchObject({ handEdits: 0 });
    expect(await labelOf()).toEqual([calm().id, night().id].sort());
  });
});

/**
 * Spotify still lets the owner write to a playlist they deleted, where the user would never see
 * what the bot put: syncs and /sort hold back the songs meant for it and say so.
 */
describe('no run writes to a sublist whose playlist left the library, end to end on the fake Spotify', () => {
  const SORT_USER = 'discord-vanished-sort';
  const SORT_SPOTIFY_USER = 'spotify-vanished-sort';
  const SORT_TRACKS = genreSeedTracks(48, 'vw');
  const LIKED = 40;
  let world: SortingWorld;
  const playlistOf = (k: number) => world.harness.fake.playlist(world.sublists[k]!.playlistId).trackIds;

  beforeAll(async () => {
    world = await startSortingWorld(SORT_USER, SORT_SPOTIFY_USER, SORT_TRACKS, LIKED);
    await labelGenres(world, SORT_TRACKS.slice(0, 21));
    expect((await world.services.models.train(SORT_USER, world.layer)).activated).toBe(true);
    await world.services.sortRuns.sortLayer(SORT_USER, world.layer, { dryRun: false });
    await world.keepSorted.syncUser(SORT_USER);
  });
  afterAll(async () => {
    await world?.close();
  });

  it('new likes meant for it wait, /sort leaves it alone, both say why; restored, /sort fills it', async () => {
    const rock = world.sublists[0]!;
    const rockBefore = playlistOf(0);
    expect(rockBefore.length).toBeGreaterThan(0);
    world.harness.fake.deletePlaylistByHand(SORT_SPOTIFY_USER, rock.playlistId);
    await world.keepSorted.syncUser(SORT_USER);

    const fresh = SORT_TRACKS.slice(LIKED).map((t, i) => ({ id: t.id, genre: genreOf(LIKED + i) }));
    for (const { id } of fresh) world.harness.fake.likeTrack(SORT_SPOTIFY_USER, id);
    const rockSongs = fresh.filter((t) => t.genre === 0).map((t) => t.id);
    const jazzSongs = fresh.filter((t) => t.genre === 1).map((t) => t.id);
    const report = (await world.keepSorted.syncUser(SORT_USER)).layers[0];
    expect(report?.newTracks).toBe(fresh.length);
    expect(playlistOf(0)).toEqual(rockBefore);
    expect(playlistOf(1)).toEqual(expect.arrayContaining(jazzSongs));
    for (const id of rockSongs)
      expect((await world.services.repositories.waiting.byTrack(world.layer.id, id))?.guess).toEqual([
        rock.id,
      ]);
    const dm = world.notifier.sent.at(-1)?.message;
    expect(dm).toMatchObject({
      kind: 'new-songs',
      unlisted: { sublistNames: ['rock'], songs: rockSongs.length },
    });
    const view = dmView(dm!);
    expect(view.embeds[0]?.description).toContain(
      `${rockSongs.length} songs not placed: **rock**'s playlist is no longer in your Spotify library`,
    );
    // They wait in the DM with a menu to put them elsewhere, but no Place: it could not write there.
    const layer32 = compactUuid(world.layer.id);
    const ids = view.components.flatMap((row) =>
      row.components.map((c) => ('custom_id' in c ? c.custom_id : '')),
    );
    const shown = rockSongs.filter((id) => ids.includes(customId('pw', layer32, id, 'c')));
    expect(shown.length).toBeGreaterThan(0);
    for (const id of shown) expect(ids).not.toContain(customId('pw', layer32, id));
    // No menu offers rock: a pick there would be refused.
    const offered = view.components.flatMap((row) =>
      row.components.flatMap((c) =>
        c.type === ComponentType.StringSelect ? c.options.map((o) => o.value) : [],
      ),
    );
    expect(offered.length).toBeGreaterThan(0);
    expect(offered).not.toContain(compactUuid(rock.id));
    expect(view.embeds[0]?.description).toContain("rock's playlist is gone)");
    expect(view.embeds[0]?.description).toContain('has no **Place**');

    const sorted = await world.services.sortRuns.sortLayer(SORT_USER, world.layer, { dryRun: false });
    expect(playlistOf(0)).toEqual(rockBefore);
    expect(sorted.summary.perSublist.find((s) => s.name === 'rock')).toMatchObject({ added: 0, removed: 0 });
    expect(sorted.summary.unlisted?.sublistNames).toEqual(['rock']);
    expect(sorted.summary.unlisted?.songs).toBeGreaterThanOrEqual(rockBefore.length);
    expect(sortSummaryView('genres', toSortOutcome(sorted, false)).embeds[0]?.description).toContain(
      "not placed: **rock**'s playlist is no longer in your Spotify library (deleted or unfollowed, or owned by another Spotify account than the one linked)",
    );

    world.harness.fake.restorePlaylistByHand(SORT_SPOTIFY_USER, rock.playlistId);
    expect((await world.keepSorted.syncUser(SORT_USER)).layers[0]?.handEdits).toBe(0);
    const again = await world.services.sortRuns.sortLayer(SORT_USER, world.layer, { dryRun: false });
    expect(again.summary.unlisted).toBeUndefined();
    expect(playlistOf(0)).toEqual(expect.arrayContaining([...rockBefore, ...rockSongs]));
  });

  it('while rock is gone, a song taken out of jazz by hand is still an answer and waits (this complete layer)', async () => {
    const rock = world.sublists[0]!;
    const jazz = world.sublists[1]!;
    world.harness.fake.deletePlaylistByHand(SORT_SPOTIFY_USER, rock.playlistId);
    await world.keepSorted.syncUser(SORT_USER);
    const song = playlistOf(1)[0]!;
    world.harness.fake.removeFromPlaylistByHand(jazz.playlistId, [song]);
    expect((await world.keepSorted.syncUser(SORT_USER)).layers[0]).toMatchObject({
      handEdits: 1,
      answersFromHandRemovals: 1,
      waitingFromHandRemovals: 1,
    });
    const waiting = await world.services.repositories.waiting.byTrack(world.layer.id, song);
    expect(waiting?.guess).toHaveLength(1);
    expect(waiting?.guess).not.toContain(jazz.id);
  });
});

/**
 * A song held back for a vanished sublist waits in the new-songs DM with a Place button for that
 * guess: pressing it (or picking that sublist in its menu) through the real bot says why nothing
 * happens, and stores no answer.
 */
describe('Place on a song whose guess names a vanished sublist, through the bot on the fake Discord', () => {
  const SPOTIFY = 'spotify-vanished-place';
  const PLACE_TRACKS = genreSeedTracks(30, 'vp');
  const LIKED = 24;
  let discord: FakeDiscord;
  let world: SortingWorld;
  let bot: MotherlistBot;
  let keepSorted: KeepSortedService;
  let alice: FakeUser;
  let dm: APIMessage;

  const allPlaylists = () =>
    world.sublists.map((s) => [...world.harness.fake.playlist(s.playlistId).trackIds]);
  const answerTo = (handle: InteractionHandle) => privateAnswer(discord, alice, handle);

  beforeAll(async () => {
    discord = await startFakeDiscord({ waitTimeoutMs: 60_000 });
    alice = discord.user('alice');
    world = await startSortingWorld(alice.id, SPOTIFY, PLACE_TRACKS, LIKED);
    // Too few answers for a calibration: every new like waits with the model's guess.
    await labelGenres(world, PLACE_TRACKS.slice(0, 6));
    expect((await world.services.models.train(alice.id, world.layer)).activated).toBe(true);
    ({ bot, keepSorted } = await startBotOverWorld(discord, world));
    const news = await newLikesDm(
      { discord, keepSorted, world },
      alice,
      SPOTIFY,
      PLACE_TRACKS.slice(LIKED, LIKED + 3).map((t) => t.id),
    );
    expect(news.report).toMatchObject({ newTracks: 3, dm: true });
    dm = news.dm;
  }, 180_000);
  afterAll(async () => {
    await bot?.stop();
    await discord?.close();
    await world?.close();
  });

  it('answers privately why the song was not placed; no answer stored, it still waits; restored, Place works', async () => {
    const [song] = await world.services.repositories.waiting.listFor(world.layer.id);
    if (!song) throw new Error('nothing waits');
    const gone = world.sublists.find((s) => s.id === song.guess[0]);
    if (!gone) throw new Error('no guess');
    world.harness.fake.deletePlaylistByHand(SPOTIFY, gone.playlistId);
    await keepSorted.syncUser(alice.id);
    const before = allPlaylists();
    const content = discord.message(dm.id).content;
    const layer32 = compactUuid(world.layer.id);
    const said = `“${gone.name}”'s playlist is no longer in your Spotify library (deleted or unfollowed, or owned by another Spotify account than the one linked), so the song wasn't placed. Put it back in your library (or \`/link\` the Spotify account that owns it), or remove the sublist with \`/sublist remove\`.`;

    const press = discord.pressButton({
      user: alice,
      message: dm.id,
      customId: customId('pw', layer32, song.trackId),
    });
    expect((await answerTo(press)).content).toBe(said);
    const picked = discord.selectValues({
      user: alice,
      message: dm.id,
      customId: customId('pw', layer32, song.trackId, 'c'),
      values: [compactUuid(gone.id)],
    });
    expect((await answerTo(picked)).content).toBe(said);
    expect(allPlaylists()).toEqual(before);
    expect(await world.services.repositories.labels.get(world.layer.id, song.trackId)).toBeUndefined();
    expect((await world.services.repositories.waiting.byTrack(world.layer.id, song.trackId))?.guess).toEqual(
      song.guess,
    );
    expect(discord.message(dm.id).content).toBe(content);

    world.harness.fake.restorePlaylistByHand(SPOTIFY, gone.playlistId);
    await keepSorted.syncUser(alice.id);
    discord.pressButton({ user: alice, message: dm.id, customId: customId('pw', layer32, song.trackId) });
    await discord.waitFor(() => (discord.message(dm.id).content.includes('Placed **') ? true : undefined));
    expect(world.harness.fake.playlist(gone.playlistId).trackIds).toContain(song.trackId);
    discord.assertNoViolations();
  });
});

/**
 * The /sort summary over a layer with a vanished sublist, through the bot on the fake Discord: the
 * songs held back for it are not placed, so no menu of the summary is theirs (it corrects placed
 * songs), and no menu offers that sublist (a move there would be refused). A summary made before
 * the playlist went still offers it: picking it is held back as those songs are, answered
 * privately, no answer stored, nothing moved.
 */
describe('/sort summary’s correction menus and a vanished sublist, through the bot on the fake Discord', () => {
  const SPOTIFY = 'spotify-vanished-menu';
  const MENU_TRACKS = genreSeedTracks(48, 'vm');
  let discord: FakeDiscord;
  let world: SortingWorld;
  let bot: MotherlistBot;
  let alice: FakeUser;
  /** A summary made while rock's playlist was still in the library. */
  let before: APIMessage;

  const rock = () => world.sublists[0]!;
  const allPlaylists = () =>
    world.sublists.map((s) => [...world.harness.fake.playlist(s.playlistId).trackIds]);
  const sortSummary = async () => {
    const handle = discord.runSlashCommand({ user: alice, name: 'sort', options: { layer: 'genres' } });
    return (await handle.waitForReply((r) => !r.loading && r.embeds.length > 0, { timeoutMs: 120_000 }))
      .message;
  };
  const menusOf = (message: APIMessage) =>
    allComponents(message).filter(
      (c) => c.type === ComponentType.StringSelect,
    ) as unknown as APIStringSelectComponent[];

  beforeAll(async () => {
    discord = await startFakeDiscord({ waitTimeoutMs: 60_000 });
    alice = discord.user('alice');
    world = await startSortingWorld(alice.id, SPOTIFY, MENU_TRACKS, MENU_TRACKS.length);
    await labelGenres(world, MENU_TRACKS.slice(0, 21));
    expect((await world.services.models.train(alice.id, world.layer)).activated).toBe(true);
    let keepSorted: KeepSortedService;
    ({ bot, keepSorted } = await startBotOverWorld(discord, world));
    await keepSorted.syncUser(alice.id);
    before = await sortSummary();
    world.harness.fake.deletePlaylistByHand(SPOTIFY, rock().playlistId);
    await keepSorted.syncUser(alice.id);
  }, 180_000);
  afterAll(async () => {
    await bot?.stop();
    await discord?.close();
    await world?.close();
  });

  it('a summary made while it is gone offers it in no menu; held songs get no menu', async () => {
    const summary = await sortSummary();
    expect(summary.embeds[0]?.description).toContain(
      "not placed: **rock**'s playlist is no longer in your Spotify library (deleted or unfollowed, or owned by another Spotify account than the one linked)",
    );
    const menus = menusOf(summary);
    expect(menus.length).toBeGreaterThan(0);
    for (const menu of menus) {
      expect(menu.options.map((o) => o.value)).not.toContain(compactUuid(rock().id));
      expect(menu.options.length).toBe(world.sublists.length - 1);
    }
    const menuTracks = menus.map((m) => m.custom_id.split(':')[3]);
    const held = (await world.services.repositories.waiting.listFor(world.layer.id)).filter((w) =>
      w.guess.includes(rock().id),
    );
    expect(held.length).toBeGreaterThan(0);
    for (const w of held) expect(menuTracks).not.toContain(w.trackId);
    discord.assertNoViolations();
  });

  it('in a summary made before, picking it answers privately why, stores no answer and moves nothing', async () => {
    const [menu] = menusOf(before);
    if (!menu) throw new Error('no menu');
    expect(menu.options.map((o) => o.value)).toContain(compactUuid(rock().id));
    const trackId = menu.custom_id.split(':')[3]!;
    const label = await world.services.repositories.labels.get(world.layer.id, trackId);
    const playlists = allPlaylists();
    const content = discord.message(before.id);
    const picked = discord.selectValues({
      user: alice,
      message: before.id,
      customId: menu.custom_id,
      values: [compactUuid(rock().id)],
    });
    expect((await privateAnswer(discord, alice, picked)).content).toBe(ROCK_GONE);
    expect(await world.services.repositories.labels.get(world.layer.id, trackId)).toEqual(label);
    expect(allPlaylists()).toEqual(playlists);
    expect(discord.message(before.id)).toEqual(content);
    discord.assertNoViolations();
  });
});

/**
 * An /undo of a run made before the user deleted a sublist's playlist: it leaves that playlist
 * alone (the user would not see what it wrote there), undoes the rest and says what it left.
 */
describe('/undo leaves a sublist whose playlist left the library alone, end to end on the fake Spotify', () => {
  const UNDO_USER = 'discord-vanished-undo';
  const UNDO_SPOTIFY = 'spotify-vanished-undo';
  const UNDO_TRACKS = genreSeedTracks(40, 'vu');
  let world: SortingWorld;
  const playlistOf = (k: number) => [...world.harness.fake.playlist(world.sublists[k]!.playlistId).trackIds];

  beforeAll(async () => {
    world = await startSortingWorld(UNDO_USER, UNDO_SPOTIFY, UNDO_TRACKS, 33);
    await labelGenres(world, UNDO_TRACKS.slice(0, 21));
    expect((await world.services.models.train(UNDO_USER, world.layer)).activated).toBe(true);
    await world.keepSorted.syncUser(UNDO_USER);
  });
  afterAll(async () => {
    await world?.close();
  });

  it('undoes the other sublists, writes nothing to the deleted one, records no hand edit in it, and says so', async () => {
    const before = [playlistOf(0), playlistOf(1)];
    // New likes placed by a sync run: two rock songs and a jazz one (an undo no longer puts back
    // songs that left the motherlist, so the run's changes are placements).
    for (const k of [33, 34, 36]) world.harness.fake.likeTrack(UNDO_SPOTIFY, UNDO_TRACKS[k]!.id);
    await world.keepSorted.syncUser(UNDO_USER);
    const rockIn = playlistOf(0).filter((id) => !before[0]!.includes(id));
    const jazzIn = playlistOf(1).filter((id) => !before[1]!.includes(id));
    expect(rockIn).toHaveLength(2);
    expect(jazzIn).toHaveLength(1);

    world.harness.fake.deletePlaylistByHand(UNDO_SPOTIFY, world.sublists[0]!.playlistId);
    await world.keepSorted.syncUser(UNDO_USER);
    const rockNow = playlistOf(0);
    const undone = await world.services.sortRuns.undoLast(UNDO_USER, world.layer);

    expect(undone.undid.kind).toBe('sync');
    expect(playlistOf(0)).toEqual(rockNow);
    expect(playlistOf(1)).not.toContain(jazzIn[0]);
    const rockEdits = (await world.services.repositories.handEdits.listFor(world.layer.id)).filter(
      (e) => e.sublistId === world.sublists[0]!.id,
    );
    expect(rockEdits).toEqual([]);
    expect(undone.perSublist.find((s) => s.name === 'rock')).toMatchObject({ added: 0, removed: 0 });
    expect(undone.unlisted).toEqual({ sublistNames: ['rock'], songs: 2 });
    expect(undoText(undone)).toMatch(
      /^Undid the sync of \*\*genres\*\* \(<t:\d+:R>\): took 1 song out of \*\*jazz\*\* \(now \d+\)\.\n⚠️ Not undone: its changes of 2 songs in \*\*rock\*\*, whose playlist is no longer in your Spotify library \(deleted or unfollowed, or owned by another Spotify account than the one linked\); they can't be undone later, even once it is back\.$/,
    );

    // As it says: restored, rock keeps those songs; the run is marked undone, so a second /undo
    // does not take them out (this layer has no earlier run to undo).
    world.harness.fake.restorePlaylistByHand(UNDO_SPOTIFY, world.sublists[0]!.playlistId);
    await world.keepSorted.syncUser(UNDO_USER);
    await expect(world.services.sortRuns.undoLast(UNDO_USER, world.layer)).rejects.toMatchObject({
      code: 'nothing-to-undo',
    });
    expect(playlistOf(0)).toContain(rockIn[0]);
    expect(playlistOf(0)).toContain(rockIn[1]);
  });
});
