import { describe, expect, it } from 'vitest';
import { statusView } from '../../../src/bot/views/account.view.js';
import type { LibraryRead } from '../../../src/services/ports/library.ports.js';
import { viewStatus } from '../../support/view-fixtures.js';

/** Right after /link the bot reads the library in full: /status says so, as the commands that wait for it do. */
describe('/status while the first read of the library is under way', () => {
  const status = (libraryRead: LibraryRead, state: 'active' | 'expired' = 'active'): string =>
    statusView({
      ...viewStatus,
      account: { ...viewStatus.account!, status: state, libraryRead },
    }).embeds[0]?.description ?? '';

  it('says how far the read is and what waits for it', () => {
    const reading = status({ done: false, songsRead: 1200, songsTotal: 4000 });
    expect(reading).toContain('read 1,200 of 4,000 liked songs so far');
    expect(reading).toContain('`/label`, `/sort` and `/import` wait until it is done');
    expect(status({ done: false, songsRead: null, songsTotal: null })).toContain(
      'still reading your Spotify library for the first time',
    );
  });

  it('says nothing of it once the read is done, or while the link is dead (no read goes on)', () => {
    expect(status({ done: true })).not.toContain('reading your Spotify library');
    expect(status({ done: false, songsRead: 10, songsTotal: 40 }, 'expired')).not.toContain(
      'reading your Spotify library',
    );
  });
});
