import { beforeAll, describe, expect, it } from 'vitest';
import type { Layer, Sublist } from '../../../../src/core/layer-records.js';
import type {
  LayerPredictions,
  PlacementPrediction,
} from '../../../../src/services/model/layer-predictions.js';
import { createSortRunService } from '../../../../src/composition/sorting.js';
import type { SortRunService } from '../../../../src/services/sorting/sort-run.service.js';
import { createMemoryRepositories } from '../../../support/memory-repositories.js';
import { MemoryPlaylists } from '../../../support/memory-playlists.js';
import { MemoryRunLocks } from '../../../support/memory-run-locks.js';
import { createLayerIn, spotifyId } from '../../../support/sort-fixtures.js';

const USER = 'user-hand-removal-sort';
const NAMES = ['rock', 'jazz', 'folk'];

/**
 * What a sort does with songs the user took out of a sublist by hand, in a complete mutual layer:
 * a label given since wins (the song goes back), and a song left in no sublist goes to its next
 * most likely sublist when the model is sure enough given the answer, else it waits.
 */
describe('sorting songs taken out of a sublist by hand', () => {
  const repositories = createMemoryRepositories();
  const spotify = new MemoryPlaylists();
  let service: SortRunService;
  let layer: Layer;
  let sublists: Sublist[];
  const track = (name: string) => spotifyId(`handsort${name}`);
  /** The model double's calibrated memberships per track (rock, jazz, folk). */
  const memberships = new Map<string, [number, number, number]>([
    // Sure of rock; given "not rock", jazz at 0.45 / 0.5 = 90%.
    [track('sure'), [0.5, 0.45, 0.05]],
    // Sure of rock; given "not rock", jazz at 0.2 / 0.4 = 50%: waits.
    [track('unsure'), [0.6, 0.2, 0.2]],
    // Sure of rock; the user labels it back into rock after taking it out.
    [track('back'), [0.9, 0.05, 0.05]],
  ]);
  const predictions = async (
    _userId: string,
    _layer: Layer,
    trackIds?: readonly string[],
  ): Promise<LayerPredictions> => ({
    modelId: 'model',
    modelVersion: 1,
    enriched: 0,
    predictions: [...memberships].flatMap(([trackId, probabilities]): PlacementPrediction[] => {
      if (trackIds && !trackIds.includes(trackId)) return [];
      const best = probabilities.indexOf(Math.max(...probabilities));
      return [
        {
          trackId,
          placement: [sublists[best]?.id as string],
          confidence: probabilities[best] as number,
          calibrated: true,
          memberships: Object.fromEntries(sublists.map((s, k) => [s.id, probabilities[k] as number])),
        },
      ];
    }),
  });
  const playlist = (k: number) => spotify.items(sublists[k]?.playlistId as string);
  /** The user takes `trackId` out of sublist k in Spotify, and a sync sees it. */
  const removeByHand = async (k: number, trackId: string, detectedAt: Date) => {
    const sublist = sublists[k] as Sublist;
    spotify.set(
      sublist.playlistId,
      playlist(k).filter((id) => id !== trackId),
    );
    await repositories.contents.recordWrite(USER, sublist.playlistId, 'remove', [trackId], null);
    await repositories.handEdits.record([
      { layerId: layer.id, sublistId: sublist.id, trackId, action: 'remove', detectedAt },
    ]);
  };

  beforeAll(async () => {
    ({ layer, sublists } = await createLayerIn(repositories, USER, { mutual: true, complete: true }, NAMES));
    const ids = [...memberships.keys()];
    await repositories.tracks.upsertMetadata(
      ids.map((id) => ({
        id,
        name: id,
        artists: [{ id: 'artist', name: 'Artist' }],
        album: { name: 'Album' },
      })),
    );
    const now = Date.now();
    await repositories.entries.add(
      USER,
      'liked',
      ids.map((trackId, i) => ({ trackId, addedAt: new Date(now - i * 1000) })),
    );
    service = createSortRunService(
      repositories,
      new MemoryRunLocks(),
      { predictions, weakness: async () => undefined },
      { writer: spotify },
    );
    // The user placed everything (/sort everything:true): all three are in rock.
    await service.sort(USER, layer, { dryRun: false, everything: true });
    expect([...playlist(0)].sort()).toEqual([...memberships.keys()].sort());
  });

  it('a song left in no sublist goes to its most likely other sublist when sure enough, else it waits', async () => {
    const before = new Date(Date.now() - 60_000);
    await removeByHand(0, track('sure'), before);
    await removeByHand(0, track('unsure'), before);
    const outcome = await service.sort(USER, layer, { dryRun: false });
    expect(playlist(0)).not.toContain(track('sure'));
    expect(playlist(1)).toEqual([track('sure')]);
    // Not sure enough of another sublist: never back into rock, and it waits for an answer.
    for (const k of [0, 1, 2]) expect(playlist(k)).not.toContain(track('unsure'));
    const waiting = await repositories.waiting.byTrack(layer.id, track('unsure'));
    expect(waiting?.guess).toEqual([sublists[1]?.id]);
    expect(waiting?.confidence).toBeCloseTo(0.5);
    expect(outcome.confidence?.waiting).toBe(1);
  });

  it('a label given since the removal puts the song back; /undo of that sort takes it out again, and taking the label back restores the removal', async () => {
    await removeByHand(0, track('back'), new Date(Date.now() - 60_000));
    await service.sort(USER, layer, { dryRun: false });
    expect(playlist(0)).not.toContain(track('back'));
    // In /label, the user answers rock for it: the newest answer wins.
    await repositories.labels.put(layer.id, track('back'), [sublists[0]?.id as string], 'session');
    const back = await service.sort(USER, layer, { dryRun: false });
    expect(playlist(0)).toContain(track('back'));
    expect(back.perSublist.map((s) => s.added)).toEqual([1, 0, 0]);
    // /undo restores the playlists as before that sort, and keeps the answer.
    const undo = await service.undoLast(USER, layer);
    expect(undo.perSublist.map((s) => s.removed)).toEqual([1, 0, 0]);
    expect(playlist(0)).not.toContain(track('back'));
    expect((await repositories.labels.get(layer.id, track('back')))?.sublistIds).toEqual([sublists[0]?.id]);
    // The label session's Undo takes the answer back: the removal is the answer again.
    await repositories.labels.delete(layer.id, track('back'));
    await service.sort(USER, layer, { dryRun: false });
    expect(playlist(0)).not.toContain(track('back'));
  });

  it('a song a sync finds in no sublist waits only once no run of the layer is left to write (it may place the song)', async () => {
    // As if the last sort had not left it waiting: a sync found it taken out of rock into nothing.
    await repositories.waiting.record(layer.id, { replace: false, add: [], remove: [track('back')] });
    const held = await repositories.runs.create(
      { layerId: layer.id, modelId: null, kind: 'sync', status: 'planned', summary: {} },
      [],
    );
    expect(await service.waitForAnswers(USER, layer, [track('back')])).toBe(0);
    expect(await repositories.waiting.byTrack(layer.id, track('back'))).toBeUndefined();
    await repositories.runs.setStatus(held.id, 'done');
    expect(await service.waitForAnswers(USER, layer, [track('back')])).toBe(1);
    const waiting = await repositories.waiting.byTrack(layer.id, track('back'));
    expect(waiting?.guess).toHaveLength(1);
    expect(waiting?.guess).not.toContain(sublists[0]?.id);
  });
});
