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

/**
 * The answers "not in this sublist" that hand removals give: per track with no label, the
 * sublists the user took it out of by hand (and did not put it back into). A track with a label
 * has its answer there: a removal the label already agrees with adds nothing, and a label given
 * after the removal is the newer answer (a sync drops a label a removal contradicts).
 */
export const removalAnswers = (
  labeled: ReadonlySet<string>,
  edits: readonly { sublistId: string; trackId: string; action: 'add' | 'remove' }[],
): Map<string, string[]> => {
  const answers = new Map<string, string[]>();
  for (const edit of edits) {
    if (edit.action !== 'remove' || labeled.has(edit.trackId)) continue;
    answers.set(edit.trackId, [...(answers.get(edit.trackId) ?? []), edit.sublistId]);
  }
  return answers;
};

/**
 * The hand edits still in force. A label given after a hand edit of its track is the user's newer
 * answer and wins where the two disagree: a removal from a sublist the label names, an addition to
 * a sublist it leaves out. A label older than the edit leaves it in force (a sync drops such a
 * label when the edit contradicts it). Taking the label back (the label session's Undo) puts the
 * edit back in force.
 */
export const editsInForce = <
  E extends { trackId: string; sublistId: string; action: 'add' | 'remove'; detectedAt: Date },
>(
  edits: readonly E[],
  labels: readonly { trackId: string; sublistIds: readonly string[]; updatedAt: Date }[],
): E[] => {
  const labelOf = new Map(labels.map((label) => [label.trackId, label]));
  return edits.filter((edit) => {
    const label = labelOf.get(edit.trackId);
    if (!label || label.updatedAt <= edit.detectedAt) return true;
    const named = label.sublistIds.includes(edit.sublistId);
    return edit.action === 'remove' ? !named : named;
  });
};
