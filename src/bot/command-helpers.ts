import {
  MessageFlags,
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
  type SlashCommandStringOption,
} from 'discord.js';
import type { BotContext } from './bot-services.js';
import type { MotherlistChoice } from '../services/layers/motherlist-reference.js';
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

/** Discord's limit on a choice's name. */
const CHOICE_NAME_MAX = 100;

/** A motherlist choice as Discord shows it: the name, clipped so that its id hint still fits. */
const motherlistChoice = ({ name, value, idHint }: MotherlistChoice) => {
  const hint = idHint === undefined ? '' : ` (${idHint}…)`;
  return { name: `${clip(name || 'Untitled playlist', CHOICE_NAME_MAX - hint.length)}${hint}`, value };
};

/** Autocomplete for `layer`, `sublist` and `motherlist` options, shared by every command that has them. */
export const autocompleteNames = async (
  interaction: AutocompleteInteraction,
  { services }: BotContext,
): Promise<void> => {
  const focused = interaction.options.getFocused(true);
  const userId = interaction.user.id;
  if (focused.name === 'motherlist') {
    const choices = await services.layers.motherlistChoices(userId, focused.value);
    // A playlist is chosen by its id: its name, which Spotify lets run longer, is only shown.
    await interaction.respond(choices.slice(0, 25).map(motherlistChoice));
    return;
  }
  let names: string[] = [];
  if (focused.name === 'layer') names = await services.layers.names(userId, focused.value);
  if (focused.name === 'sublist') {
    const layerName = interaction.options.getString('layer') ?? '';
    names = await services.sublists.names(userId, layerName, focused.value);
  }
  await interaction.respond(names.slice(0, 25).map((name) => ({ name, value: name })));
};

export const deferEphemeral = (interaction: ChatInputCommandInteraction) =>
  interaction.deferReply({ flags: MessageFlags.Ephemeral });
