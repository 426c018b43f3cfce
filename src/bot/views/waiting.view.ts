import {
  ButtonStyle,
  ComponentType,
  type APIActionRowComponent,
  type APIButtonComponentWithCustomId,
  type APIEmbed,
  type APIComponentInMessageActionRow,
  type APISelectMenuOption,
} from 'discord.js';
import type { DmMessage } from '../../services/ports/notifier.js';
import { compactUuid, customId } from '../custom-id.js';
import { offeredSublists, VOID_VALUE } from './correction.view.js';
import { clip, percent, sureOfEach } from './view.js';

type NewSongs = Extract<DmMessage, { kind: 'new-songs' }>;
type WaitingSong = NonNullable<NewSongs['waiting']>[number];
type Row = APIActionRowComponent<APIComponentInMessageActionRow>;

/** The flag of a waiting song's menu (`ml1:pw:<layer>:<track>:c`); its Place button has none. */
export const CHOOSE_FLAG = 'c';

const OPTION_DESCRIPTION_LENGTH = 100;
const GUESS_PREFIX = 'best guess: ';

/** A row of Place buttons and a menu per song fill Discord's 5 rows with 4 songs. */
const MAX_SONGS = 4;

export interface WaitingControls {
  rows: Row[];
  /** The waiting songs that got a menu (and a Place button, unless counted below). */
  shown: number;
  /** Of those, songs guessed for a sublist whose playlist is not in the library: no Place button. */
  unplaceable: number;
  /** Of those, songs guessed for a sublist removed since (a DM sent late): no Place button either. */
  guessRemoved: number;
}

const NONE: WaitingControls = { rows: [], shown: 0, unplaceable: 0, guessRemoved: 0 };

const where = (sublistIds: readonly string[], nameOf: ReadonlyMap<string, string>): string =>
  sublistIds.map((id) => nameOf.get(id) ?? '?').join(', ') || 'the void';

/** The Place button's label: the song and its best guess, within Discord's 80 characters. */
export const placeLabel = (trackName: string, guess: string): string => {
  const target = clip(guess, 30);
  return clip(`${clip(trackName, 80 - target.length - 3)} → ${target}`, 80);
};

const idsOf = (layer32: string, trackId: string): { place: string; choose: string } | undefined => {
  try {
    return {
      place: customId('pw', layer32, trackId),
      choose: customId('pw', layer32, trackId, CHOOSE_FLAG),
    };
  } catch {
    return undefined; // an id that does not fit a custom_id: answered with /label instead
  }
};

/** The sublists of a waiting song's guess whose playlists are no longer in the user's library. */
export const unlistedGuess = (message: NewSongs, song: Pick<WaitingSong, 'sublistIds'>): string[] => {
  const unlisted = new Set(message.unlistedSublistIds ?? []);
  return song.sublistIds.filter((id) => unlisted.has(id));
};

/**
 * The sublists of a waiting song's guess removed from the layer since its run (a DM sent after
 * `/sublist remove`, its message owed until then): not among the message's sublists.
 */
export const removedGuess = (message: NewSongs, song: Pick<WaitingSong, 'sublistIds'>): string[] => {
  const known = new Set((message.sublists ?? []).map((s) => s.id));
  return song.sublistIds.filter((id) => !known.has(id));
};

/**
 * For the first `maxSongs` songs a sync left waiting (at most 4): a row of Place buttons, each
 * putting its song where the model guessed, and a menu per song to put it elsewhere (several
 * sublists in a non-mutual layer; the void in an incomplete one). The `pw` handler answers both.
 * A song guessed for a sublist whose playlist is no longer in the user's library gets its menu
 * only: its Place could not write there (the DM says why). So does a song guessed for a sublist
 * removed since (its Place would be refused, see WaitingTrack.trimmed). No menu offers such a sublist.
 */
export const waitingControls = (message: NewSongs, maxSongs: number): WaitingControls => {
  const { layerId, sublists } = message;
  if (!layerId || !sublists?.length || maxSongs <= 0) return NONE;
  const layer32 = compactUuid(layerId);
  const nameOf = new Map(sublists.map((s) => [s.id, s.name]));
  const voidAllowed = !(message.mode?.complete ?? false);
  const several = !(message.mode?.mutual ?? true);
  const shownSublists = offeredSublists(sublists, voidAllowed, message.unlistedSublistIds);
  if (shownSublists.length === 0 && !voidAllowed) return NONE;
  const songs: {
    song: WaitingSong;
    ids: { place: string; choose: string };
    placeable: boolean;
    removed: boolean;
  }[] = [];
  for (const song of message.waiting ?? []) {
    if (songs.length >= Math.min(maxSongs, MAX_SONGS)) break;
    const ids = idsOf(layer32, song.trackId);
    const removed = removedGuess(message, song).length > 0;
    if (ids)
      songs.push({ song, ids, removed, placeable: !removed && unlistedGuess(message, song).length === 0 });
  }
  if (songs.length === 0) return NONE;
  const buttons: APIButtonComponentWithCustomId[] = songs
    .filter(({ placeable }) => placeable)
    .map(({ song, ids }) => ({
      type: ComponentType.Button,
      style: ButtonStyle.Success,
      custom_id: ids.place,
      label: placeLabel(song.trackName, where(song.sublistIds, nameOf)),
    }));
  const menus: Row[] = songs.map(({ song, ids, placeable }) => {
    const guessed = new Set(song.sublistIds);
    const guess = { description: `best guess, ${percent(song.confidence)} sure` };
    // A non-mutual guess: each sublist its own figure, as /why says it.
    const guessOf = (s: { id: string; name: string }) => {
      const confidence = song.memberships?.[s.id];
      if (confidence === undefined) return guess;
      return {
        description: `${GUESS_PREFIX}${sureOfEach([{ sublistName: s.name, confidence }], OPTION_DESCRIPTION_LENGTH - GUESS_PREFIX.length, false)}`,
      };
    };
    const options: APISelectMenuOption[] = shownSublists.map((s) => ({
      label: clip(s.name, 100),
      value: compactUuid(s.id),
      ...(guessed.has(s.id) ? guessOf(s) : {}),
    }));
    if (voidAllowed)
      options.push({ label: 'Void (no sublist)', value: VOID_VALUE, ...(guessed.size === 0 ? guess : {}) });
    return {
      type: ComponentType.ActionRow,
      components: [
        {
          type: ComponentType.StringSelect,
          custom_id: ids.choose,
          placeholder: clip(`${placeable ? 'Or put' : 'Put'} ${song.trackName} in…`, 150),
          min_values: 1,
          max_values: several ? Math.max(shownSublists.length, 1) : 1,
          options,
        },
      ],
    };
  });
  const buttonRow: Row[] = buttons.length > 0 ? [{ type: ComponentType.ActionRow, components: buttons }] : [];
  const guessRemoved = songs.filter(({ removed }) => removed).length;
  return {
    rows: [...buttonRow, ...menus],
    shown: songs.length,
    unplaceable: songs.length - buttons.length - guessRemoved,
    guessRemoved,
  };
};

/** The new-songs DM's title: whether the sync placed anything, or only left songs waiting. */
export const newSongsTitle = (layerName: string, onlyWaiting: boolean): string =>
  clip(
    onlyWaiting ? `New songs in ${layerName} wait for your answer` : `New songs sorted in ${layerName}`,
    256,
  );

/** The new-songs DM's paragraph on its Place buttons and menus. */
export const PLACE_FOOTER = 'Waiting: **Place** puts a song';

const WAITING_HEADER = /^\*\*Waiting for your answer\*\* \((\d+);/;
const PLACED_HEADER = '**Placed by you**:';
const BULLET = '\n• ';

/** The new-songs DM's list of waiting songs starts so: how many wait in all, and why. */
export const waitingHeader = (total: number, why: string): string =>
  `**Waiting for your answer** (${total}; ${why}, \`/label\` asks about them first):`;

/** One waiting song of the DM's list, on its own line (so that its Place can move it to the placed ones). */
export const waitingSongLine = (trackName: string, detail?: string): string =>
  `${BULLET}${trackName}${detail === undefined ? '' : ` (${detail})`}`;

const isWaitingLine = (line: string, trackName: string): boolean =>
  line.startsWith(`• ${trackName} (best guess`) || line.startsWith(`• ${trackName} (its best guess`);

/**
 * A new-songs DM's embed once the user placed one of its waiting songs (Place or its menu): the
 * song leaves the waiting list, whose count drops, for the list of songs the user placed, with
 * where it went. With none left waiting, the list, the Place paragraph and the waiting title go
 * too (also the paragraph alone when `controlsLeft` is false). A song it does not list: unchanged.
 */
export const placedWaitingEmbed = (
  embed: APIEmbed,
  layerName: string,
  placed: { trackName: string; where: string; controlsLeft?: boolean },
): APIEmbed => {
  const [body = '', ...paragraphs] = (embed.description ?? '').split('\n\n');
  const lines = body.split('\n');
  const at = lines.findIndex((line) => isWaitingLine(line, placed.trackName));
  if (at < 0) return embed;
  lines.splice(at, 1);
  const header = lines.findIndex((line) => WAITING_HEADER.test(line));
  const left = header < 0 ? 0 : Number(WAITING_HEADER.exec(lines[header] ?? '')?.[1] ?? 1) - 1;
  if (header >= 0 && left > 0)
    lines[header] = (lines[header] ?? '').replace(WAITING_HEADER, `**Waiting for your answer** (${left};`);
  else if (header >= 0) {
    let end = header + 1;
    while (lines[end]?.startsWith('• ')) end += 1;
    lines.splice(header, end - header);
  }
  const placedAt = lines.indexOf(PLACED_HEADER);
  const line = `• ${placed.trackName} → **${placed.where}**`;
  if (placedAt < 0) lines.push(PLACED_HEADER, line);
  else {
    let end = placedAt + 1;
    while (lines[end]?.startsWith('• ')) end += 1;
    lines.splice(end, 0, line);
  }
  const noneWaits = header < 0 || left <= 0;
  const kept = paragraphs.filter(
    (p) => !(p.startsWith(PLACE_FOOTER) && (noneWaits || placed.controlsLeft === false)),
  );
  const title =
    noneWaits && embed.title === newSongsTitle(layerName, true)
      ? newSongsTitle(layerName, false)
      : embed.title;
  return {
    ...embed,
    ...(title === undefined ? {} : { title }),
    description: clip([lines.join('\n'), ...kept].join('\n\n'), 4096),
  };
};
