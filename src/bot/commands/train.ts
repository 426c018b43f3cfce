import { SlashCommandBuilder } from 'discord.js';
import { autocompleteNames, layerOption } from '../command-helpers.js';
import { withinDeadline } from '../respond.js';
import { answerDeferred, deferPrivately, resultReplyOptions } from '../result-visibility.js';
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
    // Every refusal comes before the progress message (public when the user chose public results).
    const check = async () => {
      const found = await services.layers.require(userId, interaction.options.getString('layer', true));
      await services.trainer.checkTrainable(found);
      await trainings.ensureIdle(found);
      return found;
    };
    // Deferred privately: no refusal is shown in the channel; a public progress message is posted
    // as a message of its own once the checks passed.
    const { value: layer, acknowledged } = await withinDeadline(check(), () => deferPrivately(interaction));
    if (!acknowledged) await deferPrivately(interaction);
    const replyOptions = resultReplyOptions(interaction, await services.settings.get(userId));
    const { message, posted } = await answerDeferred(
      interaction,
      trainProgressView(layer.name, { fraction: 0, stage: 'queued' }),
      replyOptions,
    );
    // The job edits this message from whichever process trains, and posts the result into it.
    await trainings
      .request(userId, layer, {
        applicationId: interaction.applicationId,
        interactionToken: interaction.token,
        issuedAt: interaction.createdTimestamp,
        private: replyOptions.flags !== undefined,
        channelId: interaction.channelId,
        ...(posted ? { messageId: message.id } : {}),
      })
      .catch(async (error: unknown) => {
        // Refused after the checks (a second /train at the same moment): a public progress message
        // would stay "queued" in the channel for a training that never runs. It goes; the answer
        // comes privately.
        if (posted) await interaction.deleteReply(message).catch(() => undefined);
        throw error;
      });
  },
  autocomplete: autocompleteNames,
} satisfies SlashCommand;
