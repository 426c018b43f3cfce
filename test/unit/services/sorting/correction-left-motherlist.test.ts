import { beforeAll, describe, expect, it } from 'vitest';
import type { Layer, Sublist } from '../../../../src/core/layer-records.js';
import { userErrorText } from '../../../../src/bot/views/user-error.view.js';
import { undoText } from '../../../../src/bot/views/undo.view.js';
import { createSortRunService } from '../../../../src/composition/sorting.js';
import { refusalOf } from '../../../support/refusal.js';
import type { SortRunService } from '../../../../src/services/sorting/sort-run.service.js';
import { WaitingPlacementService } from '../../../../src/services/sorting/waiting-placement.service.js';
import { createMemoryRepositories } from '../../../support/memory-repositories.js';
import { MemoryPlaylists } from '../../../support/memory-playlists.js';
import { MemoryRunLocks } from '../../../support/memory-run-locks.js';
import {
  addEntriesIn,
  genrePredictions,
  seedGenreLayerIn,
  type FixtureTrack,
} from '../../../support/sort-fixtures.js';

const USER = 'user-correction-left';

/**
 * Songs that left the layer's motherlist (un-liked) since a DM or summary showed them: a sync takes
 * them out of the sublists and the layer no longer sorts them, so an old correction menu, a
 * waiting song's Place and an /undo of that sync must not put them back, where no sync would take
 * them out again.
 */
describe('a song that left the motherlist', () => {
  const repositories = createMemoryRepositories();
  const spotify = new MemoryPlaylists();
  let sortRuns: SortRunService;
  let waitingPlacement: WaitingPlacementService;
  let layer: Layer;
  let rock: Sublist;
  let jazz: Sublist;
  let tracks: FixtureTrack[];

  /** The library read that finds `songs` un-liked, then the sync that takes them out. */
  const unlikeAndSync = async (songs: readonly string[]) => {
    await repositories.contents.recordWrite(USER, 'liked', 'remove', songs, null);
    await sortRuns.sortNewTracks(USER, layer, [], new Set(songs), { add: [], remove: [...songs] });
  };

  beforeAll(async () => {
    let sublists: Sublist[];
    ({ layer, sublists, tracks } = await seedGenreLayerIn(repositories, USER, { count: 12, prefix: 'lm' }));
    [rock, jazz] = sublists as [Sublist, Sublist];
    sortRuns = createSortRunService(
      repositories,
      new MemoryRunLocks(),
      {
        predictions: async () => genrePredictions(tracks, sublists, 0.99),
        weakness: async () => undefined,
      },
      { writer: spotify },
    );
    waitingPlacement = new WaitingPlacementService({
      layers: repositories.layers,
      waiting: repositories.waiting,
      names: repositories.motherlist,
      corrections: sortRuns,
    });
    await sortRuns.sort(USER, layer, { dryRun: false });
  });

  it('is not put back by an old correction menu: refused, no answer stored, nothing written', async () => {
    const song = tracks[0]!.id;
    expect(spotify.items(rock.playlistId)).toContain(song);
    await unlikeAndSync([song]);
    expect(spotify.items(rock.playlistId)).not.toContain(song);
    const writes = spotify.writes;

    const error = await refusalOf(sortRuns.correctPlacement(USER, layer.id, song, [jazz.id]));

    expect(error.problem).toEqual({
      code: 'left-motherlist',
      trackName: 'genre0-artist0 – Song lm 0',
      motherlist: { id: 'liked', name: 'Liked Songs' },
    });
    expect(userErrorText(error)).toBe(
      '**genre0-artist0 – Song lm 0** is no longer in **Liked Songs**, so Motherlist no longer sorts it: nothing was moved. If you add it back, the next sync sorts it again.',
    );
    expect(await repositories.labels.get(layer.id, song)).toBeUndefined();
    expect(spotify.items(jazz.playlistId)).not.toContain(song);
    expect(spotify.writes).toBe(writes);
  });

  it('nor by a waiting song’s Place', async () => {
    const song = tracks[4]!.id;
    await unlikeAndSync([song]);
    // Waiting from before (a sync that did not take un-liked songs out leaves them waiting).
    await repositories.waiting.record(layer.id, {
      replace: false,
      add: [{ trackId: song, guess: [jazz.id], confidence: 0.5 }],
      remove: [],
    });

    const error = await refusalOf(waitingPlacement.place(USER, layer.id, song));

    expect(error.problem).toMatchObject({ code: 'left-motherlist' });
    expect(await repositories.labels.get(layer.id, song)).toBeUndefined();
    expect(spotify.items(jazz.playlistId)).not.toContain(song);
  });

  it('is corrected as ever once liked again', async () => {
    const song = tracks[3]!.id;
    await unlikeAndSync([song]);
    await addEntriesIn(repositories, USER, 'liked', [song]);

    await sortRuns.correctPlacement(USER, layer.id, song, [jazz.id]);

    expect(spotify.items(jazz.playlistId)).toContain(song);
    expect(await repositories.labels.get(layer.id, song)).toMatchObject({ sublistIds: [jazz.id] });
  });

  it('of a layer over another layer’s sublist: one that layer moved out of it is refused, named by its path', async () => {
    const moods = await repositories.layers.create({
      userId: USER,
      name: 'moods',
      motherlistId: rock.playlistId,
      mutual: true,
      complete: false,
    });
    const calm = await repositories.sublists.add(moods.id, 'calm', 'plmoodscalm00000000000');
    const song = tracks[9]!.id;
    await sortRuns.correctPlacement(USER, layer.id, song, [jazz.id]);

    const error = await refusalOf(sortRuns.correctPlacement(USER, moods.id, song, [calm.id]));

    expect(error.problem).toMatchObject({
      code: 'left-motherlist',
      motherlist: { id: rock.playlistId, name: 'genres › rock' },
    });
    expect(await repositories.labels.get(moods.id, song)).toBeUndefined();
  });

  it('is not put back by /undo of the sync that took it out, and the undo says so', async () => {
    const [gone, back] = [tracks[6]!.id, tracks[7]!.id];
    await unlikeAndSync([gone, back]);
    // One of them liked again since (a read saw it): it is in the motherlist, the undo puts it back.
    await addEntriesIn(repositories, USER, 'liked', [back]);

    const undo = await sortRuns.undoLast(USER, layer);

    expect(spotify.items(rock.playlistId)).not.toContain(gone);
    expect(spotify.items(jazz.playlistId)).toContain(back);
    expect(undo.leftMotherlist).toEqual({ songs: 1, motherlist: { id: 'liked', name: 'Liked Songs' } });
    expect(undoText(undo)).toContain('1 song not put back: no longer in **Liked Songs**.');
  });

  it('an /undo of a sync that only took out songs no longer in the motherlist changes nothing and says why', async () => {
    const song = tracks[8]!.id;
    await unlikeAndSync([song]);
    const writes = spotify.writes;

    const undo = await sortRuns.undoLast(USER, layer);

    expect(spotify.writes).toBe(writes);
    expect(undoText(undo)).toMatch(
      /^Undid the sync of \*\*genres\*\* \(.*\): nothing else needed changing\.\n1 song not put back: no longer in \*\*Liked Songs\*\*\.$/,
    );
  });
});
