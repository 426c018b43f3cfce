import { ButtonStyle, ComponentType } from 'discord.js';
import { describeMode } from '../../core/layer.js';
import type { LayerCycle } from '../../core/layer-graph.js';
import type { Sublist } from '../../core/layer-records.js';
import type { ImportResult } from '../../services/labels/import-labels.service.js';
import type { LayerDeletion, LayerOverview } from '../../services/layers/layer.service.js';
import type { SublistAdded, SublistRemoved } from '../../services/layers/sublist.service.js';
import { compactUuid, customId } from '../custom-id.js';
import {
  clip,
  COLOUR,
  count,
  fitEmbed,
  playlistsGone,
  type View,
  UNLISTED_WHY,
  unnamedPlaylist,
} from './view.js';

/** A layer's answers: its labels, and the songs taken out of a sublist by hand (the answer "not there"). */
export const answerCount = ({
  labelCount,
  handRemovalCount,
  unplacedRemovalCount,
}: Pick<LayerOverview, 'labelCount' | 'handRemovalCount' | 'unplacedRemovalCount'>): string =>
  `${labelCount} labels` +
  (handRemovalCount > 0
    ? ` + ${handRemovalCount} song${handRemovalCount === 1 ? '' : 's'} taken out by hand` +
      (unplacedRemovalCount > 0
        ? ` (${unplacedRemovalCount} now in no sublist: ${unplacedRemovalCount === 1 ? 'it waits' : 'they wait'} for your answer, \`/label\` asks about ${unplacedRemovalCount === 1 ? 'it' : 'them'} first, and the next \`/sort\` puts ${unplacedRemovalCount === 1 ? 'it' : 'them'} where the model expects when it is sure enough)`
        : '')
    : '');

/** The layer's motherlist as people know it, or, with no name to show, its playlist as a link. */
const motherlistText = ({ layer, motherlistName }: Pick<LayerOverview, 'layer' | 'motherlistName'>): string =>
  motherlistName ?? unnamedPlaylist(layer.motherlistId);

/**
 * The motherlist's or sublists' playlists that left the user's library: said plainly, since syncs
 * now ignore them (/status, /layer list).
 */
export const unlistedLine = (
  overview: Pick<LayerOverview, 'layer' | 'unlistedSublists' | 'motherlistUnlisted' | 'motherlistName'>,
): string =>
  (overview.motherlistUnlisted
    ? `\n⚠️ The motherlist, **${motherlistText(overview)}**, is no longer in your Spotify library ${UNLISTED_WHY} or can't be read: syncs take no new songs from it, and \`/sort\`, \`/label\` and \`/import\` of this layer wait until it is back in your library.`
    : '') + unlistedSublistsLine(overview);

/** A playlist motherlist's local files, podcast episodes and unavailable items (/status, /layer list). */
export const unsortableLine = (
  overview: Pick<LayerOverview, 'layer' | 'motherlistName' | 'motherlistUnsortable'>,
): string =>
  overview.motherlistUnsortable
    ? `\n${overview.motherlistUnsortable === 1 ? '1 item' : `${count(overview.motherlistUnsortable)} items`} of **${motherlistText(overview)}** ${overview.motherlistUnsortable === 1 ? 'is a local file, a podcast episode or an item' : 'are local files, podcast episodes or items'} no longer available: not songs Motherlist sorts, left where they are.`
    : '';

/** The links that close a circle of layers, by name, and why it matters. */
export const circleText = (links: readonly { parent: string; sublist: string; child: string }[]): string =>
  `${links.map((link) => `**${link.parent}** › ${link.sublist} feeds **${link.child}**`).join(', ')}, so songs would go round`;

/** What a circle of layers means for syncs, and how the user breaks it. */
export const CIRCLE_ADVICE =
  'Syncs skip these layers until you change one (`/sublist remove` one of those sublists, or `/layer delete` a layer).';

/**
 * The line of a layer in a circle (stored before adopting refused one): the sublists that close
 * it, and what to change (/status, /layer list).
 */
export const cycleLine = ({ cycle }: Pick<LayerOverview, 'cycle'>): string =>
  cycle ? `\n${cycleWarning(cycle)}` : '';

/** A circle of layers in one line: the sublists that close it, and what to change (/status, /layer list, /sort). */
export const cycleWarning = (cycle: LayerCycle): string =>
  `⚠️ In a circle: ${circleText(cycle.links.map((link) => ({ parent: link.parent.name, sublist: link.sublist.name, child: link.child.name })))}. ${CIRCLE_ADVICE}`;

const unlistedSublistsLine = ({ unlistedSublists }: Pick<LayerOverview, 'unlistedSublists'>): string =>
  unlistedSublists.length === 0
    ? ''
    : `\n⚠️ ${playlistsGone(unlistedSublists.map((s) => `**${s.name}**`))} or can't be read: syncs take no hand edits from ${unlistedSublists.length === 1 ? 'it' : 'them'} until ${unlistedSublists.length === 1 ? 'it is' : 'they are'} back in your library.`;

const sublistLine = (sublists: readonly Sublist[]): string =>
  sublists.length === 0 ? 'no sublists yet' : sublists.map((sublist) => sublist.name).join(', ');

export const layerCreatedView = (overview: LayerOverview): View => ({
  embeds: [
    {
      title: `Layer ${overview.layer.name} created`,
      color: COLOUR.brand,
      description: clip(
        `Motherlist: **${motherlistText(overview)}** · ${describeMode(overview.layer.mode)}.\n` +
          `Next: add sublists with \`/sublist add layer:${overview.layer.name}\`, then \`/label\` or \`/import\`.`,
        4096,
      ),
    },
  ],
  components: [],
});

export const layerListView = (overviews: readonly LayerOverview[]): View => {
  if (overviews.length === 0) {
    return {
      content: 'You have no layers yet. Create one with `/layer create`.',
      embeds: [],
      components: [],
    };
  }
  return {
    embeds: [
      fitEmbed({
        title: 'Your layers',
        color: COLOUR.neutral,
        fields: overviews.slice(0, 25).map((overview) => ({
          name: clip(overview.layer.name, 256),
          value: clip(
            `${motherlistText(overview)} → ${sublistLine(overview.sublists)}\n${describeMode(overview.layer.mode)} · ${answerCount(overview)}${unlistedLine(overview)}${unsortableLine(overview)}${cycleLine(overview)}`,
            1024,
          ),
        })),
      }),
    ],
    components: [],
  };
};

/** What deleting a layer (or removing a sublist) means for the layers over its sublists. */
export const detachedLine = (children: readonly { child: string; sublist: string }[]): string =>
  children.length === 0
    ? ''
    : '\n' +
      children
        .map(
          ({ child, sublist }) =>
            `Layer **${child}** keeps the playlist of **${sublist}** as its motherlist, but no longer gets the songs sorted into it here.`,
        )
        .join('\n');

export const confirmLayerDeleteView = ({ layer, children }: LayerDeletion): View => ({
  content: clip(
    `Delete layer **${layer.name}** with its sublists’ settings, labels and models? Its Spotify playlists stay.${detachedLine(children)}`,
    2000,
  ),
  embeds: [],
  components: [
    {
      type: ComponentType.ActionRow,
      components: [
        {
          type: ComponentType.Button,
          custom_id: customId('ld', compactUuid(layer.id), 'y'),
          label: 'Delete',
          style: ButtonStyle.Danger,
        },
        {
          type: ComponentType.Button,
          custom_id: customId('ld', compactUuid(layer.id), 'n'),
          label: 'Keep',
          style: ButtonStyle.Secondary,
        },
      ],
    },
  ],
});

const sublistNextStep = ({ layer, adopted, sublistCount, hasModel }: SublistAdded): string =>
  sublistCount < 2
    ? `Next: add another with \`/sublist add layer:${layer.name}\`; labeling needs at least two sublists.`
    : !hasModel
      ? // /sort refuses a layer with no model: what it would do for the new sublist does not apply yet.
        `Next: answer a few songs for each sublist with \`/label layer:${layer.name}\`${adopted ? ' (or `/import` what the playlists hold)' : ''}, then \`/train\`: the layer sorts once it has a trained model.`
      : // A model trained before knows nothing of it: only answers put songs there until one is.
        `Until the model has learned it, a sort puts in it only the songs you answered for it: answer a few with \`/label layer:${layer.name}\`${adopted ? ' (or `/import` what the playlist holds)' : ''}, then \`/train\`.`;

export const sublistAddedView = (added: SublistAdded): View => ({
  content:
    (added.adopted
      ? `Sublist **${added.sublist.name}** added to **${added.layer.name}**, backed by your existing playlist.`
      : `Sublist **${added.sublist.name}** added to **${added.layer.name}** with a new private playlist of that name.`) +
    `\n${sublistNextStep(added)}`,
  embeds: [],
  components: [],
});

const nowWaitingLine = (nowWaiting: number, layerName: string): string =>
  nowWaiting === 0
    ? ''
    : `\n${nowWaiting === 1 ? 'One song was' : `${nowWaiting} songs were`} in none of the other sublists by ${nowWaiting === 1 ? 'its' : 'their'} answer, which a complete layer does not allow: ${nowWaiting === 1 ? 'it waits' : 'they wait'} for a new answer (\`/label layer:${layerName}\` asks about ${nowWaiting === 1 ? 'it' : 'them'} first), and a \`/sort\` places ${nowWaiting === 1 ? 'it' : 'them'} only where the model is sure enough.`;

export const sublistRemovedView = ({
  layer,
  sublist,
  forgottenLabels,
  nowWaiting,
  detached,
}: SublistRemoved): View => ({
  content: clip(
    `Removed sublist **${sublist.name}** from **${layer.name}**${forgottenLabels > 0 ? ` and forgot ${forgottenLabels} labels that named only it` : ''}. Its Spotify playlist stays.` +
      nowWaitingLine(nowWaiting, layer.name) +
      detachedLine(detached.map((child) => ({ child, sublist: sublist.name }))),
    2000,
  ),
  embeds: [],
  components: [],
});

export const importResultView = (result: ImportResult): View => {
  const { name } = result.layer;
  if (result.perSublist.every((s) => s.tracks === 0) && result.unsortableItems === 0)
    return {
      content: clip(
        `Nothing to import into **${name}**: the playlists of its sublists (${result.perSublist.map((s) => s.name).join(', ')}) are empty. Answer songs with \`/label layer:${name}\` instead.`,
        2000,
      ),
      embeds: [],
      components: [],
    };
  const lines = [
    `Imported **${result.imported}** label${result.imported === 1 ? '' : 's'} into **${name}** from: ${result.perSublist.map((s) => `${s.name} (${s.tracks})`).join(', ')}.`,
  ];
  if (result.keptAnswers > 0) lines.push(`${result.keptAnswers} tracks kept the answer you gave by hand.`);
  if (result.conflicts > 0)
    lines.push(`${result.conflicts} tracks sit in several sublists of this mutual layer: not labeled.`);
  if (result.outsideMotherlist > 0)
    lines.push(`${result.outsideMotherlist} sublist tracks are not in the motherlist: ignored.`);
  if (result.unsortableItems > 0)
    lines.push(
      `${result.unsortableItems} sublist items are local files, podcast episodes or no longer available: not songs Motherlist sorts, left where they are.`,
    );
  return { content: clip(lines.join('\n'), 2000), embeds: [], components: [] };
};
