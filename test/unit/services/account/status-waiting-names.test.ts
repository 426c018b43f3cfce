import { beforeAll, describe, expect, it } from 'vitest';
import { statusView } from '../../../../src/bot/views/account.view.js';
import { SpotifySideDouble } from '../../../support/bot/spotify-side-double.js';
import { createMemoryBotServices, type MemoryBotServiceSet } from '../../../support/memory-bot-services.js';

const USER = 'u-status-waiting-names';

/**
 * /status (always private) names the latest songs that wait in each layer, beside their count, so
 * the user knows which they are without opening /label.
 */
describe('/status names the latest waiting songs of each layer', () => {
  let set: MemoryBotServiceSet;
  const spotify = new SpotifySideDouble();

  beforeAll(async () => {
    set = createMemoryBotServices(spotify, 10);
    spotify.link(USER);
    for (const n of [1, 2, 3, 4, 5]) spotify.addTrack(`t-${n}`, `Song ${n}`, `Artist ${n}`);
  });

  it('lists the three that began waiting last, newest first, without the answered ones', async () => {
    const { layer } = await set.services.layers.create(USER, {
      name: 'Moods',
      mutual: true,
      complete: false,
    });
    const wait = (trackId: string) => ({ trackId, guess: [], confidence: 0.6 });
    // Syncs left one song waiting each; t-1, guessed again since, keeps its wait.
    for (const trackId of ['t-1', 't-2', 't-3', 't-4', 't-5', 't-1'])
      await set.stores.waiting.record(layer.id, { replace: false, add: [wait(trackId)], remove: [] });
    await set.stores.labels.put(layer.id, 't-4', [], 'session');

    const [moods] = (await set.services.status.statusOf(USER)).layers;
    expect(moods).toMatchObject({
      waitingCount: 4,
      latestWaiting: ['Artist 5 – Song 5', 'Artist 3 – Song 3', 'Artist 2 – Song 2'],
    });
    const field = statusView(await set.services.status.statusOf(USER)).embeds[0]?.fields?.[0]?.value;
    expect(field).toContain(
      '4 songs wait for your answer (`/label` asks about them first).\nLatest waiting: Artist 5 – Song 5 · Artist 3 – Song 3 · Artist 2 – Song 2 · …',
    );
  });
});
