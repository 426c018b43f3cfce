import { describe, expect, it } from 'vitest';
import { SpotifySideDouble } from '../../../support/bot/spotify-side-double.js';
import { createMemoryBotServices } from '../../../support/memory-bot-services.js';

describe('what /unlink would delete', () => {
  it('counts the link, the layers and their labels as they are now', async () => {
    const spotify = new SpotifySideDouble();
    const { services, stores } = createMemoryBotServices(spotify, 10);
    expect(await services.unlink.preview('u-none')).toEqual({ linked: false, layers: 0, labels: 0 });
    spotify.link('u-some');
    const created = await services.layers.create('u-some', { name: 'Moods', mutual: true, complete: false });
    await stores.labels.put(created.layer.id, 't1', [], 'session');
    expect(await services.unlink.preview('u-some')).toEqual({ linked: true, layers: 1, labels: 1 });
  });
});
