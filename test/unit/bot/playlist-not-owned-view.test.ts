import { describe, expect, it } from 'vitest';
import { UserError } from '../../../src/services/errors.js';
import { userErrorText } from '../../../src/bot/views/user-error.view.js';

const text = (inLibrary: 'missing' | 'followed' | undefined) =>
  userErrorText(
    new UserError({
      code: 'playlist-not-owned',
      playlist: 'does not exist',
      ...(inLibrary ? { inLibrary } : {}),
    }),
  );

describe('a playlist that is not the user’s', () => {
  it('missing from the library: says there is none by that name', () => {
    expect(text('missing')).toBe(
      'No playlist named “does not exist” in your Spotify library: pick one you own from the suggestions as you type.',
    );
  });

  it('followed: says it is not theirs', () => {
    expect(text('followed')).toBe(
      '“does not exist” is not yours (you follow it): Motherlist sorts only into and out of playlists you own.',
    );
  });
});
