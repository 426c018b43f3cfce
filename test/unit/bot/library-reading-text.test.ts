import { describe, expect, it } from 'vitest';
import { LibraryNotReadError } from '../../../src/services/errors.js';
import { userErrorText } from '../../../src/bot/views/user-error.view.js';

/**
 * A command that needs the library (/sublist add playlist:, /layer create motherlist:) during the
 * first read: the read is under way from the link on, so it says how far, and where to watch it.
 */
describe('a command refused during the first library read', () => {
  it('before the first page is counted: under way, not "it starts within minutes of linking"', () => {
    expect(userErrorText(new LibraryNotReadError(null, null))).toBe(
      'Motherlist is still reading your Spotify library for the first time and has not counted your liked songs yet. Run the command again when it is done (`/status` shows how far it is).',
    );
  });

  it('with its progress, as /label says it, and where to watch it', () => {
    expect(userErrorText(new LibraryNotReadError(486, 486))).toBe(
      'Motherlist has read your 486 liked songs and is reading your playlists now. Run the command again when it is done (`/status` shows how far it is).',
    );
  });
});
