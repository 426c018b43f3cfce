import { beforeAll, describe, expect, it } from 'vitest';
import { userErrorText } from '../../../../src/bot/views/user-error.view.js';
import { refusalOf } from '../../../support/refusal.js';
import { SpotifySideDouble } from '../../../support/bot/spotify-side-double.js';
import { createMemoryBotServices, type MemoryBotServiceSet } from '../../../support/memory-bot-services.js';

const USER = 'u-correction-reading';
const SONG = `c${'0'.repeat(21)}`;

/**
 * A correction (a DM's or summary's menu, a waiting song's Place) while the first read of the
 * library is under way (after a relink, say): refused with how far the read is, as /sort, /label
 * and /import are, before anything is planned against a library copy that is not whole yet.
 */
describe('a correction before the first library read is done', () => {
  let set: MemoryBotServiceSet;
  const spotify = new SpotifySideDouble();
  let layerId: string;
  let sublistId: string;

  beforeAll(async () => {
    set = createMemoryBotServices(spotify, 10);
    spotify.link(USER);
    spotify.addTrack(SONG, 'Song', 'A');
    const { layer } = await set.services.layers.create(USER, { name: 'L', mutual: true, complete: false });
    layerId = layer.id;
    sublistId = (await set.services.sublists.add(USER, 'L', 'One')).sublist.id;
    spotify.link(USER, 'spotify-again', { done: false, songsRead: 1200, songsTotal: 3400 });
  });

  const refusal = async (work: Promise<unknown>): Promise<string> => {
    const error = await refusalOf(work);
    expect(error.problem).toEqual({ code: 'library-reading', songsRead: 1200, songsTotal: 3400 });
    return userErrorText(error);
  };

  it('a move or a send to the void says how far the read is, and nothing is corrected', async () => {
    const moved = await refusal(set.services.sorter.correct(USER, layerId, SONG, [sublistId]));
    expect(moved).toContain('read 1,200 of 3,400 liked songs so far');
    await refusal(set.services.sorter.correct(USER, layerId, SONG, []));
    expect(spotify.correctCalls).toEqual([]);
  });

  it('a waiting song’s Place says so too', async () => {
    await refusal(set.services.sorter.placeWaiting(USER, layerId, SONG, [sublistId]));
  });
});
