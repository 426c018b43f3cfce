import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { userErrorText } from '../../../src/bot/views/user-error.view.js';
import { dmView } from '../../../src/bot/views/account.view.js';
import { failedCorrectionText } from '../../../src/bot/views/correction.view.js';
import { NotLinkedError, UserError } from '../../../src/services/errors.js';
import {
  SpotifyBudgetError,
  SpotifyLinkExpiredError,
  SpotifyNotLinkedError,
  SpotifyQuotaError,
} from '../../../src/services/spotify-errors.js';

const until = new Date('2026-12-06T03:30:00.400Z');
const seconds = Math.ceil(until.getTime() / 1000);

describe('user errors about Spotify limits', () => {
  it('say when a quota block lifts as a Discord timestamp every reader sees in their own time', () => {
    const text = userErrorText(new SpotifyQuotaError(until));
    expect(text).toContain(`<t:${seconds}:R>`);
    expect(text).toMatch(/quota/);
  });

  it('say when a spent budget has requests again', () => {
    expect(userErrorText(new SpotifyBudgetError(until, 'interactive'))).toContain(`<t:${seconds}:R>`);
  });

  it('the block DM says when it lifts', () => {
    expect(dmView({ kind: 'quota-blocked', until }).content).toContain(`<t:${seconds}:R>`);
  });

  it('a /sort held back by the limit says when it is expected to go on, and that it is applied then without a second /sort', () => {
    const text = userErrorText(new UserError({ code: 'sort-postponed', until, layerName: 'Genres' }));
    expect(text).toContain(`<t:${seconds}:R>`);
    expect(text).toContain('“Genres”');
    expect(text).toMatch(/daily limit/);
    expect(text).toMatch(/applied by itself/);
    expect(text).toMatch(/summary by DM/);
  });

  it('an /undo held back by the limit names what it undoes, says it is finished by itself and told by DM', () => {
    const text = userErrorText(
      new UserError({ code: 'undo-postponed', until, layerName: 'Genres', undid: 'sync' }),
    );
    expect(text).toContain(`<t:${seconds}:R>`);
    expect(text).toContain('undoing the last sync of “Genres”');
    expect(text).toMatch(/finished by itself/);
    expect(text).toMatch(/DM/);
    expect(text).not.toMatch(/new likes/);
  });

  it('a correction held back by the limit says the answer is kept, where the song goes, and when the move is made', () => {
    const problem = {
      code: 'correction-postponed' as const,
      until,
      trackName: 'A – Song',
      sublistNames: ['Jazz'],
    };
    const byItself = userErrorText(new UserError({ ...problem, then: 'by-itself' }));
    expect(byItself).toContain(`<t:${seconds}:R>`);
    expect(byItself).toContain('moving **A – Song** to **Jazz**');
    expect(byItself).toMatch(/daily limit/);
    expect(byItself).toMatch(/answer is kept/);
    expect(byItself).toMatch(/applied by itself/);
    expect(byItself).toContain(
      "if the move cannot be made then (Spotify refuses it, or the song is in another sublist by then), you'll get a DM",
    );
    const nextSort = userErrorText(new UserError({ ...problem, sublistNames: [], then: 'next-sort' }));
    expect(nextSort).toContain(`<t:${seconds}:R>`);
    expect(nextSort).toContain('the void');
    expect(nextSort).toMatch(/answer is kept/);
    expect(nextSort).toContain('`/sort`');
  });

  it('the DM of a /sort applied later names the songs it placed per sublist, with the summary and its Undo', () => {
    const view = dmView({
      kind: 'sort-applied',
      layerName: 'Genres',
      outcome: {
        runId: '4f1c2d3e-0000-4000-8000-000000000001',
        dryRun: false,
        perSublist: [{ name: 'rock', added: 2, removed: 0, total: 2 }],
        voidCount: 0,
        uncertain: [],
      },
      placements: [{ sublistName: 'rock', trackNames: ['A – One', 'B – Two'] }],
    });
    expect(view.content).toContain('has been applied');
    expect(view.content).toContain('**rock** (2): A – One, B – Two');
    expect(view.embeds[0]?.description).toContain('**rock**: +2 −0 (now 2)');
    expect(JSON.stringify(view.components)).toContain('Undo');
  });

  it('the DM of a /sort or /undo applied later that ended failed says so, why, what to do and its reference', () => {
    const sort = dmView({
      kind: 'run-failed',
      what: 'sort',
      layerName: 'Genres',
      reference: 'ab12cd34',
    }).content;
    expect(sort).toContain(
      'Your earlier `/sort` of “Genres” could not be finished: Spotify refused its changes.',
    );
    expect(sort).toContain('`/sort` again to place the rest');
    expect(sort).toContain('reference: `ab12cd34`');
    const undo = dmView({
      kind: 'run-failed',
      what: 'undo',
      layerName: 'Genres',
      reference: 'ab12cd34',
      ourError: true,
    }).content;
    expect(undo).toContain(
      'Your earlier `/undo` in “Genres” could not be finished: an error on our side stopped it three times.',
    );
    expect(undo).toContain('`/undo` again to finish it');
  });

  it('a correction that ended failed after its answer (held back, or cut short), and a Place that did: the song was not moved, the answer not kept, the reference', () => {
    const dm = dmView({
      kind: 'correction-failed',
      layerName: 'Genres',
      trackName: 'A – Song',
      sublistNames: [],
      reference: 'ab12cd34',
    }).content;
    // Earlier: it may come as the user gives another command. Held back by the limit or not (it may
    // have failed its tries, or been cut short by the process dying), it was not made.
    expect(dm).toContain('Your earlier correction in “Genres” could not be made.');
    expect(dm).toContain(
      '⚠️ **A – Song** was not moved to **the void**: Spotify refused the change, so Motherlist did not keep this answer.',
    );
    expect(dm).toContain('reference: `ab12cd34`');
    expect(failedCorrectionText(null, null, { reference: 'ab12cd34', ourError: true }, 'placed')).toBe(
      '⚠️ The song was not placed: an error on our side stopped it three times, so Motherlist did not keep this answer. Try again; if it keeps happening, tell the bot’s host this reference: `ab12cd34`.',
    );
  });

  it('a held correction the mutual check refused when it was applied: where the song is, and that it stays', () => {
    const dm = dmView({
      kind: 'correction-refused',
      layerName: 'Genres',
      refused: { trackName: 'A – Song', sublistName: 'Folk', heldIn: ['Jazz'] },
      heldBy: 'spotify-limit',
    }).content;
    expect(dm).toBe(
      "Your correction in “Genres”, held back by Spotify's daily limit, could not be made.\n⚠️ **A – Song** was not moved to **Folk**: it is in **Jazz** already, another sublist of this layer, where it stays (a song goes in one sublist only).",
    );
  });
});

describe('a command in flight when the bot restarts (a deploy)', () => {
  it('says the bot restarts and that the command finishes by itself when it is back, or, if nothing was started, to try again', () => {
    const restarting = (what: 'sort' | 'undo' | 'correction') =>
      userErrorText(new UserError({ code: 'restarting', resumes: true, what, layerName: 'Genres' }));
    expect(restarting('sort')).toBe(
      "Motherlist is restarting; your sort of “Genres” will finish when it is back, and you'll get its summary by DM then. Nothing is lost, and there is no need to run `/sort` again.",
    );
    expect(restarting('undo')).toContain('your undo in “Genres” will finish when it is back');
    expect(restarting('correction')).toContain('your correction in “Genres” will be made when it is back');
    expect(userErrorText(new UserError({ code: 'restarting', resumes: false }))).toBe(
      'Motherlist is restarting, so nothing was done; try again in a minute.',
    );
  });

  it('the DMs of a /sort or correction finished after a restart say so, not that Spotify’s limit held them back', () => {
    const applied = dmView({
      kind: 'sort-applied',
      layerName: 'Genres',
      outcome: {
        runId: '4f1c2d3e-0000-4000-8000-000000000001',
        dryRun: false,
        perSublist: [],
        voidCount: 0,
        uncertain: [],
      },
      placements: [],
      heldBy: 'restart',
    }).content;
    expect(applied).toBe('Your `/sort` of “Genres”, cut short by a restart of Motherlist, has been applied.');
    const refused = dmView({
      kind: 'correction-refused',
      layerName: 'Genres',
      refused: { trackName: 'A – Song', sublistName: 'Folk', heldIn: ['Jazz'] },
      heldBy: 'restart',
    }).content;
    expect(refused).toMatch(
      /^Your correction in “Genres”, cut short by a restart of Motherlist, could not be made\.\n/,
    );
  });

  it('the DMs of a /sort, /undo or correction finished later name no cause when none is known, and Spotify’s limit only when it held them', () => {
    const outcome = {
      runId: '4f1c2d3e-0000-4000-8000-000000000001',
      dryRun: false,
      perSublist: [],
      voidCount: 0,
      uncertain: [],
    };
    const applied = (heldBy?: 'restart' | 'spotify-limit') =>
      dmView({
        kind: 'sort-applied',
        layerName: 'Genres',
        outcome,
        placements: [],
        ...(heldBy ? { heldBy } : {}),
      }).content;
    expect(applied()).toBe('Your `/sort` of “Genres” has been applied.');
    expect(applied('spotify-limit')).toBe(
      "Your `/sort` of “Genres”, held back by Spotify's daily limit, has been applied.",
    );
    const undone = (heldBy?: 'restart' | 'spotify-limit') =>
      dmView({
        kind: 'undo-finished',
        outcome: {
          runId: '4f1c2d3e-0000-4000-8000-000000000002',
          layerName: 'Genres',
          undid: { kind: 'sort', at: new Date(0) },
          perSublist: [],
        },
        ...(heldBy ? { heldBy } : {}),
      }).content;
    expect(undone()).toMatch(/^Your \/undo of “Genres” has finished\. Undid the sort of \*\*Genres\*\*/);
    expect(undone('restart')).toMatch(
      /^Your \/undo of “Genres”, cut short by a restart of Motherlist, has finished\. Undid /,
    );
    expect(undone('spotify-limit')).toMatch(
      /^Your \/undo of “Genres”, held back by Spotify's daily limit, has finished\. Undid /,
    );
    const refused = dmView({
      kind: 'correction-refused',
      layerName: 'Genres',
      refused: { trackName: 'A – Song', sublistName: 'Folk', heldIn: ['Jazz'] },
    }).content;
    expect(refused).toMatch(/^Your correction in “Genres” could not be made\.\n/);
  });
});

describe('user errors: codes with data from the services, words from the bot (issue 26 item 4)', () => {
  it('the bot words each code, naming commands as Discord code', () => {
    expect(userErrorText(new NotLinkedError())).toBe('Link your Spotify account first with `/link`.');
    expect(userErrorText(new SpotifyNotLinkedError('u'))).toBe(
      'Link your Spotify account first with `/link`.',
    );
    expect(userErrorText(new SpotifyLinkExpiredError('u'))).toContain('Use `/link` to connect again.');
    expect(userErrorText(new UserError({ code: 'unknown-layer', layerName: 'Genres' }))).toBe(
      'You have no layer named “Genres”. See `/layer list`.',
    );
    expect(userErrorText(new UserError({ code: 'no-labels', layerName: 'G', needed: 1, work: 'sort' }))).toBe(
      'Layer “G” has no labels yet, so there is nothing to learn from: `/label` or `/import`, then `/train`.',
    );
    expect(
      userErrorText(new UserError({ code: 'no-sublists', layerName: 'G', needed: 1, work: 'sort' })),
    ).toBe('Layer “G” has no sublists yet: `/sublist add` first.');
    expect(
      userErrorText(new UserError({ code: 'no-labels', layerName: 'G', needed: 4, work: 'train' })),
    ).toBe('Layer “G” needs at least 4 labeled tracks to train. Use `/label`.');
  });

  it('a menu’s pick of a sublist removed since names it and its layer, says nothing was done and what to do', () => {
    const gone = (nothing: 'moved' | 'placed', sublistNames: string[]) =>
      userErrorText(
        new UserError({
          code: 'stale-component',
          what: 'sublist-gone',
          nothing,
          layerName: 'Genres',
          sublistNames,
        }),
      );
    expect(gone('moved', ['Rap'])).toBe(
      '**Rap** was removed from layer **Genres** since this message, so nothing was moved: pick another sublist in the menu, or `/why` (the layer and the song) offers a menu of the sublists it has now.',
    );
    expect(gone('placed', ['Rap', 'Pop'])).toBe(
      '**Rap** and **Pop** were removed from layer **Genres** since this message, so nothing was placed: pick another sublist in the song’s menu, or answer it with `/label layer:Genres`, which asks about waiting songs first.',
    );
    expect(gone('moved', [])).toContain(
      'A sublist you picked was removed from layer **Genres** since this message, so nothing was moved:',
    );
    // Checked again once the layer's runs are done: removed in between, named by the layer only.
    expect(
      userErrorText(new UserError({ code: 'unknown-sublist', sublistName: null, layerName: 'Genres' })),
    ).toBe(
      'A sublist you picked was removed from layer **Genres** since this message, so nothing was done: pick another sublist in the menu.',
    );
  });

  it('leaves names the user gave as they are', () => {
    expect(userErrorText(new UserError({ code: 'unknown-layer', layerName: 'rock /sort' }))).toBe(
      'You have no layer named “rock /sort”. See `/layer list`.',
    );
    expect(
      userErrorText(
        new UserError({
          code: 'ambiguous-motherlist',
          reference: 'solo',
          paths: ['Moods › Solo', 'Decades › Solo'],
        }),
      ),
    ).toBe(
      'Several sublists are named “solo”: “Moods › Solo”, “Decades › Solo”. Name one with its layer, as in “Moods › Solo”.',
    );
    // 25 layers (the most) with a sublist of one long name: the answer stays within 2,000 characters.
    const other = 'Other songs that fit nowhere else, really';
    const paths = Array.from({ length: 25 }, (_, i) => `${'L'.repeat(48)}${i} › ${other}`);
    const many = userErrorText(new UserError({ code: 'ambiguous-motherlist', reference: other, paths }));
    expect(many.length).toBeLessThanOrEqual(2000);
    expect(many).toMatch(/^Several sublists are named “Other songs/);
    expect(userErrorText(new UserError({ code: 'ambiguous-playlist', playlist: 'Chill', count: 2 }))).toBe(
      'You own 2 playlists named “Chill”. Pick the one you mean from the suggestions as you type (each shows the start of its id), or name it by its link (in Spotify: Share → Copy link to playlist).',
    );
  });

  it('a user error carries its code and data; its message is for logs', () => {
    const error = new UserError({ code: 'duplicate-layer', layerName: 'Genres' });
    expect(error.code).toBe('duplicate-layer');
    expect(error.problem).toEqual({ code: 'duplicate-layer', layerName: 'Genres' });
    expect(error.message).toBe('duplicate-layer {"layerName":"Genres"}');
  });

  it('no sentence, command markup or Discord timestamp is written in src/services', () => {
    const folder = join(import.meta.dirname, '../../../src/services');
    for (const file of readdirSync(folder).filter((f) => f.endsWith('.ts'))) {
      const source = readFileSync(join(folder, file), 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/^\s*\/\/.*$/gm, '');
      expect(source, file).not.toMatch(/<t:/);
      expect(source, file).not.toMatch(/new UserError\(\s*(['"`]|UserErrorCode)/);
      expect(source, file).not.toMatch(/`\/[a-z]+`/);
    }
  });
});
