import {
  ComponentType,
  type APIActionRowComponent,
  type APIComponentInMessageActionRow,
  type APISelectMenuOption,
} from 'discord.js';
import type { DmMessage } from '../../services/notifier.js';
import { compactUuid, customId } from '../custom-id.js';
import { clip } from './view.js';

type NewSongs = Extract<DmMessage, { kind: 'new-songs' }>;

/** The value of the "void" option in a correction menu (sublist options carry compact UUIDs). */
export const VOID_VALUE = 'void';

const MAX_ROWS = 5;
const MAX_OPTIONS = 25;
const ARROW = ' → ';

/** A correction menu's placeholder: the track and where it is now. */
export const correctionPlaceholder = (trackName: string, where: string): string =>
  clip(`${clip(trackName, 100)}${ARROW}${where}`, 150);

/** The track part of a correction menu's placeholder. */
export const placeholderTrack = (placeholder: string): string => {
  const at = placeholder.lastIndexOf(ARROW);
  return at >= 0 ? placeholder.slice(0, at) : placeholder;
};

export interface CorrectionMenus {
  rows: APIActionRowComponent<APIComponentInMessageActionRow>[];
  /** Placed tracks that got no menu (Discord allows 5 rows). */
  left: number;
}

/**
 * One select menu per placed track of a new-songs DM (at most 5; with more tracks, the first 4),
 * whose options move it to another sublist or, in an incomplete layer, to the void.
 */
export const correctionMenus = (message: NewSongs): CorrectionMenus => {
  const { layerId, tracks, sublists } = message;
  if (!layerId || !tracks?.length || !sublists?.length) return { rows: [], left: 0 };
  const voidAllowed = !message.mode?.complete;
  const shownSublists = sublists.slice(0, voidAllowed ? MAX_OPTIONS - 1 : MAX_OPTIONS);
  const nameOf = new Map(sublists.map((s) => [s.id, s.name]));
  const shown = tracks.length <= MAX_ROWS ? tracks : tracks.slice(0, MAX_ROWS - 1);
  const rows: CorrectionMenus['rows'] = [];
  for (const track of shown) {
    let id: string;
    try {
      id = customId('mv', compactUuid(layerId), track.trackId);
    } catch {
      continue; // an id that does not fit a custom_id: corrected with /why instead
    }
    const current = new Set(track.sublistIds);
    const options: APISelectMenuOption[] = shownSublists.map((s) => ({
      label: clip(s.name, 100),
      value: compactUuid(s.id),
      ...(current.has(s.id) ? { description: 'where it is now' } : {}),
    }));
    if (voidAllowed)
      options.push({
        label: 'Void (no sublist)',
        value: VOID_VALUE,
        ...(current.size === 0 ? { description: 'where it is now' } : {}),
      });
    const where = track.sublistIds.map((s) => nameOf.get(s) ?? '?').join(', ') || 'void';
    rows.push({
      type: ComponentType.ActionRow,
      components: [
        {
          type: ComponentType.StringSelect,
          custom_id: id,
          placeholder: correctionPlaceholder(track.trackName, where),
          min_values: 1,
          max_values: 1,
          options,
        },
      ],
    });
  }
  return { rows, left: tracks.length - rows.length };
};
