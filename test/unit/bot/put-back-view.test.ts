import { describe, expect, it } from 'vitest';
import { dmView } from '../../../src/bot/views/account.view.js';

describe('the DM of a put-back given up', () => {
  it('names each song that may be left in two sublists (or in none), where, what to do and the reference', () => {
    const dm = dmView({
      kind: 'put-back-given-up',
      what: 'sort',
      layerName: 'Genres',
      songs: [
        { trackName: 'A – One', sublistNames: ['Rock', 'Folk'] },
        { trackName: 'B – Two', sublistNames: [] },
      ],
      reference: 'ab12cd34',
    });
    expect(dm.content).toBe(
      '⚠️ Your earlier `/sort` of “Genres” failed after moving 2 songs only in part, and Motherlist could not put them back where they were: ' +
        '**A – One** (in Rock and Folk); **B – Two** (in none of its sublists). ' +
        'Each may be in two sublists (or in none) until you move it where it belongs in Spotify or `/sort` again. ' +
        'If it keeps happening, tell the bot’s host this reference: `ab12cd34`.',
    );
    expect(dm.embeds).toEqual([]);
    expect(dm.components).toEqual([]);
  });

  it('says which run, one song as one, and counts the songs past the tenth', () => {
    const one = dmView({
      kind: 'put-back-given-up',
      what: 'sync',
      layerName: 'Genres',
      songs: [{ trackName: 'A – One', sublistNames: ['Rock', 'Folk'] }],
      reference: 'ab12cd34',
    }).content;
    expect(one).toContain(
      'A sync of “Genres” failed after moving a song only in part, and Motherlist could not put it back where it was: **A – One** (in Rock and Folk).',
    );
    const many = dmView({
      kind: 'put-back-given-up',
      what: 'correction',
      layerName: 'Genres',
      songs: Array.from({ length: 13 }, (_, i) => ({
        trackName: `Song ${i}`,
        sublistNames: ['Rock', 'Folk'],
      })),
      reference: 'ab12cd34',
    }).content;
    expect(many).toContain('Your earlier correction in “Genres” failed after moving 13 songs');
    expect(many).toContain('**Song 9** (in Rock and Folk); and 3 more.');
    expect(many).not.toContain('Song 10');
  });
});
