import { SlashCommandBuilder } from 'discord.js';
import { autocompleteNames, layerOption } from '../command-helpers.js';
import { postFirstStep } from '../label-flow.js';
import { withinDeadline } from '../respond.js';
import type { SlashCommand } from '../slash-command.js';

export default {
  data: new SlashCommandBuilder()
    .setName('label')
    .setDescription('Label tracks of a layer by pressing buttons (continues your open session)')
    .addStringOption((o) => layerOption(o))
    .toJSON(),
  async execute(interaction, { services }) {
    const layerName = interaction.options.getString('layer', true);
    // Public: the label messages live in the channel, so a session outlives this interaction's token.
    const { acknowledged } = await withinDeadline(
      services.labelSessions.check(interaction.user.id, layerName),
      () => interaction.deferReply(),
    );
    if (!acknowledged) await interaction.deferReply();
    const step = await services.labelSessions.start(interaction.user.id, layerName, interaction.channelId);
    await postFirstStep(interaction, step, services.labelSessions);
  },
  autocomplete: autocompleteNames,
} satisfies SlashCommand;
