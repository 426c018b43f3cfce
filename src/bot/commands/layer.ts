import { MessageFlags, SlashCommandBuilder } from 'discord.js';
import { autocompleteNames, deferEphemeral, layerOption } from '../command-helpers.js';
import { withinDeadline } from '../respond.js';
import type { SlashCommand } from '../slash-command.js';
import { confirmLayerDeleteView, layerCreatedView, layerListView } from '../views/layer.view.js';

export default {
  data: new SlashCommandBuilder()
    .setName('layer')
    .setDescription('Create, list or delete layers')
    .addSubcommand((sub) =>
      sub
        .setName('create')
        .setDescription('A new layer: a motherlist, sublists to come, and a mode')
        .addStringOption((o) =>
          o.setName('name').setDescription('Its name').setRequired(true).setMaxLength(50),
        )
        .addBooleanOption((o) =>
          o.setName('mutual').setDescription('Each track in at most one sublist').setRequired(true),
        )
        .addBooleanOption((o) =>
          o
            .setName('complete')
            .setDescription('Each track in at least one sublist (no void)')
            .setRequired(true),
        )
        .addStringOption((o) =>
          o
            .setName('motherlist')
            .setDescription('Liked Songs (default), another layer’s sublist, or a playlist you own')
            .setAutocomplete(true)
            .setMaxLength(200),
        ),
    )
    .addSubcommand((sub) => sub.setName('list').setDescription('Your layers'))
    .addSubcommand((sub) =>
      sub
        .setName('delete')
        .setDescription('Delete a layer with its labels and models')
        .addStringOption((o) => layerOption(o)),
    )
    .toJSON(),
  async execute(interaction, { services }) {
    const userId = interaction.user.id;
    switch (interaction.options.getSubcommand()) {
      case 'create': {
        await deferEphemeral(interaction);
        const overview = await services.layers.create(userId, {
          name: interaction.options.getString('name', true),
          motherlist: interaction.options.getString('motherlist') ?? undefined,
          mutual: interaction.options.getBoolean('mutual', true),
          complete: interaction.options.getBoolean('complete', true),
        });
        await interaction.editReply(layerCreatedView(overview));
        return;
      }
      case 'list': {
        await deferEphemeral(interaction);
        await interaction.editReply(layerListView(await services.layers.listLinked(userId)));
        return;
      }
      case 'delete': {
        const { value: deletion, acknowledged } = await withinDeadline(
          services.layers.forDeletion(userId, interaction.options.getString('layer', true)),
          () => deferEphemeral(interaction),
        );
        if (acknowledged) await interaction.editReply(confirmLayerDeleteView(deletion));
        else await interaction.reply({ ...confirmLayerDeleteView(deletion), flags: MessageFlags.Ephemeral });
        return;
      }
    }
  },
  autocomplete: autocompleteNames,
} satisfies SlashCommand;
