import { SlashCommandBuilder } from 'discord.js';
import { UserError, UserErrorCode } from '../../services/errors.js';
import { autocompleteNames, layerOption } from '../command-helpers.js';
import { withinDeadline } from '../respond.js';
import { resultReplyOptions } from '../result-visibility.js';
import { renderChartFile } from '../run-chart-file.js';
import type { SlashCommand } from '../slash-command.js';
import { sortSummaryView } from '../views/model.view.js';

export default {
  data: new SlashCommandBuilder()
    .setName('sort')
    .setDescription('Sort the layer’s motherlist into its sublists with the trained model')
    .addStringOption((o) => layerOption(o))
    .addBooleanOption((o) => o.setName('dry_run').setDescription('Show the plan without changing Spotify'))
    .toJSON(),
  async execute(interaction, { services, logger }) {
    const userId = interaction.user.id;
    const check = async () => {
      const found = await services.layers.requireWithLibrary(
        userId,
        interaction.options.getString('layer', true),
      );
      if (found.sublists.length === 0) {
        throw new UserError(
          UserErrorCode.NoSublists,
          `Layer “${found.layer.name}” has no sublists yet: \`/sublist add\` first.`,
        );
      }
      if ((await services.labels.count(found.layer.id)) === 0) {
        throw new UserError(
          UserErrorCode.NoLabels,
          `Layer “${found.layer.name}” has no labels yet, so there is nothing to learn from: \`/label\` or \`/import\`, then \`/train\`.`,
        );
      }
      return found;
    };
    const defer = async () =>
      interaction.deferReply(resultReplyOptions(interaction, await services.settings.get(userId)));
    const { value: found, acknowledged } = await withinDeadline(check(), defer);
    if (!acknowledged) await defer();
    const { layer, sublists } = found;
    const dryRun = interaction.options.getBoolean('dry_run') ?? false;
    const outcome = await services.sorter.sort(userId, layer, { dryRun });
    const chart = await renderChartFile(services.charts, logger, userId, outcome.runId);
    const view = sortSummaryView(layer.name, outcome, {
      layer: { layerId: layer.id, complete: layer.mode.complete, sublists },
      ...(chart ? { chartName: chart.name } : {}),
    });
    await interaction.editReply({ ...view, ...(chart ? { files: [chart] } : {}) });
  },
  autocomplete: autocompleteNames,
} satisfies SlashCommand;
