import { beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../../../src/services/errors.js';
import { SpotifySideDouble } from '../../../support/bot/spotify-side-double.js';
import { createMemoryBotServices, type MemoryBotServiceSet } from '../../../support/memory-bot-services.js';

const USER = 'u-not-owned';

/** `/sublist add playlist:` naming a playlist that is not the user's: missing, or only followed. */
describe('adopting a playlist the user does not own', () => {
  let set: MemoryBotServiceSet;
  const spotify = new SpotifySideDouble();

  beforeAll(async () => {
    set = createMemoryBotServices(spotify, 10);
    spotify.link(USER);
    spotify.follow(USER, spotify.addPlaylist('someone-else', 'Motherlist Mix'));
    await set.services.layers.create(USER, { name: 'Moods', mutual: true, complete: false });
  });

  const refusal = async (playlist: string) => {
    const error = await set.services.sublists.add(USER, 'Moods', 'Calm', playlist).catch((e: unknown) => e);
    if (!(error instanceof UserError)) throw new Error('not refused');
    return error.problem;
  };

  it('one that is not in the library at all is said to be missing', async () => {
    expect(await refusal('does not exist')).toEqual({
      code: 'playlist-not-owned',
      playlist: 'does not exist',
      inLibrary: 'missing',
    });
  });

  it('one the user follows is said to be followed', async () => {
    expect(await refusal('motherlist mix')).toEqual({
      code: 'playlist-not-owned',
      playlist: 'motherlist mix',
      inLibrary: 'followed',
    });
  });
});
