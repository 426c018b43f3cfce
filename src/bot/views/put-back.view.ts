import type { DmMessage } from '../../services/ports/notifier.js';
import { clip } from './view.js';

type PutBackGivenUp = Extract<DmMessage, { kind: 'put-back-given-up' }>;

/** The songs named at most; the rest are counted. */
const SONGS_NAMED = 10;

const RUN_WORDS: Record<PutBackGivenUp['what'], string> = {
  sort: 'Your earlier `/sort` of',
  undo: 'Your earlier `/undo` in',
  correction: 'Your earlier correction in',
  sync: 'A sync of',
};

const whereLeft = (sublistNames: readonly string[]): string =>
  sublistNames.length === 0 ? 'in none of its sublists' : `in ${sublistNames.join(' and ')}`;

/** The DM of a failed run's put-back given up: which songs may be left in two sublists, or in none. */
export const putBackGivenUpText = (message: PutBackGivenUp): string => {
  const named = message.songs
    .slice(0, SONGS_NAMED)
    .map((song) => `**${song.trackName}** (${whereLeft(song.sublistNames)})`);
  const more = message.songs.length - named.length;
  const list = `${named.join('; ')}${more > 0 ? `; and ${more} more` : ''}`;
  const songs = message.songs.length === 1 ? 'a song' : `${message.songs.length} songs`;
  return clip(
    `⚠️ ${RUN_WORDS[message.what]} “${message.layerName}” failed after moving ${songs} only in part, and Motherlist could not put ${message.songs.length === 1 ? 'it' : 'them'} back where ${message.songs.length === 1 ? 'it was' : 'they were'}: ${list}. ` +
      'Each may be in two sublists (or in none) until you move it where it belongs in Spotify or `/sort` again. ' +
      `If it keeps happening, tell the bot’s host this reference: \`${message.reference}\`.`,
    2000,
  );
};
