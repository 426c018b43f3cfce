import { LibraryNotReadError, type UserError } from '../../services/errors.js';
import { SpotifyBudgetError, SpotifyQuotaError } from '../../services/spotify-errors.js';

/** A Discord timestamp: every reader sees it in their own time zone (R: "in 3 hours"). */
export const discordTime = (at: Date, style: 'R' | 't' | 'f' | 'D'): string =>
  `<t:${Math.ceil(at.getTime() / 1000)}:${style}>`;

export const quotaBlockedDm = (until: Date): string =>
  `Spotify has paused this bot's requests until ${discordTime(until, 't')} (${discordTime(until, 'R')}): the daily quota Spotify gives the bot's developer account is used up. Your new likes wait and are sorted then; nothing is lost.`;

const count = (n: number): string => n.toLocaleString('en');

/** Before the first read of the library is done: how far it is, and to run the command again. */
const libraryReadingText = ({ songsRead, songsTotal }: LibraryNotReadError): string => {
  const again = 'Run the command again when it is done.';
  if (songsRead === null || songsTotal === null)
    return `Motherlist is still reading your Spotify library for the first time (it starts within minutes of linking). ${again}`;
  if (songsRead < songsTotal)
    return `Motherlist is still reading your Spotify library for the first time: read ${count(songsRead)} of ${count(songsTotal)} liked songs so far. ${again}`;
  return `Motherlist has read your ${count(songsTotal)} liked songs and is reading your playlists now. ${again}`;
};

/**
 * A command the services name in plain words ("/link", "/layer list", "/sublist add"), after a
 * space or at the start: a URL's path is not one. Commands with subcommands take the next word.
 */
const COMMAND = /(^|[\s(])(\/(?:(?:layer|sublist|settings) [a-z]+|[a-z]+))(?=$|[\s.,:;)!?])/g;

/** Names the user gave (layers, sublists, playlists) stand in “quotes” and are left as they are. */
const QUOTED = /(“[^”]*”)/;

/** The services' plain words with the commands they name as Discord code (`/link`). */
export const markCommands = (text: string): string =>
  text
    .split(QUOTED)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(COMMAND, '$1`$2`')))
    .join('');

/**
 * A user error as a person reads it, from its code: a quota block or a spent budget says when
 * it lifts (a Discord timestamp), a library still being read how far it is; the others are the
 * service's words with the commands they name marked up.
 */
export const userErrorText = (error: UserError): string => {
  if (error instanceof SpotifyQuotaError)
    return `Spotify's request quota for this bot is used up; it lifts ${discordTime(error.until, 'R')} (${discordTime(error.until, 't')}). Nothing is lost: your new likes are sorted after that.`;
  if (error instanceof LibraryNotReadError) return libraryReadingText(error);
  if (error instanceof SpotifyBudgetError)
    return `This bot's Spotify requests for today are used up (Spotify allows only so many a day); more are available ${discordTime(error.until, 'R')} (${discordTime(error.until, 't')}).`;
  return markCommands(error.message);
};
