import {
  MessageFlags,
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
  type SlashCommandStringOption,
} from 'discord.js';
import type { BotContext } from './bot-services.js';
import type { PlaylistChoice } from '../services/layers/playlist-choices.js';
import { clip } from './views/view.js';

export const layerOption = (
  option: SlashCommandStringOption,
  description = 'The layer',
): SlashCommandStringOption =>
  option
    .setName('layer')
    .setDescription(description)
    .setRequired(true)
    .setAutocomplete(true)
    .setMaxLength(100);

export const sublistOption = (
  option: SlashCommandStringOption,
  description = 'The sublist',
): SlashCommandStringOption =>
  option
    .setName('sublist')
    .setDescription(description)
    .setRequired(true)
    .setAutocomplete(true)
    .setMaxLength(100);

/** Discord's limits on an autocomplete answer: its choices, and a choice's name. */
const CHOICES_MAX = 25;
const CHOICE_NAME_MAX = 100;

/** A playlist choice as Discord shows it: the name, clipped so that its id hint still fits. */
const playlistChoice = ({ name, value, idHint }: PlaylistChoice) => {
  const hint = idHint === undefined ? '' : ` (${idHint}…)`;
  return { name: `${clip(name || 'Untitled playlist', CHOICE_NAME_MAX - hint.length)}${hint}`, value };
};

/**
 * Autocomplete for `layer`, `sublist`, `motherlist` and `playlist` options, shared by every command
 * that has them.
 */
export const autocompleteNames = async (
  interaction: AutocompleteInteraction,
  { services }: BotContext,
): Promise<void> => {
  const focused = interaction.options.getFocused(true);
  const userId = interaction.user.id;
  if (focused.name === 'motherlist' || focused.name === 'playlist') {
    const choices =
      focused.name === 'motherlist'
        ? await services.layers.motherlistChoices(userId, focused.value)
        : await services.sublists.playlistChoices(
            userId,
            interaction.options.getString('layer') ?? '',
            focused.value,
          );
    // A playlist is chosen by its id: its name, which Spotify lets run longer, is only shown.
    await interaction.respond(choices.slice(0, CHOICES_MAX).map(playlistChoice));
    return;
  }
  let names: string[] = [];
  if (focused.name === 'layer') names = await services.layers.names(userId, focused.value);
  if (focused.name === 'sublist') {
    const layerName = interaction.options.getString('layer') ?? '';
    names = await services.sublists.names(userId, layerName, focused.value);
  }
  await interaction.respond(names.slice(0, CHOICES_MAX).map((name) => ({ name, value: name })));
};

export const deferEphemeral = (interaction: ChatInputCommandInteraction) =>
  interaction.deferReply({ flags: MessageFlags.Ephemeral });
