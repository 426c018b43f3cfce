import { SlashCommandBuilder } from 'discord.js';
import { autocompleteNames, layerOption } from '../command-helpers.js';
import { withinDeadline } from '../respond.js';
import { resultReplyOptions } from '../result-visibility.js';
import type { SlashCommand } from '../slash-command.js';
import { trainProgressView, trainResultView } from '../views/model.view.js';
import type { TrainProgress } from '../../services/model-ports.js';

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
    // Every refusal comes before the progress message (public when the user chose public results):
    // none of them is left behind in public.
    const check = async () => {
      const found = await services.layers.require(userId, interaction.options.getString('layer', true));
      await services.trainer.checkTrainable(found);
      return found;
    };
    const defer = async () =>
      interaction.deferReply(resultReplyOptions(interaction, await services.settings.get(userId)));
    const { value: layer, acknowledged } = await withinDeadline(check(), defer);
    if (!acknowledged) await defer();
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
