import { SlashCommandBuilder } from 'discord.js';
import { autocompleteNames, deferEphemeral, layerOption, sublistOption } from '../command-helpers.js';
import type { SlashCommand } from '../slash-command.js';
import { sublistAddedView, sublistRemovedView } from '../views/layer.view.js';

export default {
  data: new SlashCommandBuilder()
    .setName('sublist')
    .setDescription('Add or remove a layer’s sublists')
    .addSubcommand((sub) =>
      sub
        .setName('add')
        .setDescription('A new private playlist, or one you own')
        .addStringOption((o) => layerOption(o))
        .addStringOption((o) =>
          o.setName('name').setDescription('The sublist’s name').setRequired(true).setMaxLength(40),
        )
        .addStringOption((o) =>
          o
            .setName('playlist')
            .setDescription('Adopt a playlist you own (link or name) instead of creating one')
            .setAutocomplete(true)
            .setMaxLength(200),
        ),
    )
    .addSubcommand((sub) =>
      sub
        .setName('remove')
        .setDescription('Remove a sublist (its Spotify playlist stays)')
        .addStringOption((o) => layerOption(o))
        .addStringOption((o) => sublistOption(o)),
    )
    .toJSON(),
  async execute(interaction, { services }) {
    const userId = interaction.user.id;
    await deferEphemeral(interaction);
    const layerName = interaction.options.getString('layer', true);
    if (interaction.options.getSubcommand() === 'add') {
      const added = await services.sublists.add(
        userId,
        layerName,
        interaction.options.getString('name', true),
        interaction.options.getString('playlist') ?? undefined,
      );
      await interaction.editReply(sublistAddedView(added));
      return;
    }
    const removed = await services.sublists.remove(
      userId,
      layerName,
      interaction.options.getString('sublist', true),
    );
    await interaction.editReply(sublistRemovedView(removed));
  },
  autocomplete: autocompleteNames,
} satisfies SlashCommand;
