import { beforeAll, describe, expect, it } from 'vitest';
import { layerCreatedView, layerListView } from '../../../src/bot/views/layer.view.js';
import { SpotifySideDouble } from '../../support/bot/spotify-side-double.js';
import { createMemoryBotServices, type MemoryBotServiceSet } from '../../support/memory-bot-services.js';

const USER = 'u-unnamed-motherlist';

/**
 * A layer whose motherlist is a playlist with no name to show (an empty one, or one gone from the
 * library, whose name went with it): /layer create, /layer list and /status name it by a link that
 * opens it in Spotify, not as "a playlist" or an empty name.
 */
describe('a motherlist playlist with no name to show', () => {
  let set: MemoryBotServiceSet;
  const spotify = new SpotifySideDouble();
  let untitled: string;
  let link: string;

  beforeAll(() => {
    set = createMemoryBotServices(spotify, 10);
    spotify.link(USER);
    untitled = spotify.addPlaylist(USER, '', []);
    link = `[playlist ${untitled}](https://open.spotify.com/playlist/${untitled})`;
  });

  it('untitled: /layer create’s motherlist choices name it by its id (Discord refuses an empty choice)', async () => {
    const choices = await set.services.layers.motherlistChoices(USER, '');
    expect(choices).toContainEqual({ name: `playlist ${untitled} (untitled)`, value: untitled });
    expect(choices.every((choice) => choice.name.length >= 1 && choice.name.length <= 100)).toBe(true);
    expect(await set.services.layers.motherlistChoices(USER, 'untitled')).toEqual([
      { name: `playlist ${untitled} (untitled)`, value: untitled },
    ]);
  });

  it('untitled: /layer create and /layer list link it', async () => {
    const created = await set.services.layers.create(USER, {
      name: 'mix',
      motherlist: untitled,
      mutual: true,
      complete: true,
    });
    const createdText = layerCreatedView(created).embeds[0]?.description ?? '';
    expect(createdText).toContain(`Motherlist: **${link}** ·`);
    const listed = layerListView(await set.services.layers.list(USER)).embeds[0]?.fields?.[0]?.value ?? '';
    expect(listed.startsWith(`${link} → `)).toBe(true);
  });

  it('gone from the library: the warning links it', async () => {
    const removed = spotify.playlists.get(untitled);
    spotify.playlists.delete(untitled);
    try {
      const listed = layerListView(await set.services.layers.list(USER)).embeds[0]?.fields?.[0]?.value ?? '';
      expect(listed).toContain(`⚠️ The motherlist, **${link}**, is no longer in your Spotify library`);
      expect(listed).not.toContain('a playlist');
    } finally {
      if (removed) spotify.playlists.set(untitled, removed);
    }
  });
});
