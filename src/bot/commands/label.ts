import { SlashCommandBuilder } from 'discord.js';
import { autocompleteNames, layerOption } from '../command-helpers.js';
import { postFirstStep } from '../label-flow.js';
import type { SlashCommand } from '../slash-command.js';

export default {
  data: new SlashCommandBuilder()
    .setName('label')
    .setDescription('Label tracks of a layer by pressing buttons (continues your open session)')
    .addStringOption((o) => layerOption(o))
    .toJSON(),
  async execute(interaction, { services }) {
    // Public: the label messages live in the channel, so a session outlives this interaction's token.
    await interaction.deferReply();
    const step = await services.labelSessions.start(
      interaction.user.id,
      interaction.options.getString('layer', true),
      interaction.channelId,
    );
    await postFirstStep(interaction, step, services.labelSessions);
  },
  autocomplete: autocompleteNames,
} satisfies SlashCommand;
