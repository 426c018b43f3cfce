import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statusView } from '../../src/bot/views/account.view.js';
import type { BotServiceSet } from '../../src/composition/bot-services.js';
import {
  botServicesOver,
  genreSeedTracks,
  startSortingWorld,
  type SortingWorld,
} from '../support/sorting-world.js';

const USER = 'discord-vanished-sublist';
const SPOTIFY_USER = 'spotify-vanished-sublist';
const TRACKS = genreSeedTracks(24, 'vs');

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
    bot = botServicesOver(world, { corrections: world.keepSorted });
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

  it('deleted: no hand edits, labels kept, /status says so; restored: read afresh, no edits either', async () => {
    expect(await statusField()).not.toContain('no longer');

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
    expect(await statusField()).toContain(
      "**rock**'s playlist is no longer in your Spotify library (deleted or unfollowed) or can't be read",
    );

    // Restored in Spotify, a song taken out meanwhile: the playlist is read afresh, not compared
    // with what it held before it went.
    world.harness.fake.removeFromPlaylistByHand(rock().playlistId, [songs[0]!]);
    world.harness.fake.restorePlaylistByHand(SPOTIFY_USER, rock().playlistId);
    expect((await world.keepSorted.syncUser(USER)).layers[0]).toMatchObject({ handEdits: 0 });
    expect(await removals()).toEqual([]);
    expect((await bot.services.status.statusOf(USER)).layers[0]?.unlistedSublists).toEqual([]);
    expect(await statusField()).not.toContain('no longer');

    // Listed again, it is compared as before: a song taken out by hand now is an answer.
    world.harness.fake.removeFromPlaylistByHand(rock().playlistId, [songs[1]!]);
    expect((await world.keepSorted.syncUser(USER)).layers[0]).toMatchObject({
      handEdits: 1,
      answersFromHandRemovals: 1,
    });
    expect((await removals()).map((e) => e.trackId)).toEqual([songs[1]]);
  });
});
