import { beforeAll, describe, expect, it } from 'vitest';
import { SpotifySideDouble } from '../../../support/bot/spotify-side-double.js';
import { LabelService } from '../../../../src/services/labels/label.service.js';
import { createMemoryBotServices, type MemoryBotServiceSet } from '../../../support/memory-bot-services.js';

const t = (n: number) => `t${String(n).padStart(21, '0')}`;

describe('import of existing sublist playlists as labels', () => {
  let set: MemoryBotServiceSet;
  const spotify = new SpotifySideDouble();

  beforeAll(async () => {
    set = createMemoryBotServices(spotify, 10);
    spotify.link('u1');
    spotify.liked.set('u1', [1, 2, 3, 4, 5, 6].map(t));
    spotify.addPlaylist('u1', 'Rock', [t(1), t(2), t(9)]);
    spotify.addPlaylist('u1', 'Jazz', [t(2), t(3)]);
  });

  const labelsByTrack = async (layerName: string) => {
    const { layer, sublists } = await set.services.layers.requireWithSublists('u1', layerName);
    const names = new Map(sublists.map((s) => [s.id, s.name]));
    const rows = await set.stores.labels.listFor(layer.id);
    return Object.fromEntries(
      rows.map((r) => [r.trackId, `${r.sublistIds.map((id) => names.get(id)).join('+')}/${r.source}`]),
    );
  };

  it('mutual layer: one label per track in one sublist; tracks in two sublists are conflicts; others ignored', async () => {
    const { layers, sublists, importLabels } = set.services;
    await layers.create('u1', { name: 'M', mutual: true, complete: false });
    await sublists.add('u1', 'M', 'Rock', 'Rock');
    await sublists.add('u1', 'M', 'Jazz', 'Jazz');
    const result = await importLabels.importInto('u1', 'M');
    expect(result).toMatchObject({ imported: 2, conflicts: 1, outsideMotherlist: 1, keptAnswers: 0 });
    expect(await labelsByTrack('M')).toEqual({ [t(1)]: 'Rock/import', [t(3)]: 'Jazz/import' });
  });

  it('non-mutual layer: a track in two sublists gets both; answers given by hand are kept', async () => {
    const { layers, sublists, importLabels } = set.services;
    const labels = new LabelService(set.stores.labels);
    // The same playlists sorted the other way: one layer writes a playlist, so M goes first.
    await layers.delete('u1', 'M');
    await layers.create('u1', { name: 'N', mutual: false, complete: true });
    await sublists.add('u1', 'N', 'Rock', 'Rock');
    await sublists.add('u1', 'N', 'Jazz', 'Jazz');
    const { layer, sublists: all } = await layers.requireWithSublists('u1', 'N');
    await labels.record(layer, all, t(1), [all[1]?.id ?? ''], 'session');
    const result = await importLabels.importInto('u1', 'N');
    expect(result).toMatchObject({ imported: 2, keptAnswers: 1, conflicts: 0 });
    expect(await labelsByTrack('N')).toEqual({
      [t(1)]: 'Jazz/session',
      [t(2)]: 'Rock+Jazz/import',
      [t(3)]: 'Jazz/import',
    });
    // Importing again changes nothing.
    expect((await importLabels.importInto('u1', 'N')).imported).toBe(2);
    expect(await labelsByTrack('N')).toEqual({
      [t(1)]: 'Jazz/session',
      [t(2)]: 'Rock+Jazz/import',
      [t(3)]: 'Jazz/import',
    });
  });
});
