import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statusView } from '../../../../src/bot/views/account.view.js';
import { layerListView } from '../../../../src/bot/views/layer.view.js';
import { createBotServices, type BotServiceSet } from '../../../../src/composition/bot-services.js';
import { createRepositories } from '../../../../src/composition/repositories.js';
import type { Database } from '../../../../src/db/database.js';
import { UserErrorCode } from '../../../../src/services/errors.js';
import { SpotifySideDouble } from '../../../support/bot/spotify-side-double.js';
import { openTestDatabase, testDatabaseUrl } from '../../../support/test-database.js';

const codeOf = async (work: Promise<unknown>): Promise<string | undefined> =>
  work.then(
    () => undefined,
    (error: { code?: string }) => error.code ?? String(error),
  );

/**
 * Issue 21 item 9: a layer over another layer's sublist, stored and shown as such; no cycles;
 * deleting the parent leaves the child's rows as they are (on each database, not the unit tier's
 * stores: what a delete cascades to is the database's).
 */
describe(`composing layers on ${testDatabaseUrl() ? 'PostgreSQL' : 'embedded PGlite'}`, () => {
  let database: Database;
  let set: BotServiceSet;
  const spotify = new SpotifySideDouble();
  const USER = 'u-compose';
  const CIRCLED = 'u-circle';
  const mode = { mutual: true, complete: true };

  beforeAll(async () => {
    database = await openTestDatabase();
    set = createBotServices(createRepositories(database), spotify.ports(), {
      defaultSyncIntervalMinutes: 10,
    });
    spotify.link(USER);
    const { layers, sublists } = set.services;
    await layers.create(USER, { name: 'Moods', ...mode });
    await sublists.add(USER, 'Moods', 'Solo');
    await sublists.add(USER, 'Moods', 'Group');
  });
  afterAll(async () => {
    await database?.close();
  });

  const sublistOf = async (layer: string, name: string) =>
    (await set.services.layers.requireWithSublists(USER, layer)).sublists.find((s) => s.name === name);

  it('creates a layer over another layer’s sublist, by `Layer › Sublist` or by the sublist’s name', async () => {
    const { layers } = set.services;
    const solo = await sublistOf('Moods', 'Solo');
    for (const [name, motherlist] of [
      ['Run or work', 'Moods › Solo'],
      ['Typed path', 'moods > solo'],
      ['Bare name', 'SOLO'],
    ] as const) {
      const created = await layers.create(USER, { name, motherlist, ...mode });
      expect(created.layer.motherlistId).toBe(solo?.playlistId);
      expect(created.motherlistName).toBe('Moods › Solo');
    }
    const listed = await layers.list(USER);
    expect(listed.find((o) => o.layer.name === 'Run or work')?.motherlistName).toBe('Moods › Solo');
    for (const name of ['Typed path', 'Bare name']) await layers.delete(USER, name);
  });

  it('a sublist name two layers have is refused as ambiguous, naming both; the path chooses', async () => {
    const { layers, sublists } = set.services;
    await layers.create(USER, { name: 'Decades', ...mode });
    await sublists.add(USER, 'Decades', 'Solo');
    const ambiguous = layers.create(USER, { name: 'Which', motherlist: 'solo', ...mode });
    await expect(ambiguous).rejects.toMatchObject({
      code: UserErrorCode.AmbiguousMotherlist,
      problem: expect.objectContaining({ paths: ['Moods › Solo', 'Decades › Solo'] }),
    });
    const chosen = await layers.create(USER, { name: 'Which', motherlist: 'Decades › Solo', ...mode });
    expect(chosen.layer.motherlistId).toBe((await sublistOf('Decades', 'Solo'))?.playlistId);
    expect(await layers.names(USER, 'which')).toEqual(['Which']);
    await layers.delete(USER, 'Which');
    await layers.delete(USER, 'Decades');
  });

  it('offers Liked Songs, every sublist and the other playlists (by id) as motherlists', async () => {
    const roadTrip = spotify.addPlaylist(USER, 'Road trip');
    // Decades' Solo playlist stayed in Spotify when that layer went: offered by id, not by its name.
    const moodsSolo = (await sublistOf('Moods', 'Solo'))?.playlistId;
    const leftover = [...spotify.playlists].find(
      ([id, p]) => p.owner === USER && p.name === 'Solo' && id !== moodsSolo,
    )?.[0];
    const offered = await set.services.layers.motherlistChoices(USER, '');
    expect(offered).toEqual([
      { name: 'Liked Songs', value: 'Liked Songs' },
      { name: 'Moods › Solo', value: 'Moods › Solo' },
      { name: 'Moods › Group', value: 'Moods › Group' },
      { name: 'Solo', value: leftover },
      { name: 'Road trip', value: roadTrip },
    ]);
    expect(await set.services.layers.motherlistChoices(USER, 'moods>s')).toEqual([
      { name: 'Moods › Solo', value: 'Moods › Solo' },
    ]);
    // Each choice names what it shows.
    for (const [k, choice] of offered.slice(1).entries()) {
      const created = await set.services.layers.create(USER, {
        name: `Choice ${k}`,
        motherlist: choice.value,
        ...mode,
      });
      expect(created.motherlistName).toBe(choice.name);
      await set.services.layers.delete(USER, `Choice ${k}`);
    }
  });

  it('refuses a sublist that would feed a layer its own songs: its motherlist, or an ancestor’s', async () => {
    const { layers, sublists } = set.services;
    // "Run or work" sorts Moods › Solo; a playlist over which Moods itself sits closes a circle.
    const everything = spotify.addPlaylist(USER, 'Everything');
    await layers.create(USER, { name: 'Over everything', motherlist: 'Everything', ...mode });
    await sublists.add(USER, 'Over everything', 'Picked');
    await layers.create(USER, { name: 'Picks', motherlist: 'Over everything › Picked', ...mode });
    const circle = sublists.add(USER, 'Picks', 'Back', everything);
    await expect(circle).rejects.toMatchObject({
      code: UserErrorCode.LayerCycle,
      problem: expect.objectContaining({ through: ['Over everything'] }),
    });
    const solo = await sublistOf('Moods', 'Solo');
    expect(await codeOf(sublists.add(USER, 'Run or work', 'Itself', solo?.playlistId))).toBe(
      UserErrorCode.LayerCycle,
    );
    expect((await layers.requireWithSublists(USER, 'Picks')).sublists).toEqual([]);
    // Further down the chain is no circle, but the parent's other sublist is the parent's to write:
    // the child would put Solo's songs in Group too, two of Moods' mutual sublists, and each
    // layer's /sort would take out what the other put in.
    const group = await sublistOf('Moods', 'Group');
    expect(await codeOf(sublists.add(USER, 'Run or work', 'Also group', group?.playlistId))).toBe(
      UserErrorCode.PlaylistInUse,
    );
  });

  it('deleting a parent layer detaches its children: they keep the sublist’s playlist as motherlist', async () => {
    const { layers, sublists } = set.services;
    const solo = await sublistOf('Moods', 'Solo');
    expect((await layers.forDeletion(USER, 'Moods')).children).toEqual([
      { child: 'Run or work', sublist: 'Solo' },
    ]);
    await sublists.add(USER, 'Run or work', 'Run');
    const deleted = await layers.delete(USER, 'Moods');
    expect(deleted.children).toEqual([{ child: 'Run or work', sublist: 'Solo' }]);
    const child = await layers.requireWithSublists(USER, 'Run or work');
    expect(child.layer.motherlistId).toBe(solo?.playlistId);
    expect(child.sublists.map((s) => s.name)).toEqual(['Run']);
    // No longer a sublist, it shows as the playlist it is.
    expect((await layers.list(USER)).find((o) => o.layer.name === 'Run or work')?.motherlistName).toBe(
      'Solo',
    );
  });

  it('removing a parent’s sublist detaches the layers over it the same way', async () => {
    const { layers, sublists } = set.services;
    const picked = await sublistOf('Over everything', 'Picked');
    const removed = await sublists.remove(USER, 'Over everything', 'Picked');
    expect(removed.detached).toEqual(['Picks']);
    expect((await layers.require(USER, 'Picks')).motherlistId).toBe(picked?.playlistId);
  });

  // Issue 21: layers stored in a circle before adopting refused one (A's sublist the motherlist of
  // B, B's that of A): /status and /layer list name the sublists that close it and say the sync skips them.
  it('/status and /layer list say which layers form the circle, through which sublists, and that syncs skip them', async () => {
    const { layers } = set.services;
    spotify.link(CIRCLED);
    const p = spotify.addPlaylist(CIRCLED, 'Circle P');
    const q = spotify.addPlaylist(CIRCLED, 'Circle Q');
    const x = await layers.create(CIRCLED, { name: 'Xmas', motherlist: 'Circle P', ...mode });
    const y = await layers.create(CIRCLED, { name: 'Yard', motherlist: 'Circle Q', ...mode });
    await layers.create(CIRCLED, { name: 'Zen', ...mode });
    // Stored as the bot stored them before the check (no service would store them so today).
    const { sublists } = createRepositories(database);
    await sublists.add(x.layer.id, 'To yard', q);
    await sublists.add(y.layer.id, 'To xmas', p);

    const shown = statusView(await set.services.status.statusOf(CIRCLED)).embeds[0]?.fields ?? [];
    const line =
      'In a circle: **Xmas** › To yard feeds **Yard**, **Yard** › To xmas feeds **Xmas**, so songs would go round. Syncs skip these layers until you change one';
    expect(shown.find((field) => field.name === 'Xmas')?.value).toContain(line);
    expect(shown.find((field) => field.name === 'Yard')?.value).toContain(line);
    expect(shown.find((field) => field.name === 'Zen')?.value).not.toContain('In a circle');
    const listed = layerListView(await layers.listLinked(CIRCLED)).embeds[0]?.fields ?? [];
    expect(listed.find((field) => field.name === 'Xmas')?.value).toContain(line);
    expect(listed.find((field) => field.name === 'Yard')?.value).toContain(line);
    expect(listed.find((field) => field.name === 'Zen')?.value).not.toContain('In a circle');
  });
});
