import { SlashCommandBuilder } from 'discord.js';
import { autocompleteNames, layerOption } from '../command-helpers.js';
import { withinDeadline } from '../respond.js';
import type { SlashCommand } from '../slash-command.js';
import { undoView } from '../views/model.view.js';

export default {
  data: new SlashCommandBuilder()
    .setName('undo')
    .setDescription('Revert the layer’s last sort')
    .addStringOption((o) => layerOption(o))
    .toJSON(),
  async execute(interaction, { services }) {
    const { value: layer, acknowledged } = await withinDeadline(
      services.layers.require(interaction.user.id, interaction.options.getString('layer', true)),
      () => interaction.deferReply(),
    );
    if (!acknowledged) await interaction.deferReply();
    const outcome = await services.sorter.undoLast(interaction.user.id, layer);
    await interaction.editReply(undoView(layer.name, outcome));
  },
  autocomplete: autocompleteNames,
} satisfies SlashCommand;
