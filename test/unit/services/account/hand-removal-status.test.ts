import { describe, expect, it } from 'vitest';
import { SpotifySideDouble } from '../../../support/bot/spotify-side-double.js';
import { createMemoryBotServices } from '../../../support/memory-bot-services.js';

/** A mutual complete layer of two sublists on in-memory services, for one linked user. */
const layerOfTwo = async (userId: string, layerName: string, first: string, second: string) => {
  const spotify = new SpotifySideDouble();
  const set = createMemoryBotServices(spotify, 15);
  spotify.link(userId, `${userId} S`);
  await set.services.layers.create(userId, { name: layerName, mutual: true, complete: true });
  await set.services.sublists.add(userId, layerName, first);
  await set.services.sublists.add(userId, layerName, second);
  const [layer] = await set.stores.layers.listFor(userId);
  if (!layer) throw new Error('the layer was not created');
  return { set, layer, sublists: await set.stores.sublists.listFor(layer.id) };
};

describe('/status counts songs taken out of a sublist by hand as answers', () => {
  it('counts a removal with no label once, not one a label already answers or one put back', async () => {
    const { set, layer, sublists } = await layerOfTwo('u1', 'Genres', 'Rock', 'Jazz');
    const [rock, jazz] = sublists;
    const edit = (sublistId: string, trackId: string, action: 'add' | 'remove') => ({
      layerId: layer.id,
      sublistId,
      trackId,
      action,
      detectedAt: new Date(),
    });
    await set.stores.labels.put(layer.id, 'labeled', [jazz!.id], 'hand-edit');
    await set.stores.handEdits.record([
      edit(rock!.id, 'removed', 'remove'),
      edit(jazz!.id, 'removed', 'remove'),
      edit(rock!.id, 'labeled', 'remove'),
      edit(jazz!.id, 'labeled', 'add'),
      edit(rock!.id, 'put-back', 'add'),
    ]);
    const counts = async () =>
      (await set.services.status.statusOf('u1')).layers.map((l) => [l.labelCount, l.handRemovalCount]);
    expect(await counts()).toEqual([[1, 1]]);
    expect((await set.services.layers.list('u1'))[0]?.handRemovalCount).toBe(1);
    // Labeled later (a /label answer): the label is the answer now.
    await set.stores.labels.put(layer.id, 'removed', [jazz!.id], 'session');
    expect(await counts()).toEqual([[2, 0]]);
  });

  it('counts, in a complete layer, the songs taken out of their only sublist and now in none', async () => {
    const { set, layer, sublists } = await layerOfTwo('u2', 'Moods', 'Calm', 'Loud');
    const [calm, loud] = sublists;
    await set.library.tracks.upsertMetadata(
      ['nowhere', 'placed-since'].map((id) => ({ id, name: id, artists: [], album: { name: 'Album' } })),
    );
    // Taken out of Calm by hand: one is in no sublist, the other a sort has placed in Loud since.
    await set.library.contents.recordWrite('u2', loud!.playlistId, 'add', ['placed-since'], null);
    await set.stores.handEdits.record(
      ['nowhere', 'placed-since'].map((trackId) => ({
        layerId: layer.id,
        sublistId: calm!.id,
        trackId,
        action: 'remove' as const,
        detectedAt: new Date(),
      })),
    );
    const [status] = (await set.services.status.statusOf('u2')).layers;
    expect([status?.handRemovalCount, status?.unplacedRemovalCount]).toEqual([2, 1]);
  });
});
