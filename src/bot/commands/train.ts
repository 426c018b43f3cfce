import { SlashCommandBuilder } from 'discord.js';
import { autocompleteNames, layerOption } from '../command-helpers.js';
import { withinDeadline } from '../respond.js';
import { resultReplyOptions } from '../result-visibility.js';
import type { SlashCommand } from '../slash-command.js';
import { trainProgressView } from '../views/model.view.js';

export default {
  data: new SlashCommandBuilder()
    .setName('train')
    .setDescription('Train the layer’s model on your labels')
    .addStringOption((o) => layerOption(o))
    .toJSON(),
  async execute(interaction, { services }) {
    const userId = interaction.user.id;
    const { trainings } = services;
    if (!trainings) throw new Error('this process was built without the job queue that runs /train');
    // Every refusal comes before the progress message (public when the user chose public results):
    // none of them is left behind in public.
    const check = async () => {
      const found = await services.layers.require(userId, interaction.options.getString('layer', true));
      await services.trainer.checkTrainable(found);
      await trainings.ensureIdle(found);
      return found;
    };
    let replyOptions: ReturnType<typeof resultReplyOptions> = {};
    const defer = async () => {
      replyOptions = resultReplyOptions(interaction, await services.settings.get(userId));
      await interaction.deferReply(replyOptions);
    };
    const { value: layer, acknowledged } = await withinDeadline(check(), defer);
    if (!acknowledged) await defer();
    await interaction.editReply(trainProgressView(layer.name, { fraction: 0, stage: 'queued' }));
    // The job edits this message from whichever process trains, and posts the result into it.
    await trainings.request(userId, layer, {
      applicationId: interaction.applicationId,
      interactionToken: interaction.token,
      issuedAt: interaction.createdTimestamp,
      private: replyOptions.flags !== undefined,
      channelId: interaction.channelId,
    });
  },
  autocomplete: autocompleteNames,
} satisfies SlashCommand;
