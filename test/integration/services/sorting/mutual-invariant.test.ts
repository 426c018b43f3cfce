import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FAST_TRANSPORT } from '../../../support/spotify/spotify-harness.js';
import {
  genreOf,
  genreSeedTracks,
  startSortingWorld,
  type SortingWorld,
} from '../../../support/sorting-world.js';

const USER = 'discord-mutual-rule';
const SPOTIFY_USER = 'spotify-mutual-rule';
const TRACKS = genreSeedTracks(120, 'mr');
const LIKED = 120;

/**
 * A mutual layer's rule, a song in at most one of its sublists, under what broke it in the
 * adversarial run (issue 24 item 5): a sort and two corrections cut short by 429s, and a plan made
 * on contents that no longer hold. Checked on what the fake Spotify's playlists hold.
 */
describe('a mutual layer keeps its rule (issue 24 item 5)', () => {
  let world: SortingWorld;
  const items = (k: number) => world.harness.fake.playlist(world.sublists[k]?.playlistId as string).trackIds;
  /** The sublists (indexes) holding the track on Spotify. */
  const holding = (trackId: string) => [...world.sublists.keys()].filter((k) => items(k).includes(trackId));
  const inTwo = () => TRACKS.map((t) => t.id).filter((id) => holding(id).length > 1);
  const label = (trackIndex: number, sublist: number) =>
    world.services.repositories.labels.put(
      world.layer.id,
      TRACKS[trackIndex]?.id as string,
      [world.sublists[sublist]?.id as string],
      'session',
    );
  /** Removes answered 429 with a Retry-After past what the client waits: the write fails at once. */
  const refuseRemoves = () =>
    world.harness.fake.faults.add({ method: 'DELETE', status: 429, retryAfterSeconds: 3_600 });

  beforeAll(async () => {
    world = await startSortingWorld(USER, SPOTIFY_USER, TRACKS, LIKED, { transport: FAST_TRANSPORT });
    for (let i = 0; i < 30; i++) await label(i, genreOf(i));
    expect((await world.services.models.train(USER, world.layer)).activated).toBe(true);
    await world.services.sortRuns.sort(USER, world.layer, { dryRun: false });
    expect(inTwo()).toEqual([]);
  }, 120_000);
  afterEach(async () => {
    // Each test starts from finished runs, whatever the one before left.
    world.harness.fake.faults.clear();
    await world.services.sortRuns.finishUnfinished(USER, world.layer.id);
  });
  afterAll(async () => {
    await world?.close();
  });

  it('a sort cut short by a 429 storm leaves no song in no sublist; the next sort finishes it, each in one', async () => {
    // The user moves 12 songs: each now belongs to the next genre's sublist.
    for (let i = 0; i < 12; i++) await label(i, (genreOf(i) + 1) % 3);
    const { fake } = world.harness;
    fake.faults.add({ status: 429, retryAfterSeconds: 0.02, probability: 0.25 });
    const refused = refuseRemoves();
    await expect(world.services.sortRuns.sort(USER, world.layer, { dryRun: false })).rejects.toThrow();
    expect(refused.fired).toBeGreaterThan(0);
    // A sort adds before it takes out: while Spotify refuses the removes, each moved song is
    // where it was (and where it goes once its add is written), never in no sublist.
    for (let i = 0; i < 12; i++) expect(holding(TRACKS[i]?.id as string)).toContain(genreOf(i));
    fake.faults.clear();
    await world.services.sortRuns.sort(USER, world.layer, { dryRun: false });
    expect(inTwo()).toEqual([]);
    for (let i = 0; i < 12; i++) expect(holding(TRACKS[i]?.id as string)).toEqual([(genreOf(i) + 1) % 3]);
  }, 120_000);

  it('two corrections of one song within milliseconds, their removes refused, leave it in one sublist once Spotify takes them', async () => {
    const track = TRACKS[50]?.id as string;
    const [from] = holding(track);
    const [a, b] = world.sublists.filter((_, k) => k !== from);
    refuseRemoves();
    const both = await Promise.allSettled([
      world.services.sortRuns.correctPlacement(USER, world.layer.id, track, [a?.id as string]),
      world.services.sortRuns.correctPlacement(USER, world.layer.id, track, [b?.id as string]),
    ]);
    expect(both.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    // A correction adds before it takes out: the first one's move, held halfway, leaves the song
    // where it was and where it goes while the limit lasts (in no sublist would lose it).
    expect(holding(track)).toHaveLength(2);
    expect(holding(track)).toContain(from);
    world.harness.fake.faults.clear();
    await world.services.sortRuns.finishUnfinished(USER, world.layer.id);
    expect(holding(track)).toHaveLength(1);
    expect(inTwo()).toEqual([]);
  }, 60_000);

  it('a song put in another sublist since the last read is not added to a second one', async () => {
    const track = TRACKS[60]?.id as string;
    const [from] = holding(track);
    const [byHand, wanted] = [...world.sublists.keys()].filter((k) => k !== from);
    // By hand in Spotify, not yet read by a sync; meanwhile the user's answer says `wanted`.
    world.harness.fake.addToPlaylistByHand(world.sublists[byHand as number]?.playlistId as string, [track]);
    await label(60, wanted as number);
    await world.services.sortRuns.sort(USER, world.layer, { dryRun: false });
    expect(inTwo()).toEqual([]);
    expect(holding(track)).toEqual([byHand]);
  }, 60_000);
});
