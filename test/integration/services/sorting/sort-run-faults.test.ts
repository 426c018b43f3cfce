import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isUserError, UserErrorCode } from '../../../../src/services/errors.js';
import { FAST_TRANSPORT } from '../../../support/spotify/spotify-harness.js';
import {
  genreOf,
  genreSeedTracks,
  startSortingWorld,
  type SortingWorld,
} from '../../../support/sorting-world.js';

const USER = 'discord-sort-faults';
const SPOTIFY_USER = 'spotify-sort-faults';
const TRACKS = genreSeedTracks(150, 'sf');
const LIKED = 150;
const TIMEOUT_MS = 1_000;

/**
 * Sort runs of one mutual, complete layer against the fake Spotify under the faults an adversarial
 * run found (issue 24): hangs, 429 storms, concurrent commands. What counts is what the fake's
 * playlists hold at the end: every liked song exactly where the plan says, none twice.
 */
describe('sort runs under faults and concurrency (issue 24 items 1, 2, 5)', () => {
  let world: SortingWorld;
  const items = (k: number) => world.harness.fake.playlist(world.sublists[k]?.playlistId as string).trackIds;

  /** Where every liked song belongs: the user's labels, else the model's prediction. */
  const planned = async (): Promise<Map<string, string[]>> => {
    const { predictions } = await world.services.models.predictions(USER, world.layer);
    const where = new Map(predictions.map((p) => [p.trackId, [...p.placement]]));
    for (const label of await world.services.repositories.labels.listFor(world.layer.id))
      where.set(label.trackId, [...label.sublistIds]);
    return where;
  };

  /** Each sublist holds exactly the songs planned for it, each once, and every liked song is in one. */
  const expectPlaylistsAsPlanned = async () => {
    const where = await planned();
    expect(where.size).toBe(LIKED);
    for (const [k, sublist] of world.sublists.entries()) {
      const held = items(k);
      expect(held.length, `duplicates in ${sublist.name}`).toBe(new Set(held).size);
      const wanted = [...where].filter(([, s]) => s.includes(sublist.id)).map(([id]) => id);
      expect([...held].sort(), `contents of ${sublist.name}`).toEqual(wanted.sort());
    }
    const placements = world.sublists.flatMap((_, k) => items(k));
    expect(placements).toHaveLength(LIKED);
  };

  beforeAll(async () => {
    world = await startSortingWorld(USER, SPOTIFY_USER, TRACKS, LIKED, {
      transport: { ...FAST_TRANSPORT, timeoutMs: TIMEOUT_MS },
    });
    const { labels } = world.services.repositories;
    for (const [i, track] of TRACKS.slice(0, 30).entries())
      await labels.put(world.layer.id, track.id, [world.sublists[genreOf(i)]?.id as string], 'session');
    expect((await world.services.models.train(USER, world.layer)).activated).toBe(true);
  }, 120_000);
  afterAll(async () => {
    await world?.close();
  });

  it('five /sort at once under a 20% 429 storm: one sorts, the others say busy; no duplicate, nothing missing', async () => {
    for (const k of world.sublists.keys()) expect(items(k)).toEqual([]);
    const { fake } = world.harness;
    const sure = fake.faults.add({ method: 'POST', status: 429, retryAfterSeconds: 0.05, times: 1 });
    const storm = fake.faults.add({ status: 429, retryAfterSeconds: 0.05, probability: 0.2 });
    const answers = await Promise.allSettled(
      Array.from({ length: 5 }, () => world.services.sortRuns.sort(USER, world.layer, { dryRun: false })),
    );
    fake.faults.clear();
    await expectPlaylistsAsPlanned();
    expect(sure.fired + storm.fired).toBeGreaterThan(0);
    const sorted = answers.filter((a) => a.status === 'fulfilled');
    const refused = answers.flatMap((a) => (a.status === 'rejected' ? [a.reason as unknown] : []));
    expect(sorted.length).toBeGreaterThanOrEqual(1);
    expect(refused.every((e) => isUserError(e) && e.code === UserErrorCode.Busy)).toBe(true);
  }, 120_000);

  it('two corrections of one song at once leave it in one sublist of the mutual layer, the later one', async () => {
    const track = TRACKS[40]?.id as string;
    const from = world.sublists.findIndex((_, k) => items(k).includes(track));
    const [a, b] = world.sublists.filter((_, k) => k !== from);
    const both = await Promise.allSettled([
      world.services.sortRuns.correctPlacement(USER, world.layer.id, track, [a?.id as string]),
      world.services.sortRuns.correctPlacement(USER, world.layer.id, track, [b?.id as string]),
    ]);
    expect(both.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
    const holding = world.sublists.filter((_, k) => items(k).includes(track)).map((s) => s.id);
    const label = await world.services.repositories.labels.get(world.layer.id, track);
    expect(holding).toHaveLength(1);
    expect(holding).toEqual(label?.sublistIds);
    await expectPlaylistsAsPlanned();
  }, 60_000);
  it('a sort while Spotify hangs completes every placement: a timed-out add is read back and finished, never dropped', async () => {
    await world.services.sortRuns.undoLast(USER, world.layer);
    for (const k of world.sublists.keys()) expect(items(k)).toEqual([]);
    const { fake } = world.harness;
    // Spotify answers nothing for a while: requests hang longer than the client waits. Some
    // writes are applied late (a slow server), others never (the request is lost).
    const lost = fake.faults.add({
      method: 'POST',
      path: '/playlists/{playlist_id}/items',
      status: 'hang',
      times: 1,
    });
    const late = fake.faults.add({
      method: 'POST',
      path: '/playlists/{playlist_id}/items',
      status: 'hang',
      hangMs: TIMEOUT_MS + 100,
      times: 1,
    });
    const reads = fake.faults.add({ method: 'GET', status: 'hang', times: 3 });
    // The run itself reads a timed-out add back and finishes it: the first /sort succeeds.
    await world.services.sortRuns.sort(USER, world.layer, { dryRun: false });
    fake.faults.clear();
    await expectPlaylistsAsPlanned();
    expect([lost.fired, late.fired, reads.fired]).toEqual([1, 1, 3]);
    const again = await world.services.sortRuns.sort(USER, world.layer, { dryRun: true });
    expect(again.perSublist.every((s) => s.added === 0 && s.removed === 0)).toBe(true);
  }, 120_000);
});
