import { describe, expect, it } from 'vitest';
import { SpotifySideDouble } from '../../support/bot/spotify-side-double.js';
import { createMemoryBotServices } from '../../support/memory-bot-services.js';

describe('/status counts songs taken out of a sublist by hand as answers', () => {
  it('counts a removal with no label once, not one a label already answers or one put back', async () => {
    const spotify = new SpotifySideDouble();
    const set = createMemoryBotServices(spotify, 15);
    spotify.link('u1', 'Alice S');
    await set.services.layers.create('u1', { name: 'Genres', mutual: true, complete: true });
    await set.services.sublists.add('u1', 'Genres', 'Rock');
    await set.services.sublists.add('u1', 'Genres', 'Jazz');
    const [layer] = await set.stores.layers.listFor('u1');
    const [rock, jazz] = await set.stores.sublists.listFor(layer!.id);
    const edit = (sublistId: string, trackId: string, action: 'add' | 'remove') => ({
      layerId: layer!.id,
      sublistId,
      trackId,
      action,
      detectedAt: new Date(),
    });
    await set.stores.labels.put(layer!.id, 'labeled', [jazz!.id], 'hand-edit');
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
    await set.stores.labels.put(layer!.id, 'removed', [jazz!.id], 'session');
    expect(await counts()).toEqual([[2, 0]]);
  });
});
