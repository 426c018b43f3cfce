import { SlashCommandBuilder } from 'discord.js';
import { autocompleteNames, deferEphemeral, layerOption } from '../command-helpers.js';
import type { SlashCommand } from '../slash-command.js';
import { importResultView } from '../views/layer.view.js';

export default {
  data: new SlashCommandBuilder()
    .setName('import')
    .setDescription('Turn what your sublists already hold into labels')
    .addStringOption((o) => layerOption(o))
    .toJSON(),
  async execute(interaction, { services }) {
    await deferEphemeral(interaction);
    const result = await services.importLabels.importInto(
      interaction.user.id,
      interaction.options.getString('layer', true),
    );
    await interaction.editReply(importResultView(result));
  },
  autocomplete: autocompleteNames,
} satisfies SlashCommand;
