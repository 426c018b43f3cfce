import { ButtonStyle, ComponentType, type APIButtonComponent, type APIEmbed } from 'discord.js';
import type { Sublist } from '../../core/layer-records.js';
import type { CardTrack } from '../../services/ports/label-session.ports.js';
import type { AnsweredTrack, LabelCard } from '../../services/labels/label-session.service.js';
import { compactUuid, customId } from '../custom-id.js';
import {
  clip,
  COLOUR,
  leftMotherlistText,
  percent,
  putBack,
  sureOfEach,
  UNLISTED_WHY,
  type View,
} from './view.js';

/** Up to this many sublists get a button each (4 rows of 5); more use a select menu. */
export const MAX_SUBLIST_BUTTONS = 20;

const EMBED_FIELD_LENGTH = 1024;

export const spotifyTrackUrl = (trackId: string): string => `https://open.spotify.com/track/${trackId}`;

const artistsOf = (track: CardTrack): string =>
  track.artists.map((artist) => artist.name).join(', ') || 'unknown artist';

const namesOf = (ids: readonly string[], sublists: readonly Sublist[]): string =>
  ids.length === 0
    ? 'void'
    : ids.map((id) => sublists.find((sublist) => sublist.id === id)?.name ?? '?').join(', ');

/** The card's guess; a non-mutual one says how sure of each sublist, as /why does. */
const guessText = (guess: LabelCard['guess'], sublists: readonly Sublist[]): string => {
  if (!guess) return 'no model yet';
  const { memberships } = guess;
  if (memberships && guess.sublistIds.length > 0) {
    const parts = guess.sublistIds.map((id) => ({
      sublistName: namesOf([id], sublists),
      confidence: memberships[id] ?? guess.confidence,
    }));
    return sureOfEach(parts, EMBED_FIELD_LENGTH);
  }
  return clip(
    `${namesOf(guess.sublistIds, sublists)} (${percent(guess.confidence)} sure)`,
    EMBED_FIELD_LENGTH,
  );
};

const trackEmbed = (track: CardTrack, colour: number): APIEmbed => {
  const album = track.album.name
    ? `${track.album.name}${track.album.releaseDate ? ` (${track.album.releaseDate.slice(0, 4)})` : ''}`
    : undefined;
  return {
    title: clip(track.name || 'Untitled', 256),
    url: spotifyTrackUrl(track.id),
    description: clip(artistsOf(track), 4096),
    color: colour,
    fields: album ? [{ name: 'Album', value: clip(album, 1024), inline: true }] : [],
    ...(track.coverUrl ? { thumbnail: { url: track.coverUrl } } : {}),
  };
};

const button = (id: string, label: string, style: ButtonStyle): APIButtonComponent => ({
  type: ComponentType.Button,
  custom_id: id,
  label: clip(label, 80),
  style: style as ButtonStyle.Primary,
});

const rowsOf = <T>(items: readonly T[], size: number): T[][] => {
  const rows: T[][] = [];
  for (let start = 0; start < items.length; start += size) rows.push(items.slice(start, start + size));
  return rows;
};

/** The line above the next card about the track just answered (the session is one message). */
const previousLine = (answered: AnsweredTrack): string => {
  const name = clip(answered.track?.name || 'The previous track', 200);
  switch (answered.outcome.kind) {
    case 'labeled':
      return `**${name}** → **${namesOf(answered.outcome.sublistIds, answered.sublists)}**`;
    case 'skipped':
      return `Skipped **${name}**.`;
    case 'left-motherlist':
      return `${leftMotherlistText(name, answered.outcome.motherlist)}: no answer was stored.`;
    case 'undone':
      return 'Went back to the previous track: answer it again.';
    case 'stopped':
      return '';
  }
};

/**
 * The session's message: the track, the model's guess, a button per sublist (or a menu) and the
 * controls; `previous`, the track answered just before, as one line above it.
 */
export const labelCardView = (card: LabelCard, previous?: AnsweredTrack): View => {
  const { session, layer, sublists, track, guess } = card;
  const session32 = compactUuid(session.id);
  const id = (action: string) => customId('lb', session32, track.id, action);
  const embed = trackEmbed(track, COLOUR.brand);
  embed.fields = [
    ...(embed.fields ?? []),
    {
      name: 'Model’s guess',
      value: guessText(guess, sublists),
      inline: true,
    },
  ];
  if (!layer.mode.mutual && session.toggledSublistIds.length > 0) {
    embed.fields.push({
      name: 'Picked so far',
      value: namesOf(session.toggledSublistIds, sublists),
      inline: false,
    });
  }
  const hint = layer.mode.mutual
    ? 'Pick the sublist it belongs in.'
    : 'Pick every sublist it belongs in, then press Done.';
  embed.footer = {
    text: clip(`Layer ${layer.name} · ${card.answeredCount} labeled this session · ${hint}`, 2048),
  };

  const components: View['components'] = [];
  if (sublists.length <= MAX_SUBLIST_BUTTONS) {
    const buttons = sublists.map((sublist) =>
      button(
        id(`s${compactUuid(sublist.id)}`),
        sublist.name,
        session.toggledSublistIds.includes(sublist.id) ? ButtonStyle.Success : ButtonStyle.Primary,
      ),
    );
    for (const row of rowsOf(buttons, 5)) components.push({ type: ComponentType.ActionRow, components: row });
  } else {
    components.push({
      type: ComponentType.ActionRow,
      components: [
        {
          type: ComponentType.StringSelect,
          custom_id: customId('lm', session32, track.id),
          placeholder: layer.mode.mutual ? 'Pick a sublist' : 'Pick every sublist it belongs in',
          min_values: 1,
          max_values: layer.mode.mutual ? 1 : sublists.length,
          options: sublists.map((sublist) => ({
            label: clip(sublist.name, 100),
            value: compactUuid(sublist.id),
          })),
        },
      ],
    });
  }
  const controls: APIButtonComponent[] = [];
  if (!layer.mode.complete) controls.push(button(id('v'), 'Void', ButtonStyle.Secondary));
  if (!layer.mode.mutual && sublists.length <= MAX_SUBLIST_BUTTONS)
    controls.push(button(id('d'), 'Done', ButtonStyle.Success));
  controls.push(button(id('k'), 'Skip', ButtonStyle.Secondary));
  // Nothing answered yet in this session: its press could only say so.
  controls.push({
    ...button(id('u'), 'Undo', ButtonStyle.Secondary),
    ...(session.answeredTrackIds.length === 0 ? { disabled: true } : {}),
  });
  controls.push(button(id('x'), 'Stop', ButtonStyle.Danger));
  components.push({ type: ComponentType.ActionRow, components: controls });
  return { content: previous ? previousLine(previous) : '', embeds: [embed], components };
};

const outcomeText = (answered: AnsweredTrack): string => {
  const { outcome } = answered;
  switch (outcome.kind) {
    case 'labeled':
      return `→ **${namesOf(outcome.sublistIds, answered.sublists)}**`;
    case 'skipped':
      return 'Skipped.';
    case 'left-motherlist':
      return `${leftMotherlistText(answered.track?.name ?? null, outcome.motherlist)}: no answer was stored.`;
    case 'undone':
      return 'Went back to the previous track (asked again below).';
    case 'stopped':
      return `Session stopped after ${outcome.answeredCount} label${outcome.answeredCount === 1 ? '' : 's'}. Train with \`/train\`.`;
  }
};

/** The session's message once stopped: the track and the answer, without buttons. */
export const answeredView = (answered: AnsweredTrack): View => {
  const embed: APIEmbed = answered.track
    ? trackEmbed(answered.track, COLOUR.neutral)
    : { title: 'Track no longer available', color: COLOUR.neutral };
  embed.fields = [...(embed.fields ?? []), { name: 'Answer', value: outcomeText(answered), inline: false }];
  return { content: '', embeds: [embed], components: [] };
};

export const sessionFinishedView = (
  layerName: string,
  answeredCount: number,
  reason: 'stopped' | 'exhausted' | 'motherlist-unlisted',
): View => ({
  content: {
    exhausted: `Every track of layer **${layerName}** has an answer or was skipped (${answeredCount} labeled this session). Train with \`/train layer:${layerName}\`.`,
    'motherlist-unlisted': `The motherlist of layer **${layerName}** is no longer in your Spotify library ${UNLISTED_WHY}, so there is nothing left to ask: the session is closed (${answeredCount} labeled, kept). ${putBack(true)}, then \`/label\` again.`,
    stopped: `The label session on **${layerName}** is closed (${answeredCount} labeled). Start a new one with \`/label\`.`,
  }[reason],
  embeds: [],
  components: [],
});
