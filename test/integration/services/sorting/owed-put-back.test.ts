import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RunFailedError } from '../../../../src/services/errors.js';
import { FAST_TRANSPORT } from '../../../support/spotify/spotify-harness.js';
import { genreSeedTracks, startSortingWorld, type SortingWorld } from '../../../support/sorting-world.js';

const USER = 'discord-owed-put-back';
const SPOTIFY_USER = 'spotify-owed-put-back';
const TRACKS = genreSeedTracks(6, 'opb');

/**
 * A correction moving a song from rock to folk through the fake Spotify, whose removes Spotify
 * refuses for good (403) twice: the correction's remove from rock, then its put-back's remove from
 * folk. The song is left in two sublists of the mutual layer; the failed run owes its put-back in
 * the database, and the layer's next sync makes it.
 */
describe('a failed correction’s put-back refused at first, made by the layer’s next sync', () => {
  let world: SortingWorld;
  const items = (k: number) => world.harness.fake.playlist(world.sublists[k]?.playlistId as string).trackIds;

  // A fresh database, the fake Spotify and its library read (no model trained): 5-12 s alone (nice 10,
  // load 10-15), past 60 s beside other files on two cores.
  beforeAll(async () => {
    world = await startSortingWorld(USER, SPOTIFY_USER, TRACKS, TRACKS.length, { transport: FAST_TRANSPORT });
  }, 120_000);
  afterAll(async () => {
    await world?.close();
  });

  it('puts the song back in rock alone, reads no hand edit in it, and owes nothing more', async () => {
    const { services, harness, layer, sublists } = world;
    const [rock, , folk] = sublists;
    const song = TRACKS[0]!.id;
    await services.sortRuns.correctPlacement(USER, layer.id, song, [rock!.id]);
    expect(items(0)).toEqual([song]);
    const refused = harness.fake.faults.add({
      method: 'DELETE',
      path: /\/playlists\/[^/]+\/items/,
      status: 403,
      times: 2,
    });

    await expect(services.sortRuns.correctPlacement(USER, layer.id, song, [folk!.id])).rejects.toBeInstanceOf(
      RunFailedError,
    );

    expect(refused.fired).toBe(2);
    expect(items(0)).toEqual([song]);
    expect(items(2)).toEqual([song]);
    expect(await services.repositories.runs.putBacksOwed(layer.id)).toHaveLength(1);

    await world.keepSorted.syncUser(USER);

    expect(items(0)).toEqual([song]);
    expect(items(2)).toEqual([]);
    expect(await services.repositories.runs.putBacksOwed(layer.id)).toEqual([]);
    expect(await services.repositories.handEdits.listFor(layer.id)).toEqual([]);
    expect(await services.repositories.labels.get(layer.id, song)).toMatchObject({ sublistIds: [rock!.id] });
    // The next sync finds nothing to put back, nor any hand edit.
    await world.keepSorted.syncUser(USER);
    expect(items(2)).toEqual([]);
    expect(await services.repositories.handEdits.listFor(layer.id)).toEqual([]);
  }, 60_000);
});
