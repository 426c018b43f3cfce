import { describe, expect, it } from 'vitest';
import { unlinkedView } from '../../../src/bot/views/account.view.js';

/** Spotify has no way for an app to give its access back: /unlink deletes the tokens, the grant stays. */
describe('/unlink’s answer', () => {
  it('says where to remove Motherlist’s access in Spotify, which deleting the tokens does not do', () => {
    const text = unlinkedView({ hadAccount: true, layersDeleted: 2 }).content ?? '';
    expect(text).toContain('Deleted your Spotify tokens and 2 layers');
    expect(text).toContain('Spotify still lists Motherlist among the apps you allowed');
    expect(text).toContain('https://www.spotify.com/account/apps/');
  });

  it('says nothing of Spotify when no account was linked', () => {
    const text = unlinkedView({ hadAccount: false, layersDeleted: 1 }).content ?? '';
    expect(text).toBe('No Spotify account was linked. Deleted 1 layer.');
  });
});
