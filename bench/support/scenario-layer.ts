import type { Repositories } from '../../src/composition/repositories.js';
import type { SnapshotScenario } from '../../src/core/library-snapshot.js';
import { createRandom, shuffled } from '../../src/ml/random.js';
import type { FakeSpotify } from '../../test/fakes/spotify/fake-spotify.js';

/**
 * The scenario's layer "Genres" over a linked user's Liked Songs, each sublist a new playlist made by
 * hand, and `labelCount` of the liked songs (a seeded draw) imported as labels with their true sublists.
 */
export const createScenarioLayer = async (
  r: Pick<Repositories, 'layers' | 'sublists' | 'labels'>,
  fake: Pick<FakeSpotify, 'createPlaylistByHand' | 'likedTrackIds'>,
  owner: { userId: string; spotifyUser: string },
  scenario: SnapshotScenario,
  labelCount: number,
) => {
  const layer = await r.layers.create({
    userId: owner.userId,
    name: 'Genres',
    motherlistId: 'liked',
    mutual: scenario.mutual,
    complete: scenario.complete,
  });
  const sublistIds: string[] = [];
  for (const s of scenario.sublists) {
    const playlistId = fake.createPlaylistByHand(owner.spotifyUser, { name: s.name, trackIds: [] });
    sublistIds.push((await r.sublists.add(layer.id, s.name, playlistId)).id);
  }
  const truth = new Map<string, string[]>();
  scenario.sublists.forEach((s, k) => {
    for (const id of s.track_ids) truth.set(id, [...(truth.get(id) ?? []), sublistIds[k] as string]);
  });
  const liked = fake.likedTrackIds(owner.spotifyUser);
  const labeled = shuffled(liked, createRandom(7)).slice(0, labelCount);
  await r.labels.putMany(
    layer.id,
    labeled.map((trackId) => ({ trackId, sublistIds: truth.get(trackId) ?? [] })),
    'import',
    [],
  );
  return { layer, liked, labels: labeled.length };
};
