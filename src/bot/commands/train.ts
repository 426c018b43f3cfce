import { SlashCommandBuilder } from 'discord.js';
import { autocompleteNames, layerOption } from '../command-helpers.js';
import { withinDeadline } from '../respond.js';
import type { SlashCommand } from '../slash-command.js';
import { trainProgressView, trainResultView } from '../views/model.view.js';
import type { TrainProgress } from '../../services/model-ports.js';
import { UserError, UserErrorCode } from '../../services/errors.js';

/** Progress edits at most this often: Discord rate-limits message edits. */
const PROGRESS_EDIT_INTERVAL_MS = 1_500;

export default {
  data: new SlashCommandBuilder()
    .setName('train')
    .setDescription('Train the layer’s model on your labels')
    .addStringOption((o) => layerOption(o))
    .toJSON(),
  async execute(interaction, { services, logger }) {
    const userId = interaction.user.id;
    const check = async () => {
      const found = await services.layers.require(userId, interaction.options.getString('layer', true));
      if ((await services.labels.count(found.id)) === 0) {
        throw new UserError(
          UserErrorCode.NoLabels,
          `Layer “${found.name}” has no labels yet: \`/label\` or \`/import\` first.`,
        );
      }
      return found;
    };
    const { value: layer, acknowledged } = await withinDeadline(check(), () => interaction.deferReply());
    if (!acknowledged) await interaction.deferReply();
    await interaction.editReply(trainProgressView(layer.name, { fraction: 0, stage: 'starting' }));
    let lastEdit = Date.now();
    let pending: Promise<unknown> = Promise.resolve();
    const onProgress = (progress: TrainProgress) => {
      if (Date.now() - lastEdit < PROGRESS_EDIT_INTERVAL_MS) return;
      lastEdit = Date.now();
      pending = pending
        .then(() => interaction.editReply(trainProgressView(layer.name, progress)))
        .catch((error: unknown) => logger.debug({ err: error }, 'progress edit failed'));
    };
    const outcome = await services.trainer.train(userId, layer, onProgress);
    await pending;
    await interaction.editReply(trainResultView(layer.name, outcome));
  },
  autocomplete: autocompleteNames,
} satisfies SlashCommand;
