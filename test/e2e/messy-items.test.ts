import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importResultView, layerListView } from '../../src/bot/views/layer.view.js';
import type { Layer, Sublist } from '../../src/core/layer-records.js';
import type { BotServiceSet } from '../../src/composition/bot-services.js';
import {
  botServicesOver,
  genreOf,
  genreSeedTracks,
  GENRES,
  startSortingWorld,
  type SortingWorld,
} from '../support/sorting-world.js';
import { spotifyId } from '../support/sort-fixtures.js';

const USER = 'discord-messy';
const SPOTIFY_USER = 'spotify-messy';
const ALL = genreSeedTracks(48, 'mi');
const TRACKS = ALL.slice(0, 45);
const [LATER_ROCK, LATER_JAZZ, RELINKED] = [ALL[45]!, ALL[46]!, ALL[47]!];
/** The instance of RELINKED that Spotify plays in the user's market (track relinking). */
const PLAYABLE = { ...RELINKED, id: spotifyId('mi47playable') };
/** A track Spotify serves with an empty artist list and an album without a name. */
const BARE = { id: spotifyId('bare1t'), name: 'bare song', artists: [], album: { name: '' } };
const EPISODE = { id: spotifyId('ep1e'), name: 'An episode' };
const JAZZ_LOCAL = 'spotify:local:Unknown+artist::jazz.mp3:200';
const EPISODE_URI = `spotify:episode:${EPISODE.id}`;

/**
 * A playlist motherlist as people keep them: a song twice, a local file, a podcast episode, an item
 * no longer available, a track without artists, one Spotify relinks in the user's market; hand-sorted sublists holding a song twice, a local
 * file and an episode.
 */
describe('a motherlist and sublists with more than clean tracks, end to end on the fake Spotify', () => {
  let world: SortingWorld;
  let bot: BotServiceSet;
  let layer: Layer;
  const sublists: Sublist[] = [];
  let inbox: string;
  const uris = (k: number) => world.harness.fake.playlist(sublists[k]!.playlistId).uris;
  const count = (list: readonly string[], uri: string) => list.filter((u) => u === uri).length;

  beforeAll(async () => {
    world = await startSortingWorld(USER, SPOTIFY_USER, ALL, 0);
    const { playlistIds } = world.harness.fake.seedLibrary(SPOTIFY_USER, {
      tracks: [BARE, PLAYABLE],
      episodes: [EPISODE],
      playlists: [
        {
          name: 'inbox',
          items: [
            ...TRACKS.map((t) => t.id),
            TRACKS[0]!.id,
            BARE.id,
            RELINKED.id,
            { local: { name: 'demo.mp3' } },
            { episodeId: EPISODE.id },
            { unavailable: true },
          ],
        },
        { name: 'hand rock', items: [TRACKS[0]!.id, TRACKS[3]!.id, TRACKS[3]!.id, TRACKS[6]!.id] },
        { name: 'hand jazz', items: [TRACKS[1]!.id, TRACKS[4]!.id, { local: { name: 'jazz.mp3' } }] },
        { name: 'hand folk', items: [TRACKS[2]!.id, TRACKS[5]!.id, { episodeId: EPISODE.id }] },
      ],
    });
    inbox = playlistIds[0]!;
    world.harness.fake.relinkTrack(RELINKED.id, PLAYABLE.id);
    await world.harness.sync.syncLibrary(USER);
    layer = await world.services.repositories.layers.create({
      userId: USER,
      name: 'inbox',
      motherlistId: inbox,
      mutual: true,
      complete: true,
    });
    for (const [k, name] of GENRES.entries())
      sublists.push(await world.services.repositories.sublists.add(layer.id, name, playlistIds[k + 1]!));
    bot = botServicesOver(world);
  });
  afterAll(async () => {
    await world?.close();
  });

  it('/import labels each hand-sorted song once and counts what is no song; /sort adds no second copy and leaves local files and episodes alone', async () => {
    // /layer list and /status say what of the motherlist is no song to sort.
    const inboxLayer = async () =>
      (await bot.services.layers.list(USER)).find((o) => o.layer.id === layer.id)!;
    expect((await inboxLayer()).motherlistUnsortable).toBe(3);
    expect(layerListView([await inboxLayer()]).embeds?.[0]?.fields?.[0]?.value).toContain(
      '3 items of **inbox** are local files, podcast episodes or items no longer available: not songs Motherlist sorts, left where they are.',
    );
    const imported = await bot.services.importLabels.importInto(USER, 'inbox');
    expect(imported).toMatchObject({ imported: 7, conflicts: 0, outsideMotherlist: 0, unsortableItems: 2 });
    // The reply says why the local file and the episode of the sublists got no label.
    expect(importResultView(imported).content).toContain(
      '2 sublist items are local files, podcast episodes or no longer available: not songs Motherlist sorts, left where they are.',
    );
    expect(imported.perSublist.map((s) => s.tracks)).toEqual([3, 2, 2]);
    for (const [i, track] of TRACKS.slice(0, 21).entries())
      await world.services.repositories.labels.put(layer.id, track.id, [sublists[genreOf(i)]!.id], 'session');
    expect((await world.services.models.train(USER, layer)).activated).toBe(true);

    const sorted = await bot.services.sorter.sort(USER, layer, { dryRun: false });
    // Every song of the motherlist, once: the copy, the local file, the episode and the
    // unavailable item are not songs to sort.
    expect(sorted.confidence?.considered).toBe(TRACKS.length + 2);
    for (const k of [0, 1, 2]) {
      const held = uris(k);
      for (const uri of new Set(held))
        expect(count(held, uri), uri).toBe(uri === `spotify:track:${TRACKS[3]!.id}` ? 2 : 1);
    }
    expect(uris(1)).toContain(JAZZ_LOCAL);
    expect(uris(2)).toContain(EPISODE_URI);
    // A relinked track is read (no market asked) and written under the id the playlists hold.
    const relinked = [0, 1, 2].map((k) => count(uris(k), `spotify:track:${RELINKED.id}`));
    expect(relinked.reduce((a, b) => a + b)).toBe(1);
    expect([0, 1, 2].flatMap(uris)).not.toContain(`spotify:track:${PLAYABLE.id}`);
    // A track without artists reads as its title, not " – title".
    const bare = sorted.uncertain.find((u) => u.trackId === BARE.id);
    if (bare) expect(bare.trackName).toBe('bare song');
    const why = await bot.services.explainer.explain(USER, layer, BARE.id);
    expect(why.trackName).toBe('bare song');

    const report = await world.keepSorted.syncUser(USER);
    expect(report.layers.find((l) => l.layerId === layer.id)).toMatchObject({
      newTracks: 0,
      handEdits: 0,
      departed: 0,
    });
  });

  it('a song added twice to the motherlist is placed once and named once; one more local file or episode changes nothing', async () => {
    const before = [0, 1, 2].map(uris);
    world.harness.fake.addToPlaylistByHand(inbox, [
      LATER_ROCK.id,
      LATER_ROCK.id,
      LATER_JAZZ.id,
      { local: { name: 'new.mp3' } },
      { episodeId: EPISODE.id },
    ]);
    const report = await world.keepSorted.syncUser(USER);
    expect(report.layers.find((l) => l.layerId === layer.id)).toMatchObject({
      newTracks: 2,
      placed: 2,
      handEdits: 0,
    });
    expect(
      (await bot.services.layers.list(USER)).find((o) => o.layer.id === layer.id)?.motherlistUnsortable,
    ).toBe(5);
    const after = [0, 1, 2].map(uris);
    expect(count(after[0]!, `spotify:track:${LATER_ROCK.id}`)).toBe(1);
    expect(count(after[1]!, `spotify:track:${LATER_JAZZ.id}`)).toBe(1);
    expect(after.flat().length).toBe(before.flat().length + 2);
    const dm = world.notifier.sent.at(-1)?.message;
    expect(dm?.kind).toBe('new-songs');
    if (dm?.kind !== 'new-songs') return;
    expect(dm.placements.flatMap((p) => p.trackNames).sort()).toEqual(
      ['Artist g0a3 – rock song 45', 'Artist g1a3 – jazz song 46'].sort(),
    );
  });

  it('a song gone from the motherlist leaves the sublist with both its copies; what the bot cannot sort stays', async () => {
    world.harness.fake.removeFromPlaylistByHand(inbox, [TRACKS[3]!.id]);
    const report = await world.keepSorted.syncUser(USER);
    expect(report.layers.find((l) => l.layerId === layer.id)).toMatchObject({ departed: 1, handEdits: 0 });
    expect(uris(0)).not.toContain(`spotify:track:${TRACKS[3]!.id}`);
    expect(uris(1)).toContain(JAZZ_LOCAL);
    expect(uris(2)).toContain(EPISODE_URI);
    expect(world.harness.fake.playlist(inbox).uris).toContain(EPISODE_URI);
    world.harness.fake.assertClean();
  });
});
