import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBotPorts } from '../../src/composition/bot-ports.js';
import { createBotServices, type BotServiceSet } from '../../src/composition/bot-services.js';
import type { Layer, Sublist } from '../../src/core/layer-records.js';
import { SpotifyPlaylistWriter } from '../../src/spotify/playlist-writer.js';
import {
  GENRES,
  answerTrainAndSort,
  eraOf,
  genreOf,
  genreSeedTracks,
  startSortingWorld,
  type SortingWorld,
} from '../support/sorting-world.js';

const USER = 'discord-composed';
const SPOTIFY_USER = 'spotify-composed';
const LIKED = 60;
const TRACKS = genreSeedTracks(78, 'cl');

/**
 * Issue 21 item 9: layers compose. "Rock eras" sorts the rock playlist; "Genres" sorts Liked Songs
 * into rock, jazz and folk, adopting that playlist as its rock sublist (so the parent was made
 * after its child). A new like goes through both layers in one sync, parents first.
 */
describe('composed layers, end to end on the fake Spotify', () => {
  let world: SortingWorld;
  let bot: BotServiceSet;
  let genres: Layer;
  let eras: Layer;
  let genreSublists: Sublist[];
  let eraSublists: Sublist[];
  const contents = (playlistId: string) => world.harness.fake.playlist(playlistId).trackIds;
  const rock = () => genreSublists[0] as Sublist;
  const indexOf = (trackId: string) => TRACKS.findIndex((track) => track.id === trackId);

  beforeAll(async () => {
    world = await startSortingWorld(USER, SPOTIFY_USER, TRACKS, LIKED);
    const { repositories } = world.services;
    // The world's layer goes: this user makes their own, through the services the bot calls.
    await repositories.layers.delete(world.layer.id);
    const writer = new SpotifyPlaylistWriter(world.harness.sessions);
    bot = createBotServices(
      repositories,
      createBotPorts({
        link: { createLinkUrl: async () => 'http://127.0.0.1/link/unused' },
        spotify: world.harness.sessions,
        playlistReader: writer,
        sorting: world.services,
      }),
      { defaultSyncIntervalMinutes: 10 },
    );
    const { layers, sublists } = bot.services;
    eras = (
      await layers.create(USER, { name: 'Rock eras', motherlist: 'rock', mutual: true, complete: true })
    ).layer;
    for (const name of ['early', 'late']) await sublists.add(USER, 'Rock eras', name);
    genres = (await layers.create(USER, { name: 'Genres', mutual: true, complete: true })).layer;
    for (const name of GENRES) await sublists.add(USER, 'Genres', name, name);
    genreSublists = await repositories.sublists.listFor(genres.id);
    eraSublists = await repositories.sublists.listFor(eras.id);

    await answerTrainAndSort(
      world,
      USER,
      genres,
      TRACKS.slice(0, 24).map((track, i) => [track.id, genreSublists[genreOf(i)]?.id as string]),
    );
    // The user labels the rock songs the genre layer placed by era, trains and sorts that layer.
    const inRock = [...contents(rock().playlistId)];
    expect(inRock.length).toBeGreaterThanOrEqual(12);
    await answerTrainAndSort(
      world,
      USER,
      eras,
      inRock.map((id) => [id, eraSublists[eraOf(indexOf(id))]?.id as string]),
    );
    await world.keepSorted.syncUser(USER);
  });
  afterAll(async () => {
    await world?.close();
  });

  it('shows the child’s motherlist as the parent’s sublist', async () => {
    const listed = await bot.services.layers.list(USER);
    expect(listed.find((o) => o.layer.id === eras.id)?.motherlistName).toBe('Genres › rock');
    // The child was made first: the sync must not follow the order of creation.
    expect(listed.map((o) => o.layer.name)).toEqual(['Rock eras', 'Genres']);
  });

  it('a new like flows through both layers in one sync, parents first, without reading the playlist again', async () => {
    const liked = [60, 61, 63, 66, 69].map((i) => TRACKS[i]?.id as string);
    const rockLikes = liked.filter((id) => genreOf(indexOf(id)) === 0);
    for (const id of liked) world.harness.fake.likeTrack(SPOTIFY_USER, id);
    world.notifier.sent.length = 0;
    world.harness.fake.resetCounts();

    const report = await world.keepSorted.syncUser(USER);

    expect(report.layers.map((l) => l.layerId)).toEqual([genres.id, eras.id]);
    expect(report.layers[0]?.newTracks).toBe(liked.length);
    for (const id of rockLikes) expect(contents(rock().playlistId)).toContain(id);
    // The same sync took the parent's new rock songs in and sorted them by era.
    expect(report.layers[1]).toMatchObject({ newTracks: rockLikes.length, placed: rockLikes.length });
    for (const id of rockLikes)
      expect(contents(eraSublists[eraOf(indexOf(id))]?.playlistId as string)).toContain(id);
    const jazzLike = liked.find((id) => genreOf(indexOf(id)) === 1) as string;
    for (const era of eraSublists) expect(contents(era.playlistId)).not.toContain(jazzLike);
    // The child read its new songs from what the parent wrote, not from Spotify.
    const rockReads = world.harness.fake.requests.filter(
      (r) => r.method === 'GET' && r.path.includes(`/playlists/${rock().playlistId}/items`),
    );
    expect(rockReads).toEqual([]);
    expect(world.notifier.sent.map((dm) => dm.message.kind === 'new-songs' && dm.message.layerName)).toEqual([
      'Genres',
      'Rock eras',
    ]);
  });

  it('a like that waits in the parent reaches the child only once it is placed', async () => {
    const song = TRACKS[72]?.id as string;
    world.harness.fake.likeTrack(SPOTIFY_USER, song);
    // The library read stores the new like (the sync below still finds it new to every layer).
    await world.harness.sync.syncLibrary(USER);
    const { predictions } = await world.services.models.predictions(USER, genres, [song]);
    const confidence = predictions[0]?.confidence ?? 1;
    expect(confidence).toBeLessThan(1);
    // A precision target above what the genre layer can promise for it: the song waits there.
    await world.services.repositories.layers.setPrecisionTarget(genres.id, (confidence + 1) / 2);

    const first = await world.keepSorted.syncUser(USER);
    expect((await world.services.repositories.waiting.listFor(genres.id)).map((w) => w.trackId)).toContain(
      song,
    );
    expect(contents(rock().playlistId)).not.toContain(song);
    // The child got nothing of it: not taken in, not waiting there, in none of its sublists.
    expect(first.layers.map((l) => [l.layerId, l.newTracks])).toEqual([
      [genres.id, 1],
      [eras.id, 0],
    ]);
    expect((await world.services.repositories.waiting.listFor(eras.id)).map((w) => w.trackId)).not.toContain(
      song,
    );
    for (const era of eraSublists) expect(contents(era.playlistId)).not.toContain(song);

    // The user places it in rock (the DM's menu): the next sync passes it on to the child.
    await world.services.sortRuns.correctPlacement(USER, genres.id, song, [rock().id]);
    expect(contents(rock().playlistId)).toContain(song);
    const next = await world.keepSorted.syncUser(USER);
    expect(next.layers[1]).toMatchObject({ layerId: eras.id, newTracks: 1, placed: 1 });
    expect(contents(eraSublists[eraOf(72)]?.playlistId as string)).toContain(song);
  });
});
