import { SlashCommandBuilder } from 'discord.js';
import { autocompleteNames, deferEphemeral, layerOption } from '../command-helpers.js';
import type { SlashCommand } from '../slash-command.js';
import { whyView } from '../views/model.view.js';

export default {
  data: new SlashCommandBuilder()
    .setName('why')
    .setDescription('Why the model put a track where it did')
    .addStringOption((o) => layerOption(o))
    .addStringOption((o) =>
      o
        .setName('track')
        .setDescription('A Spotify track link, or “artist – title”')
        .setRequired(true)
        .setMaxLength(200),
    )
    .toJSON(),
  async execute(interaction, { services }) {
    await deferEphemeral(interaction);
    const layer = await services.layers.require(
      interaction.user.id,
      interaction.options.getString('layer', true),
    );
    const explanation = await services.explainer.explain(
      interaction.user.id,
      layer,
      interaction.options.getString('track', true),
    );
    await interaction.editReply(whyView(layer.name, explanation));
  },
  autocomplete: autocompleteNames,
} satisfies SlashCommand;
