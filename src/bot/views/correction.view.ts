import {
  ComponentType,
  type APIActionRowComponent,
  type APIComponentInMessageActionRow,
  type APISelectMenuOption,
} from 'discord.js';
import type { RefusedPlacement } from '../../services/ports/model-ports.js';
import type { DmMessage } from '../../services/ports/notifier.js';
import { compactUuid, customId } from '../custom-id.js';
import { clip, playlistsGone, unlistedRemedy } from './view.js';

type NewSongs = Extract<DmMessage, { kind: 'new-songs' }>;

/** The value of the "void" option in a correction menu (sublist options carry compact UUIDs). */
export const VOID_VALUE = 'void';

const MAX_ROWS = 5;
const MAX_OPTIONS = 25;
const ARROW = ' → ';

/** A correction menu's placeholder: the track and where it is now. */
export const correctionPlaceholder = (trackName: string, where: string): string =>
  clip(`${clip(trackName, 100)}${ARROW}${where}`, 150);

/**
 * A correction the mutual check refused (services/sorting/mutual-guard.ts): the song was not moved there
 * (`placed in`, for a waiting song's Place), and says where it is, as `refusedLine` does for a run.
 */
export const refusedCorrectionText = (
  trackName: string,
  refused: RefusedPlacement,
  notDone: 'moved to' | 'placed in' = 'moved to',
): string => {
  const held = refused.heldIn.map((n) => `**${n}**`).join(', ');
  return `⚠️ **${trackName}** was not ${notDone} **${refused.sublistName}**: it is in ${held} already, another sublist of this layer, where it stays (a song goes in one sublist only).`;
};

/**
 * A correction whose run ended failed (Spotify refused its writes for good, or an error on our side
 * stopped it three times): the song is not where the user said, so their answer was not kept.
 * `trackName` null: the song the pressed button belongs to; `where` null: where the model guessed.
 */
export const failedCorrectionText = (
  trackName: string | null,
  where: string | null,
  failure: { reference: string; ourError?: boolean | undefined },
  notDone: 'moved' | 'placed' = 'moved',
): string => {
  const song = trackName === null ? 'The song' : `**${trackName}**`;
  const target = where === null ? '' : ` ${notDone === 'moved' ? 'to' : 'in'} **${where}**`;
  const cause = failure.ourError
    ? 'an error on our side stopped it three times'
    : 'Spotify refused the change';
  return `⚠️ ${song} was not ${notDone}${target}: ${cause}, so Motherlist did not keep this answer. Try again; if it keeps happening, tell the bot’s host this reference: \`${failure.reference}\`.`;
};

/**
 * A label-only menu's answer (a dry run's summary): the next `/sort` puts the song there, or,
 * when a chosen sublist's playlist is out of the library, holds it back until it is back.
 */
export const notedCorrectionText = (
  trackName: string,
  where: string,
  unlisted: readonly string[],
): string => {
  const noted = `Noted: **${trackName}** belongs in **${where}**`;
  if (unlisted.length === 0) return `${noted}; the next \`/sort\` puts it there.`;
  const one = unlisted.length === 1;
  return `${noted}, but ${playlistsGone(unlisted.map((n) => `**${n}**`))}: the next \`/sort\` holds the song back until ${one ? 'it is' : 'they are'} back. ${unlistedRemedy(one)}`;
};

/** The track part of a correction menu's placeholder. */
export const placeholderTrack = (placeholder: string): string => {
  const at = placeholder.lastIndexOf(ARROW);
  return at >= 0 ? placeholder.slice(0, at) : placeholder;
};

export interface CorrectionMenus {
  rows: APIActionRowComponent<APIComponentInMessageActionRow>[];
  /** Tracks that got no menu (Discord allows 5 rows, some may hold other buttons). */
  left: number;
}

/** A placed track a menu can correct; `sublistIds` empty = the void. */
export interface CorrectableTrack {
  trackId: string;
  trackName: string;
  sublistIds: readonly string[];
  /**
   * Where the song is not known (/why): the placeholder says this instead, and no option is marked
   * "where it is now" (`sublistIds` is then ignored).
   */
  unknownWhere?: string;
}

/** The layer the menus correct placements in. */
export interface CorrectionLayer {
  layerId: string;
  /** A complete layer offers no "void" option. */
  complete: boolean;
  /** The layer's sublists, in menu order. */
  sublists: readonly { id: string; name: string }[];
  /**
   * Of those, the sublists whose playlists were not in the user's library when the message was
   * made: a move there would be refused, so a `move` menu does not offer them.
   */
  unlistedSublistIds?: readonly string[] | undefined;
}

/**
 * `move`: the choice moves the track in Spotify and is stored as a `correction` label
 * (`sorter.correct`); `label`: only the label is stored — for a dry run's summary, where nothing
 * was placed, so the next `/sort` puts the track there.
 */
export type CorrectionMode = 'move' | 'label';

/** The custom_id flag of a label-only menu: `ml1:mv:<layer>:<track>:l`. */
export const LABEL_ONLY = 'l';

/**
 * The sublists a menu offers, within Discord's 25 options (one kept for the void when allowed):
 * not those in `unlistedSublistIds`, whose playlists are gone, where a move would be refused.
 */
export const offeredSublists = <S extends { id: string }>(
  sublists: readonly S[],
  voidAllowed: boolean,
  unlistedSublistIds: readonly string[] = [],
): S[] => {
  const unlisted = new Set(unlistedSublistIds);
  return sublists.filter((s) => !unlisted.has(s.id)).slice(0, voidAllowed ? MAX_OPTIONS - 1 : MAX_OPTIONS);
};

/**
 * One select menu per track, at most `maxRows` (the first ones), whose options move it to a
 * sublist or, in an incomplete layer, to the void. The new-songs DM and the /sort summary share it;
 * the `mv` component handler answers both.
 */
export const correctionRows = (
  layer: CorrectionLayer,
  tracks: readonly CorrectableTrack[],
  options: { maxRows: number; mode?: CorrectionMode },
): CorrectionMenus => {
  const { layerId, sublists } = layer;
  const voidAllowed = !layer.complete;
  // A label-only pick is not refused (a label says where a song belongs, as in /label, and the next
  // /sort places it once the playlist is back); a move into an unlisted sublist is.
  const shownSublists = offeredSublists(
    sublists,
    voidAllowed,
    options.mode === 'label' ? [] : layer.unlistedSublistIds,
  );
  if (!tracks.length || !sublists.length || (!shownSublists.length && !voidAllowed) || options.maxRows <= 0)
    return { rows: [], left: tracks.length };
  const nameOf = new Map(sublists.map((s) => [s.id, s.name]));
  const flag = options.mode === 'label' ? [LABEL_ONLY] : [];
  const rows: CorrectionMenus['rows'] = [];
  for (const track of tracks) {
    if (rows.length >= Math.min(options.maxRows, MAX_ROWS)) break;
    let id: string;
    try {
      id = customId('mv', compactUuid(layerId), track.trackId, ...flag);
    } catch {
      continue; // an id that does not fit a custom_id: no menu
    }
    const known = track.unknownWhere === undefined;
    const current = new Set(known ? track.sublistIds : []);
    const choices: APISelectMenuOption[] = shownSublists.map((s) => ({
      label: clip(s.name, 100),
      value: compactUuid(s.id),
      ...(current.has(s.id) ? { description: 'where it is now' } : {}),
    }));
    if (voidAllowed)
      choices.push({
        label: 'Void (no sublist)',
        value: VOID_VALUE,
        ...(known && current.size === 0 ? { description: 'where it is now' } : {}),
      });
    const where =
      track.unknownWhere ?? (track.sublistIds.map((s) => nameOf.get(s) ?? '?').join(', ') || 'void');
    rows.push({
      type: ComponentType.ActionRow,
      components: [
        {
          type: ComponentType.StringSelect,
          custom_id: id,
          placeholder: correctionPlaceholder(track.trackName, where),
          min_values: 1,
          max_values: 1,
          options: choices,
        },
      ],
    });
  }
  return { rows, left: tracks.length - rows.length };
};

/**
 * The new-songs DM's menus: one per placed track (at most 5; with more tracks, the first 4), in
 * the `maxRows` its waiting songs leave.
 */
export const correctionMenus = (message: NewSongs, maxRows = MAX_ROWS): CorrectionMenus => {
  const { layerId, tracks, sublists } = message;
  if (!layerId || !tracks?.length || !sublists?.length) return { rows: [], left: 0 };
  const shown = tracks.slice(0, Math.min(maxRows, tracks.length <= MAX_ROWS ? MAX_ROWS : MAX_ROWS - 1));
  const menus = correctionRows(
    {
      layerId,
      complete: message.mode?.complete ?? false,
      sublists,
      unlistedSublistIds: message.unlistedSublistIds,
    },
    shown,
    { maxRows },
  );
  return { rows: menus.rows, left: tracks.length - menus.rows.length };
};
