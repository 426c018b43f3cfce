import { type LayerMode, type Placement, placementProblem } from './layer.js';

export interface DetectedHandEdit {
  sublistId: string;
  trackId: string;
  action: 'add' | 'remove';
}

/**
 * What the user changed by hand in a layer's sublists between two reads of their playlists
 * (the bot's own writes are already part of `before`). Sublists never read before are skipped:
 * their first contents are not edits.
 */
export const detectHandEdits = (
  sublists: readonly { id: string; playlistId: string }[],
  before: ReadonlyMap<string, ReadonlySet<string>>,
  after: ReadonlyMap<string, ReadonlySet<string>>,
  readBefore: (playlistId: string) => boolean,
): DetectedHandEdit[] => {
  const edits: DetectedHandEdit[] = [];
  for (const sublist of sublists) {
    if (!readBefore(sublist.playlistId)) continue;
    const old = before.get(sublist.playlistId) ?? new Set<string>();
    const now = after.get(sublist.playlistId) ?? new Set<string>();
    for (const trackId of now)
      if (!old.has(trackId)) edits.push({ sublistId: sublist.id, trackId, action: 'add' });
    for (const trackId of old)
      if (!now.has(trackId)) edits.push({ sublistId: sublist.id, trackId, action: 'remove' });
  }
  return edits;
};

/**
 * The label a hand edit says: the sublists that hold the track now. In a mutual layer a track
 * the user put into a second sublist belongs to the one they just added it to. Undefined when
 * the result does not fit the mode (e.g. taken out of every sublist of a complete layer).
 */
export const labelFromHandEdits = (
  mode: LayerMode,
  sublistIds: readonly string[],
  trackId: string,
  edits: readonly DetectedHandEdit[],
  after: ReadonlyMap<string, ReadonlySet<string>>,
): Placement | undefined => {
  let placement = sublistIds.filter((id) => after.get(id)?.has(trackId));
  if (mode.mutual && placement.length > 1) {
    const added = edits.filter((e) => e.trackId === trackId && e.action === 'add').map((e) => e.sublistId);
    placement = placement.filter((id) => added.includes(id));
  }
  return placementProblem(mode, placement) ? undefined : placement;
};
