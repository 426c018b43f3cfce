import type { APIActionRowComponent, APIComponentInMessageActionRow, APIEmbed } from 'discord.js';
import type { ShownMotherlist } from '../../services/errors.js';
import type { RefusedPlacement } from '../../services/ports/model-ports.js';

/** A message body as views build it: plain JSON, easy to assert on. */
export interface View {
  content?: string;
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIComponentInMessageActionRow>[];
}

export const COLOUR = { brand: 0x1db954, neutral: 0x5865f2, warn: 0xfaa61a, danger: 0xed4245 } as const;

/**
 * The text's first `length` UTF-16 units, one fewer when the last would be half of a surrogate
 * pair (an emoji): Discord refuses a message holding half of one.
 */
export const head = (text: string, length: number): string => {
  const last = text.charCodeAt(length - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? length - 1 : length);
};

/** Discord's content limit is 2,000 characters; embeds' descriptions 4,096. */
export const clip = (text: string, max: number): string =>
  text.length <= max ? text : `${head(text, max - 1)}…`;

/** Discord refuses a message whose embeds hold more than this many characters in all. */
const EMBED_TOTAL = 6000;

const embedFixedLength = (embed: APIEmbed): number =>
  (embed.title?.length ?? 0) +
  (embed.description?.length ?? 0) +
  (embed.footer?.text.length ?? 0) +
  (embed.author?.name.length ?? 0) +
  (embed.fields ?? []).reduce((sum, field) => sum + field.name.length, 0);

/**
 * The embed within Discord's 6,000 characters, which it would refuse whole: the longest field
 * values are clipped to one length, as long as the room allows, so every field keeps its name
 * and the start of its value (a layer per field in /layer list and /status).
 */
export const fitEmbed = (embed: APIEmbed): APIEmbed => {
  const fields = embed.fields ?? [];
  let room = EMBED_TOTAL - embedFixedLength(embed);
  const lengths = fields.map((field) => field.value.length).sort((a, b) => a - b);
  if (lengths.reduce((sum, length) => sum + length, 0) <= room) return embed;
  let cap = 1;
  for (const [index, length] of lengths.entries()) {
    const share = Math.floor(room / (lengths.length - index));
    if (length > share) {
      cap = Math.max(1, share);
      break;
    }
    room -= length;
  }
  return { ...embed, fields: fields.map((field) => ({ ...field, value: clip(field.value, cap) })) };
};

export const percent = (value: number | undefined): string =>
  value === undefined ? '–' : `${Math.round(value * 100)}%`;

/** A name clipped to this much in a `sureOfEach` that would not fit whole, then to the next. */
const SURE_NAME_LENGTHS = [40, 20, 10];

/**
 * How sure the model is of each sublist of a non-mutual guess, as /why says it: "74% sure of
 * **Rock**, 50% sure of **Jazz**" (`bold` off where Discord shows no markdown). Within `max`
 * characters: long names are clipped first, then the last sublists counted ("and 3 more").
 */
export const sureOfEach = (
  parts: readonly { sublistName: string; confidence: number }[],
  max: number,
  bold = true,
): string => {
  const mark = bold ? '**' : '';
  const phrases = (nameLength: number) =>
    parts.map((p) => `${percent(p.confidence)} sure of ${mark}${clip(p.sublistName, nameLength)}${mark}`);
  for (const nameLength of [Number.POSITIVE_INFINITY, ...SURE_NAME_LENGTHS]) {
    const text = phrases(nameLength).join(', ');
    if (text.length <= max) return text;
  }
  const short = phrases(SURE_NAME_LENGTHS.at(-1) as number);
  for (let kept = short.length - 1; kept > 0; kept--) {
    const text = `${short.slice(0, kept).join(', ')} and ${short.length - kept} more`;
    if (text.length <= max) return text;
  }
  return clip(short[0] ?? '', max);
};

/** A count as a person reads it: 1,200. */
export const count = (n: number): string => n.toLocaleString('en');

const unit = (n: number, word: string): string => `${count(n)} ${word}${n === 1 ? '' : 's'}`;

/**
 * A duration given in minutes as a person reads it: "7 days", "6 hours", "90 minutes",
 * "8 days 1 hour 38 minutes" (under two hours, in minutes alone).
 */
export const duration = (minutes: number): string => {
  if (minutes < 120 && minutes % 60 !== 0) return unit(minutes, 'minute');
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  return [
    ...(days > 0 ? [unit(days, 'day')] : []),
    ...(hours > 0 ? [unit(hours, 'hour')] : []),
    ...(rest > 0 ? [unit(rest, 'minute')] : []),
  ].join(' ');
};

/**
 * A Spotify playlist with no name to show (untitled, or gone from the library with its name) by
 * its id, as a link that opens it in Spotify, where the user sees which it is (and can follow it again).
 */
export const unnamedPlaylist = (playlistId: string): string =>
  `[playlist ${playlistId}](https://open.spotify.com/playlist/${playlistId})`;

/** A layer's motherlist by its name, or, with none to show, its playlist as a link. */
export const motherlistShown = ({ id, name }: ShownMotherlist): string =>
  name === null ? unnamedPlaylist(id) : `**${name}**`;

/** "**Song** is no longer in **Liked Songs**, so Motherlist no longer sorts it": an answer refused for it. */
export const leftMotherlistText = (trackName: string | null, motherlist: ShownMotherlist): string =>
  `${trackName ? `**${trackName}**` : 'That song'} is no longer in ${motherlistShown(motherlist)}, so Motherlist no longer sorts it`;

/**
 * Why a sublist's playlist is left alone (services/layers/unlisted-sublists.ts), said alike by every view:
 * after `/link` with another account, the playlist may well still be in the library, followed.
 */
export const UNLISTED_WHY =
  '(deleted or unfollowed, or owned by another Spotify account than the one linked)';

/** "**a**, **b**'s playlists are no longer in your Spotify library (…)", the names as the view writes them. */
export const playlistsGone = (names: readonly string[]): string =>
  `${names.join(', ')}'s playlist${names.length === 1 ? ' is' : 's are'} no longer in your Spotify library ${UNLISTED_WHY}`;

/** Bringing such playlists back, for each of those causes. */
export const putBack = (one: boolean): string =>
  `Put ${one ? 'it' : 'them'} back in your library (or \`/link\` the Spotify account that owns ${one ? 'it' : 'them'})`;

/** What a user can do about gone sublist playlists. */
export const unlistedRemedy = (one: boolean): string =>
  `${putBack(one)}, or remove the sublist with \`/sublist remove\`.`;

/**
 * Songs a run did not write where it meant them, because another sublist of the mutual layer
 * holds them (services/sorting/mutual-guard.ts): the /sort summary, the new-songs DM and /undo say alike
 * where they are. `not`: "placed" or "put back".
 */
export const refusedLine = (refused: readonly RefusedPlacement[], not: string): string => {
  const one = refused.length === 1;
  const songs = refused
    .slice(0, 5)
    .map(
      (r) => `${r.trackName} → **${r.sublistName}** (it is in ${r.heldIn.map((n) => `**${n}**`).join(', ')})`,
    )
    .join(', ');
  return `⚠️ ${count(refused.length)} song${one ? '' : 's'} not ${not}: ${one ? 'it is' : 'they are'} in another sublist of this layer already, where ${one ? 'it stays' : 'they stay'} (a song goes in one sublist only): ${songs}${refused.length > 5 ? ', …' : ''}.`;
};

/** Each enrichment provider's name and what it brings (what waits while it is down). */
export const ENRICHMENT_PROVIDERS: Record<string, { name: string; brings: string }> = {
  reccobeats: { name: 'ReccoBeats', brings: 'audio features' },
  musicbrainz: { name: 'MusicBrainz', brings: 'tags' },
  lastfm: { name: 'Last.fm', brings: 'tags' },
};
