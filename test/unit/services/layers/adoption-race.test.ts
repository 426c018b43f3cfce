import { beforeAll, describe, expect, it } from 'vitest';
import { layerLinks } from '../../../../src/core/layer-graph.js';
import { UserErrorCode } from '../../../../src/services/errors.js';
import { SpotifySideDouble } from '../../../support/bot/spotify-side-double.js';
import { createMemoryBotServices, type MemoryBotServiceSet } from '../../../support/memory-bot-services.js';

const mode = { mutual: true, complete: true };

/**
 * Two `/sublist add playlist:` at the same moment each check the layers as they were before the
 * other: each alone is fine, together they would close a circle (or make two layers write one
 * playlist), which adopting refuses.
 */
describe('adopting playlists at the same moment', () => {
  let set: MemoryBotServiceSet;
  const spotify = new SpotifySideDouble();

  beforeAll(() => {
    set = createMemoryBotServices(spotify, 10);
  });

  const settled = async (work: Promise<unknown>[]) =>
    (await Promise.allSettled(work)).map((r) =>
      r.status === 'fulfilled' ? 'added' : ((r.reason as { code?: string }).code ?? String(r.reason)),
    );

  it('two layers adopting each other’s motherlist: not both, and no circle is left', async () => {
    const user = 'u-race-cycle';
    spotify.link(user);
    const { layers, sublists } = set.services;
    const first = spotify.addPlaylist(user, 'First');
    const second = spotify.addPlaylist(user, 'Second');
    await layers.create(user, { name: 'Over first', motherlist: first, ...mode });
    await layers.create(user, { name: 'Over second', motherlist: second, ...mode });

    const outcomes = await settled([
      sublists.add(user, 'Over first', 'Into second', second),
      sublists.add(user, 'Over second', 'Into first', first),
    ]);

    expect(outcomes).toContain(UserErrorCode.LayerCycle);
    const graph = await layers.graphOf(user);
    const links = layerLinks(graph).map((l) => `${l.parent.name} → ${l.child.name}`);
    expect(links.length).toBeLessThan(2);
  });

  it('two layers adopting one playlist: at most one backs a sublist with it', async () => {
    const user = 'u-race-shared';
    spotify.link(user);
    const { layers, sublists } = set.services;
    const shared = spotify.addPlaylist(user, 'Shared');
    await layers.create(user, { name: 'One', ...mode });
    await layers.create(user, { name: 'Two', ...mode });

    const outcomes = await settled([
      sublists.add(user, 'One', 'Shared', shared),
      sublists.add(user, 'Two', 'Shared', shared),
    ]);

    expect(outcomes).toContain(UserErrorCode.PlaylistInUse);
    const graph = await layers.graphOf(user);
    const backing = [...graph.sublistsOf.values()].flat().filter((s) => s.playlistId === shared);
    expect(backing.length).toBeLessThanOrEqual(1);
  });
});
