import { SlashCommandBuilder } from 'discord.js';
import { autocompleteNames, deferEphemeral, layerOption } from '../command-helpers.js';
import type { SlashCommand } from '../slash-command.js';
import { undoView } from '../views/undo.view.js';

export default {
  data: new SlashCommandBuilder()
    .setName('undo')
    .setDescription('Revert the layer’s last sort or sync')
    .addStringOption((o) => layerOption(o))
    .toJSON(),
  async execute(interaction, { services }) {
    // Private from the first moment: "nothing to undo" and the result are the user's business alone.
    await deferEphemeral(interaction);
    const layer = await services.layers.require(
      interaction.user.id,
      interaction.options.getString('layer', true),
    );
    const outcome = await services.sorter.undoLast(interaction.user.id, layer);
    await interaction.editReply(undoView(outcome));
  },
  autocomplete: autocompleteNames,
} satisfies SlashCommand;
