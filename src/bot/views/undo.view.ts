import type { SortCounts, UndoOutcome, UnlistedHeld } from '../../services/ports/model-ports.js';
import { discordTime } from './user-error.view.js';
import { clip, motherlistShown, refusedLine, type View, UNLISTED_WHY } from './view.js';

const songs = (count: number): string => `${count.toLocaleString('en')} song${count === 1 ? '' : 's'}`;

/** One sublist's part of an undo: what it took out and what it put back, as the playlists now are. */
const sublistChange = (sublist: SortCounts): string | undefined => {
  const parts = [
    ...(sublist.removed > 0 ? [`took ${songs(sublist.removed)} out of **${sublist.name}**`] : []),
    ...(sublist.added > 0
      ? [`put ${songs(sublist.added)} back ${sublist.removed > 0 ? 'in it' : `in **${sublist.name}**`}`]
      : []),
  ];
  return parts.length > 0 ? `${parts.join(' and ')} (now ${sublist.total.toLocaleString('en')})` : undefined;
};

/**
 * What an undo left as it was because the sublists' playlists left the user's library. A run is
 * undone once (the undo marks it undone, `lastUndoable` skips it), so those changes stay for good.
 */
const unlistedUndoLine = ({ sublistNames, songs: count }: UnlistedHeld): string => {
  const one = sublistNames.length === 1;
  return `⚠️ Not undone: its changes of ${songs(count)} in ${sublistNames.map((n) => `**${n}**`).join(', ')}, whose playlist${one ? ' is' : 's are'} no longer in your Spotify library ${UNLISTED_WHY}; they can't be undone later, even once ${one ? 'it is' : 'they are'} back.`;
};

/** What an undo did, in words: which run (a sort or a sync, and when) and each sublist's change. */
export const undoText = (outcome: UndoOutcome): string => {
  const changes = outcome.perSublist.map(sublistChange).filter((change) => change !== undefined);
  const what = `the ${outcome.undid.kind} of **${outcome.layerName}** (${discordTime(outcome.undid.at, 'R')})`;
  const done =
    changes.length > 0
      ? `Undid ${what}: ${changes.join('; ')}.`
      : outcome.unlisted || outcome.leftMotherlist
        ? `Undid ${what}: nothing else needed changing.`
        : outcome.refused
          ? `Undid ${what}.`
          : `Undid ${what}: your playlists no longer showed its changes, so nothing needed changing.`;
  return clip(
    [
      done,
      ...(outcome.unlisted ? [unlistedUndoLine(outcome.unlisted)] : []),
      ...(outcome.refused ? [refusedLine(outcome.refused, 'put back')] : []),
      ...(outcome.leftMotherlist
        ? [
            `${songs(outcome.leftMotherlist.songs)} not put back: no longer in ${motherlistShown(outcome.leftMotherlist.motherlist)}.`,
          ]
        : []),
      ...(outcome.followers ?? []).map(
        ({ layer, sublist }) =>
          `Layer **${layer}** sorts from **${sublist}**: its sublists follow this change at the next sync.`,
      ),
    ].join('\n'),
    2000,
  );
};

export const undoView = (outcome: UndoOutcome): View => ({
  content: undoText(outcome),
  embeds: [],
  components: [],
});
