import { describe, expect, it } from 'vitest';
import { confirmUnlinkView } from '../../../src/bot/views/account.view.js';

const ask = (linked: boolean, layers: number, labels: number) =>
  confirmUnlinkView('123456789012345678', { linked, layers, labels }).content ?? '';

/** /unlink asks before it deletes: what it would delete, as it is now. */
describe('/unlink’s question', () => {
  it('linked, with layers: the tokens and how many layers and labels', () => {
    expect(ask(true, 2, 31)).toBe(
      'Unlink Spotify? This deletes your Spotify tokens and your 2 layers with their 31 labels and their models from Motherlist, and forgets your settings. Your Spotify playlists stay as they are.',
    );
  });

  it('nothing linked, but layers left from an earlier link: says there is no link and what goes', () => {
    expect(ask(false, 1, 0)).toBe(
      'No Spotify account is linked. Unlinking deletes your 1 layer with its 0 labels and its models from Motherlist, and forgets your settings. Your Spotify playlists stay as they are.',
    );
  });

  it('nothing linked and no layers: only settings are left to forget', () => {
    expect(ask(false, 0, 0)).toBe(
      'No Spotify account is linked and you have no layers: unlinking only forgets your settings. Your Spotify playlists stay as they are.',
    );
  });

  it('still offers the button: settings are forgotten even with nothing else', () => {
    expect(
      JSON.stringify(
        confirmUnlinkView('123456789012345678', { linked: false, layers: 0, labels: 0 }).components,
      ),
    ).toContain('Unlink and delete');
  });
});
