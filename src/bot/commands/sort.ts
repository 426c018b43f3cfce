import { MessageFlags, SlashCommandBuilder } from 'discord.js';
import { autocompleteNames, layerOption } from '../command-helpers.js';
import { withinDeadline } from '../respond.js';
import { answerDeferred, deferPrivately, postsInChannel, resultReplyOptions } from '../result-visibility.js';
import { renderChartFile } from '../run-chart-file.js';
import type { SlashCommand } from '../slash-command.js';
import { sortEverythingConfirmView, sortSummaryPost } from '../views/model.view.js';

export default {
  data: new SlashCommandBuilder()
    .setName('sort')
    .setDescription('Sort the layer’s motherlist into its sublists with the trained model')
    .addStringOption((o) => layerOption(o))
    .addBooleanOption((o) => o.setName('dry_run').setDescription('Show the plan without changing Spotify'))
    .addBooleanOption((o) =>
      o
        .setName('everything')
        .setDescription('Place every song as the model guesses, sure or not (asks you to confirm first)'),
    )
    .toJSON(),
  async execute(interaction, { services, logger }) {
    const userId = interaction.user.id;
    const dryRun = interaction.options.getBoolean('dry_run') ?? false;
    const everything = interaction.options.getBoolean('everything') ?? false;
    // The warning before placing everything is a question to the user alone: never public, and
    // its button is theirs; the summary after their press follows public_results.
    const confirming = everything && !dryRun;
    const check = services.layers.requireSortable(userId, interaction.options.getString('layer', true));
    // Deferred privately: a refusal found on the way is never shown in the channel, and a public
    // summary is posted as a message of its own.
    const { value: found, acknowledged } = await withinDeadline(check, () => deferPrivately(interaction));
    if (!acknowledged) await deferPrivately(interaction);
    const { layer, sublists } = found;
    if (confirming) {
      // Nothing is written before the user saw how many placements are expected to be wrong.
      const plan = await services.sorter.sort(userId, layer, { dryRun: true, everything: true });
      await interaction.editReply(sortEverythingConfirmView(layer.name, layer.id, plan));
      return;
    }
    const outcome = await services.sorter.sort(userId, layer, { dryRun, everything });
    const chart = await renderChartFile(services.charts, logger, userId, outcome.runId);
    const cycle = await services.layers.cycleOf(userId, layer);
    const visibility = resultReplyOptions(interaction, await services.settings.get(userId));
    const { summary, toUserAlone } = sortSummaryPost(
      layer.name,
      outcome,
      {
        layer: { layerId: layer.id, complete: layer.mode.complete, sublists },
        ...(chart ? { chartName: chart.name } : {}),
        ...(cycle ? { cycle } : {}),
      },
      postsInChannel(interaction, visibility),
    );
    await answerDeferred(interaction, { ...summary, ...(chart ? { files: [chart] } : {}) }, visibility);
    if (toUserAlone) await interaction.followUp({ content: toUserAlone, flags: MessageFlags.Ephemeral });
  },
  autocomplete: autocompleteNames,
} satisfies SlashCommand;
