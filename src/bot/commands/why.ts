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
    const userId = interaction.user.id;
    const { layer, sublists } = await services.layers.requireWithSublists(
      userId,
      interaction.options.getString('layer', true),
    );
    const explanation = await services.explainer.explain(
      userId,
      layer,
      interaction.options.getString('track', true),
    );
    const unlisted = await services.layers.unlistedAmong(userId, sublists);
    await interaction.editReply(
      whyView(layer.name, explanation, {
        layerId: layer.id,
        complete: layer.mode.complete,
        sublists: sublists.map(({ id, name }) => ({ id, name })),
        unlistedSublistIds: unlisted.map((s) => s.id),
      }),
    );
  },
  autocomplete: autocompleteNames,
} satisfies SlashCommand;
