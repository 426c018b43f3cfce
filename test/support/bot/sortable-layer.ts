import { createRepositories } from '../../../src/composition/repositories.js';
import type { BotHarness } from './bot-harness.js';
import type { SpotifySideDouble } from './spotify-side-double.js';

/**
 * Links the user and gives them a layer /sort accepts: mutual and complete, one sublist and one
 * labeled song (`names` chooses the layer's, the sublist's and the song's names).
 */
export const seedSortableLayer = async (
  harness: BotHarness,
  spotify: SpotifySideDouble,
  userId: string,
  names: { layer: string; sublist: string; song: string } = { layer: 'Genres', sublist: 'Rock', song: 'One' },
): Promise<void> => {
  spotify.link(userId);
  const { services } = harness.set;
  const { layer } = await services.layers.create(userId, { name: names.layer, mutual: true, complete: true });
  await services.sublists.add(userId, names.layer, names.sublist);
  const [sublist] = (await services.layers.requireWithSublists(userId, names.layer)).sublists;
  const track = 'trk'.padEnd(22, '0');
  await harness.database.dataSource.query(
    `insert into tracks (id, name, artists, album) values ($1, $2, '[]', '{}')`,
    [track, names.song],
  );
  await createRepositories(harness.database).labels.put(layer.id, track, [sublist!.id], 'session');
};
